// Who sends a scheduling command. The write API resolves, before the command reaches the
// aggregate, whether the actor may act for the patient (the patient themself, a substitute
// decision-maker, or staff acting within consent). The aggregate only enforces that decision.

import { ForbiddenError } from '../shared/errors';

export type ActorRole = 'patient' | 'provider' | 'admin' | 'system';

export interface Actor {
  id: string;
  role: ActorRole;
}

/** Throws a ForbiddenError unless the actor is the patient or was granted the right to act for them. */
export function assertMayActForPatient(
  actor: Actor,
  patientId: string,
  mayActForPatient: boolean,
  action: string,
): void {
  const isThePatient = actor.role === 'patient' && actor.id === patientId;
  if (isThePatient || mayActForPatient) {
    return;
  }

  throw new ForbiddenError(
    `${actor.role} ${actor.id} may not ${action} for patient ${patientId}; ` +
      'the patient must grant a delegation or consent before someone else acts for them',
    [],
    { actorId: actor.id, patientId },
  );
}
