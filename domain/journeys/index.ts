// Public surface of the care-journey process manager.

export { backoffMs } from './booking-steps';
export {
  DEFAULT_JOURNEY_POLICY,
  initialJourneyState,
  rideIdFor,
  timerIdFor,
  type JourneyPhase,
  type JourneyPolicy,
  type JourneyState,
  type JourneyTally,
  type RideProgress,
  type RideStatus,
} from './journey-state';
export type {
  Acuity,
  CancelledBy,
  CoordinatorTaskReason,
  JourneyCommand,
  JourneyEvent,
  JourneyOutcome,
  TaskPriority,
  TimerPurpose,
} from './messages';
export { scoreOutcome, TIME_TO_CARE_TARGET_HOURS, type OutcomeFacts } from './outcome-score';
export { evolveJourney, handleJourneyEvent, reactToJourneyEvent, type JourneyStep } from './process-manager';
export * from './journey-events';
