import type { Actor } from '../../domain/scheduling';

/**
 * The sender of a scheduling command and the patients it may act for. The write API builds it
 * (see write-api/scheduling/acting-party.factory.ts); handlers pass `mayActFor(patientId)` to
 * the aggregates, which enforce it.
 */
export interface ActingParty {
  actor: Actor;
  mayActFor(patientId: string): boolean;
}
