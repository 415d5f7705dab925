// Several triage commands decided as one: each on the state the previous ones left, and all
// their events appended together, so a request with one bad answer among five stores none.

import { triageSessionDecider, type TriageCommand, type TriageEvent, type TriageSession } from '../../domain/triage';
import type { Decider } from '../../domain/shared/decider';

export const triageBatchDecider: Decider<TriageSession, readonly TriageCommand[], TriageEvent> = {
  initialState: triageSessionDecider.initialState,
  evolve: triageSessionDecider.evolve,
  decide: (state, commands) => decideInOrder(state, commands).events,
};

/** Decides the commands in order and returns their events and the state they lead to. */
export function decideInOrder(state: TriageSession, commands: readonly TriageCommand[]): { events: TriageEvent[]; state: TriageSession } {
  const events: TriageEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = triageSessionDecider.decide(current, command);
    current = decided.reduce(triageSessionDecider.evolve, current);
    events.push(...decided);
  }
  return { events, state: current };
}
