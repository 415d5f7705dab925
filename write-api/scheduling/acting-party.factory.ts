import type { Request } from 'express';

import type { ActingParty } from '../../commands/scheduling/acting-party';
import type { CommandContext } from '../../commands/shared/command-context';
import type { ActorRole } from '../../domain/scheduling';
import { principalOf } from '../../infra/auth/principal';

// Who may act for which patient in scheduling, from the signed-in principal that the access guard
// put on the request. A patient acts for themself, and a provider or an admin for any patient,
// because a provider books the patients they refer and that booking starts a care relationship.
// Analysts, auditors and callers without a principal act for nobody.

export function actingPartyFrom(request: Request, context: CommandContext): ActingParty {
  const principal = principalOf(request);
  const role = principal ? schedulingRoleOf(principal.role) : undefined;

  if (!principal || !role) {
    return { actor: { id: context.actor.id, role: 'patient' }, mayActFor: () => false };
  }
  if (role === 'patient') {
    return { actor: { id: principal.subject, role }, mayActFor: (patientId) => patientId === principal.patientId };
  }
  return { actor: { id: principal.subject, role }, mayActFor: () => true };
}

function schedulingRoleOf(role: string): Exclude<ActorRole, 'system'> | undefined {
  if (role === 'patient' || role === 'provider' || role === 'admin') return role;
  return undefined;
}
