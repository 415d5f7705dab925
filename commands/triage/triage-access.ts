// Access decisions for triage sessions. A sign-in check will go here, and the handlers and the
// read endpoint already call it.

import type { TriageSession } from '../../domain/triage';
import type { EscalationRequester } from '../../domain/triage';
import type { Actor } from '../../infra/event-store/event-store.port';

/**
 * Tells whether the actor may answer, escalate or read the session.
 * NOTE: sign-in does not exist yet, so every actor may act on every session; anyone who knows
 * a session id can read its assessment.
 */
export function mayActForTriageSession(actor: Actor, session: TriageSession): boolean {
  return actor.id.length > 0 && session.sessionId !== null;
}

/** Records who asked for a person: clinicians and services by their role, everyone else as the patient. */
export function escalationRequesterFor(actor: Actor): EscalationRequester {
  if (actor.role === 'clinician' || actor.role === 'provider') return 'clinician';
  if (actor.role === 'system') return 'system';
  return 'patient';
}
