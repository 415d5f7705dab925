import { NotFoundError } from '../../domain/shared/errors';
import { uuidFromName } from '../../infra/event-store/uuid';
import type { SqlExecutor } from '../../infra/sql/sql-client';

/** A patient's monitoring stream: every plan, check-in, dose and escalation of the patient. */
export const monitoringStream = (patientId: string) => `monitoring-${patientId}`;

/** A journey monitors a condition once, so the plan id is derived from the two. */
export const monitoringPlanId = (journeyId: string, condition: string) => uuidFromName(`monitoring-plan/${journeyId}/${condition}`);

/** Extracts the plan id from a plan check-in id (`<planId>.<sequence>`). */
export function planIdOfCheckIn(checkInId: string): string | undefined {
  const match = /^([0-9a-f-]{36})\.(\d+)$/.exec(checkInId);
  return match?.[1];
}

export function sequenceOfCheckIn(checkInId: string): number {
  return Number(checkInId.slice(checkInId.lastIndexOf('.') + 1));
}

/**
 * Finds the patient a check-in belongs to from rm_monitoring.plans. A check-in is sent a schedule
 * interval after its plan started, long after the projection has the plan, so a check-in id a
 * patient received is always found.
 */
export async function patientOfCheckIn(sql: SqlExecutor, checkInId: string): Promise<string> {
  const planId = planIdOfCheckIn(checkInId);
  const { rows } = planId
    ? await sql.query<{ patient_id: string }>('select patient_id from rm_monitoring.plans where plan_id = $1', [planId])
    : { rows: [] };
  const patientId = rows[0]?.patient_id;
  if (!patientId) {
    throw new NotFoundError(`check-in ${checkInId} was not found; check the id in the message you received`);
  }
  return patientId;
}
