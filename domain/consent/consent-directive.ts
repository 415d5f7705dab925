import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import type { ConsentCategory, ConsentDirectiveRecorded, ConsentEvent } from './consent-events';

// The consent aggregate: a patient's directives. Only the patient records or revokes their own.
// Two active directives with the same category and provider would duplicate each other, so the
// second is a conflict.

export interface ConsentActor {
  id: string;
  /** The patient the actor is, when the actor is a patient. */
  patientId: string | undefined;
}

export type ConsentCommand =
  | {
      type: 'RecordConsentDirective';
      data: { directiveId: string; patientId: string; category: ConsentCategory; providerId: string | null; note: string | null; recordedAt: string };
      actor: ConsentActor;
    }
  | { type: 'RevokeConsentDirective'; data: { directiveId: string; patientId: string; revokedAt: string }; actor: ConsentActor };

export interface ActiveDirective {
  directiveId: string;
  category: ConsentCategory;
  providerId: string | null;
}

export interface ConsentState {
  active: Map<string, ActiveDirective>;
  revoked: Set<string>;
}

export const consentDecider: Decider<ConsentState, ConsentCommand, ConsentEvent> = {
  initialState: () => ({ active: new Map(), revoked: new Set() }),

  decide(state, command) {
    if (command.actor.patientId !== command.data.patientId) {
      throw new ForbiddenError(`only patient ${command.data.patientId} may change their own consent directives`);
    }

    switch (command.type) {
      case 'RecordConsentDirective':
        return [recordDirective(state, command.data, command.actor)];
      case 'RevokeConsentDirective': {
        const { directiveId, patientId, revokedAt } = command.data;
        if (state.revoked.has(directiveId)) {
          throw new ConflictError(`consent directive ${directiveId} was already revoked`);
        }
        if (!state.active.has(directiveId)) {
          throw new NotFoundError(`consent directive ${directiveId} was not found for this patient`);
        }
        return [{ type: 'ConsentDirectiveRevoked', data: { directiveId, patientId, revokedAt, revokedBy: command.actor.id } }];
      }
      default:
        return assertNever(command, 'consent command');
    }
  },

  evolve(state, event) {
    const active = new Map(state.active);
    const revoked = new Set(state.revoked);
    switch (event.type) {
      case 'ConsentDirectiveRecorded':
        active.set(event.data.directiveId, { directiveId: event.data.directiveId, category: event.data.category, providerId: event.data.providerId });
        break;
      case 'ConsentDirectiveRevoked':
        active.delete(event.data.directiveId);
        revoked.add(event.data.directiveId);
        break;
      default:
        return assertNever(event, 'consent event');
    }
    return { active, revoked };
  },
};

function recordDirective(
  state: ConsentState,
  data: Extract<ConsentCommand, { type: 'RecordConsentDirective' }>['data'],
  actor: ConsentActor,
): ConsentDirectiveRecorded {
  if (state.active.has(data.directiveId) || state.revoked.has(data.directiveId)) {
    throw new ConflictError(`consent directive ${data.directiveId} already exists; choose a new directiveId`);
  }
  const same = [...state.active.values()].find((directive) => directive.category === data.category && directive.providerId === data.providerId);
  if (same) {
    throw new ConflictError(`consent directive ${same.directiveId} already withholds ${data.category} from ${data.providerId ?? 'every provider'}`);
  }
  return { type: 'ConsentDirectiveRecorded', data: { ...data, recordedBy: actor.id } };
}
