import type { Request } from 'express';

import { journeyStreamId } from '../../domain/journeys';
import type { PatientLookup } from '../../infra/auth/phi-route';

/** @PhiRoute resolvePatient: the patient of the journey in :journeyId, from its first event. */
export async function journeyPatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  const journeyId = request.params.journeyId;
  if (typeof journeyId !== 'string' || journeyId === '') return undefined;
  const [started] = await lookup.store.readStream(journeyStreamId(journeyId), { maxCount: 1 });
  const patientId = (started?.data as { patientId?: unknown } | undefined)?.patientId;
  return typeof patientId === 'string' ? patientId : undefined;
}

/** @PhiRoute resolvePatient: the patient of the ride in :rideId, from its request. */
export async function ridePatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  const rideId = request.params.rideId;
  if (typeof rideId !== 'string' || rideId === '') return undefined;
  const [requested] = await lookup.store.readStream(`ride-${rideId}`, { maxCount: 1 });
  const patientId = (requested?.data as { patientId?: unknown } | undefined)?.patientId;
  return typeof patientId === 'string' ? patientId : undefined;
}
