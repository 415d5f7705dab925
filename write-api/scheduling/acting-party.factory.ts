import type { Request } from 'express';

import type { ActingParty } from '../../commands/scheduling/acting-party';
import type { CommandContext } from '../../commands/shared/command-context';
import { ForbiddenError, ValidationError } from '../../domain/shared/errors';

// The seam where sign-in will decide who may act for which patient. Until it exists:
//
// - outside production, a request with `X-Acting-Patient-Id: <patientId>` acts as that patient,
//   who may act only for themself;
// - outside production, a request without the header acts as the development operator, who may
//   act for any patient (the demo screens rely on this);
// - in production the header is rejected and nobody may act for a patient.
//
// NOTE: outside production anyone who reaches the port can book, move or cancel any patient's
// appointment. Sign-in must replace this function before real patients use the product.

export const ACTING_PATIENT_HEADER = 'x-acting-patient-id';
const PATIENT_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function actingPartyFrom(request: Request, context: CommandContext, environment: 'development' | 'test' | 'production'): ActingParty {
  const actingPatient = request.header(ACTING_PATIENT_HEADER);

  if (actingPatient !== undefined) {
    if (environment === 'production') {
      throw new ForbiddenError('the X-Acting-Patient-Id header is accepted only in development; sign in instead');
    }
    if (!PATIENT_ID.test(actingPatient)) {
      throw ValidationError.forField('X-Acting-Patient-Id', 'must be a patient id: 1 to 64 letters, digits, "-" or "."');
    }
    return { actor: { id: actingPatient, role: 'patient' }, mayActFor: (patientId) => patientId === actingPatient };
  }

  if (environment === 'production') {
    return { actor: { id: context.actor.id, role: 'patient' }, mayActFor: () => false };
  }
  return { actor: { id: context.actor.id, role: 'admin' }, mayActFor: () => true };
}
