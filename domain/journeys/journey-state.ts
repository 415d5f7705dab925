// The care journey's state, its policy, and the helper that collects one reaction's commands.
// Every id is derived from the journey id and the step, so handling an event again yields the
// same ids and the command bus can drop the repeat.

import type { Acuity, JourneyCommand, JourneyOutcome, TimerPurpose } from './messages';

export type JourneyPhase = 'new' | 'emergency' | 'booking' | 'booked' | 'follow-up' | 'closed';

export type RideStatus = 'requested' | 'booked' | 'waiting-retry' | 'completed' | 'given-up' | 'cancelled';

export interface RideProgress {
  rideId: string;
  /** Index into JourneyPolicy.transportPartners. */
  partnerIndex: number;
  /** 1 for the first request to this partner. */
  attempt: number;
  status: RideStatus;
}

export interface JourneyTally {
  missedAppointments: number;
  providerCancellations: number;
  rideFailures: number;
  transportGivenUp: number;
  criticalEscalations: number;
  highEscalations: number;
  checkInsAnswered: number;
}

export interface JourneyState {
  journeyId: string | null;
  patientId: string | null;
  phase: JourneyPhase;
  acuity: Acuity | null;
  needsTransport: boolean;
  triagedAt: string | null;
  afterEmergency: boolean;
  appointment: { appointmentId: string; startsAt: string } | null;
  /** Every appointment this journey has booked; a released one is never taken back. */
  appointmentIds: string[];
  ride: RideProgress | null;
  /** Timers scheduled and neither fired nor cancelled. */
  pendingTimers: string[];
  seenEscalations: string[];
  careReachedAt: string | null;
  tally: JourneyTally;
  outcome: JourneyOutcome | null;
}

export interface JourneyPolicy {
  /** Transport partners in order of preference. */
  transportPartners: readonly string[];
  /** Requests to one partner, the first included, before moving to the next partner. */
  maxRideAttempts: number;
  /** Wait before the second request to a partner; each later wait doubles. */
  rideRetryBaseMs: number;
  /** A retry that could not start this long before the appointment goes to the next partner. */
  rideRetryCutoffMs: number;
  bookingDeadlineHours: Readonly<Record<Exclude<Acuity, 'critical'>, number>>;
  handoverCheckMinutes: number;
  reminderHoursBefore: number;
  attendanceGraceHours: number;
  rebookingDeadlineHours: number;
  followUpDays: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export const DEFAULT_JOURNEY_POLICY: JourneyPolicy = {
  transportPartners: ['sandbox-dispatcher'],
  maxRideAttempts: 3,
  rideRetryBaseMs: 2 * MINUTE_MS,
  rideRetryCutoffMs: 60 * MINUTE_MS,
  bookingDeadlineHours: { urgent: 4, routine: 72 },
  // Thirty minutes is a product choice, not a measured handover time: after it, a person checks
  // on the ambulance.
  handoverCheckMinutes: 30,
  reminderHoursBefore: 24,
  attendanceGraceHours: 2,
  rebookingDeadlineHours: 72,
  followUpDays: 14,
};

export function initialJourneyState(): JourneyState {
  return {
    journeyId: null,
    patientId: null,
    phase: 'new',
    acuity: null,
    needsTransport: false,
    triagedAt: null,
    afterEmergency: false,
    appointment: null,
    appointmentIds: [],
    ride: null,
    pendingTimers: [],
    seenEscalations: [],
    careReachedAt: null,
    tally: {
      missedAppointments: 0,
      providerCancellations: 0,
      rideFailures: 0,
      transportGivenUp: 0,
      criticalEscalations: 0,
      highEscalations: 0,
      checkInsAnswered: 0,
    },
    outcome: null,
  };
}

export function timerIdFor(journeyId: string, purpose: TimerPurpose, key: string): string {
  return `${journeyId}:timer:${purpose}:${key}`;
}

export function rideIdFor(journeyId: string, appointmentId: string, partnerIndex: number, attempt: number): string {
  return `${journeyId}:ride:${appointmentId}:p${partnerIndex}:a${attempt}`;
}

export function addMs(timestamp: string, ms: number): string {
  return new Date(Date.parse(timestamp) + ms).toISOString();
}

export const hours = (count: number): number => count * HOUR_MS;
export const minutes = (count: number): number => count * MINUTE_MS;

type WithoutIds<Command> = Command extends JourneyCommand ? Omit<Command, 'commandId' | 'journeyId'> : never;

/** Collects the commands of one reaction and the state they leave behind. */
export class Reaction {
  readonly commands: JourneyCommand[] = [];

  constructor(
    public state: JourneyState,
    readonly policy: JourneyPolicy,
  ) {}

  get journeyId(): string {
    return this.state.journeyId ?? '';
  }

  update(change: Partial<JourneyState>): void {
    this.state = { ...this.state, ...change };
  }

  count(field: keyof JourneyTally): void {
    this.update({ tally: { ...this.state.tally, [field]: this.state.tally[field] + 1 } });
  }

  /** Issues a command whose id is the journey id, the step name and a key naming the occasion. */
  issue(step: string, key: string, command: WithoutIds<JourneyCommand>): void {
    const commandId = `${this.journeyId}:${step}:${key}`;
    this.commands.push({ ...command, commandId, journeyId: this.journeyId } as JourneyCommand);
  }

  scheduleTimer(purpose: TimerPurpose, key: string, dueAt: string): void {
    const timerId = timerIdFor(this.journeyId, purpose, key);
    if (this.state.pendingTimers.includes(timerId)) {
      return;
    }
    this.commands.push({ type: 'ScheduleTimer', commandId: `${timerId}:schedule`, journeyId: this.journeyId, timerId, purpose, dueAt });
    this.update({ pendingTimers: [...this.state.pendingTimers, timerId] });
  }

  cancelTimer(purpose: TimerPurpose, key: string): void {
    const timerId = timerIdFor(this.journeyId, purpose, key);
    if (!this.state.pendingTimers.includes(timerId)) {
      return;
    }
    this.commands.push({ type: 'CancelTimer', commandId: `${timerId}:cancel`, journeyId: this.journeyId, timerId });
    this.update({ pendingTimers: this.state.pendingTimers.filter((pending) => pending !== timerId) });
  }

  cancelTimersOf(purpose: TimerPurpose): void {
    const prefix = timerIdFor(this.journeyId, purpose, '');
    for (const timerId of this.state.pendingTimers.filter((pending) => pending.startsWith(prefix))) {
      this.commands.push({ type: 'CancelTimer', commandId: `${timerId}:cancel`, journeyId: this.journeyId, timerId });
    }
    this.update({ pendingTimers: this.state.pendingTimers.filter((pending) => !pending.startsWith(prefix)) });
  }

  cancelAllTimers(): void {
    for (const timerId of this.state.pendingTimers) {
      this.commands.push({ type: 'CancelTimer', commandId: `${timerId}:cancel`, journeyId: this.journeyId, timerId });
    }
    this.update({ pendingTimers: [] });
  }

  /** Marks a fired timer as no longer pending; returns false when it was not pending (a repeat or a stale timer). */
  consumeTimer(timerId: string): boolean {
    if (!this.state.pendingTimers.includes(timerId)) {
      return false;
    }
    this.update({ pendingTimers: this.state.pendingTimers.filter((pending) => pending !== timerId) });
    return true;
  }
}
