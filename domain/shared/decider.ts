// The shape every aggregate takes: a pure decide and a pure evolve. The current time and new
// ids arrive inside the command, so both functions are deterministic and tests need no clock.

import type { DomainEvent } from './events';

export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: () => State;
  /** Returns the events the command causes, or throws a DomainError and changes nothing. */
  decide: (state: State, command: Command) => Event[];
  evolve: (state: State, event: Event) => State;
}

/** Folds a stream's events into the aggregate's state. */
export function foldEvents<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  events: readonly Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}

/** Compile-time exhaustiveness check for the default branch of a switch over a union. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
