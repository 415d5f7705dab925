// Who asked for a triage escalation. Who may act on a session at all is decided before a command
// is sent: every triage route is a PHI route, so the access guard lets through only the patient,
// a provider in their care, or break-glass (infra/auth/access-policy.ts).

import type { EscalationRequester } from '../../domain/triage';
import type { Actor } from '../../infra/event-store/event-store.port';

/** Records who asked for a person: clinicians and services by their role, everyone else as the patient. */
export function escalationRequesterFor(actor: Actor): EscalationRequester {
  if (actor.role === 'clinician' || actor.role === 'provider') return 'clinician';
  if (actor.role === 'system') return 'system';
  return 'patient';
}
