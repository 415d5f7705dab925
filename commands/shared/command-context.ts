import type { Actor } from '../../infra/event-store/event-store.port';

/**
 * What every command carries besides its data. `commandId` is the client's idempotency key:
 * the same id twice stores the events once.
 */
export interface CommandContext {
  commandId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  /** The moment the command was accepted; domain decisions use it instead of a clock. */
  receivedAt: string;
}
