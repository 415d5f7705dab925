import type { Request } from 'express';

import { planIdOfCheckIn } from '../../commands/monitoring/monitoring-streams';
import type { PatientLookup } from '../../infra/auth/phi-route';

/** @PhiRoute resolvePatient: the patient of the check-in in the :checkInId path parameter, from rm_monitoring.plans. */
export async function checkInPatient(request: Request, lookup: PatientLookup): Promise<string | undefined> {
  const checkInId = request.params.checkInId;
  const planId = typeof checkInId === 'string' ? planIdOfCheckIn(checkInId) : undefined;
  if (!planId) return undefined;
  const { rows } = await lookup.sql.query<{ patient_id: string }>('select patient_id from rm_monitoring.plans where plan_id = $1', [planId]);
  return rows[0]?.patient_id;
}
