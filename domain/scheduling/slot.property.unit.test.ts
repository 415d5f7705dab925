// Properties of the slot aggregate run against a small in-memory event store with
// expected-version appends, the same contract the real store gives: random sequences of
// bookings, racing bookings, cancellations and interleaved reschedules.

import fc from 'fast-check';
import { foldEvents } from '../shared/decider';
import { DomainError } from '../shared/errors';
import { patientActor, NOW, slotOpened } from './slot.fixtures';
import { advanceReschedule, type RescheduleProcess } from './reschedule-process';
import type { SlotCommand } from './slot-commands';
import type { SlotEvent } from './slot-events';
import { slotDecider } from './slot';

const SLOT_IDS = ['s0', 's1', 's2', 's3'];
const PATIENT_IDS = ['p0', 'p1', 'p2'];

class InMemorySlotStore {
  readonly streams = new Map<string, SlotEvent[]>(SLOT_IDS.map((slotId) => [slotId, [slotOpened({ slotId })]]));

  read(slotId: string): SlotEvent[] {
    return this.streams.get(slotId) ?? [];
  }

  /** Appends only when the stream is still at the version the decision was made on. */
  append(slotId: string, expectedVersion: number, events: SlotEvent[]): boolean {
    const stream = this.read(slotId);
    if (stream.length !== expectedVersion) {
      return false;
    }
    this.streams.set(slotId, [...stream, ...events]);
    return true;
  }

  /** Decides and appends, retrying on a version conflict like the command handler does. */
  dispatch(command: SlotCommand): 'accepted' | 'rejected' {
    for (;;) {
      const stream = this.read(command.slotId);
      let events: SlotEvent[];
      try {
        events = slotDecider.decide(foldEvents(slotDecider, stream), command);
      } catch (error) {
        if (error instanceof DomainError) return 'rejected';
        throw error;
      }
      if (this.append(command.slotId, stream.length, events)) return 'accepted';
    }
  }
}

type Operation =
  | { kind: 'book'; slot: number; patient: number }
  | { kind: 'race'; slot: number; first: number; second: number }
  | { kind: 'cancel'; slot: number }
  | { kind: 'reschedule'; from: number; to: number }
  | { kind: 'step'; process: number };

const slotIndex = fc.nat({ max: SLOT_IDS.length - 1 });
const patientIndex = fc.nat({ max: PATIENT_IDS.length - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), slot: slotIndex, patient: patientIndex }),
  fc.record({ kind: fc.constant('race' as const), slot: slotIndex, first: patientIndex, second: patientIndex }),
  fc.record({ kind: fc.constant('cancel' as const), slot: slotIndex }),
  fc.record({ kind: fc.constant('reschedule' as const), from: slotIndex, to: slotIndex }),
  fc.record({ kind: fc.constant('step' as const), process: fc.nat({ max: 5 }) }),
);

interface Harness {
  store: InMemorySlotStore;
  processes: { process: RescheduleProcess; pending: SlotCommand[] }[];
  nextId: number;
}

function activeBooking(store: InMemorySlotStore, slotId: string) {
  const state = foldEvents(slotDecider, store.read(slotId));
  return state.status === 'booked' ? state.booking : undefined;
}

function bookCommand(harness: Harness, slotId: string, patientId: string): SlotCommand {
  harness.nextId += 1;
  const bookingId = `b${harness.nextId}`;
  return { type: 'BookSlot', slotId, bookingId, patientId, actor: patientActor(patientId), mayActForPatient: false, now: NOW };
}

function race(harness: Harness, slotId: string, first: string, second: string): void {
  const stream = harness.store.read(slotId);
  const state = foldEvents(slotDecider, stream);
  const decisions = [bookCommand(harness, slotId, first), bookCommand(harness, slotId, second)].map((command) => {
    try {
      return slotDecider.decide(state, command);
    } catch (error) {
      if (error instanceof DomainError) return null;
      throw error;
    }
  });
  const appended = decisions.map((events) => events !== null && events.length > 0 && harness.store.append(slotId, stream.length, events));

  expect(appended.filter(Boolean).length).toBeLessThanOrEqual(1);
}

function startReschedule(harness: Harness, fromSlotId: string, toSlotId: string): void {
  const booking = activeBooking(harness.store, fromSlotId);
  if (!booking) return;

  harness.nextId += 1;
  const { process, commands } = advanceReschedule(null, {
    type: 'RescheduleRequested',
    rescheduleId: `r${harness.nextId}`,
    patientId: booking.patientId,
    fromSlotId,
    fromBookingId: booking.bookingId,
    toSlotId,
    newBookingId: `b${harness.nextId}-moved`,
    actor: patientActor(booking.patientId),
    mayActForPatient: false,
    requestedAt: NOW,
  });
  harness.processes.push({ process, pending: commands });
}

function stepProcess(harness: Harness, index: number): void {
  const entry = harness.processes[index];
  const command = entry?.pending.shift();
  if (!entry || !command) return;

  const step = entry.process.status;
  if (step === 'completed' || step === 'failed') return;
  const outcome = harness.store.dispatch(command);
  const message =
    outcome === 'accepted'
      ? { type: 'RescheduleStepSucceeded' as const, step, at: NOW }
      : { type: 'RescheduleStepRejected' as const, step, reason: 'rejected', at: NOW };
  const next = advanceReschedule(entry.process, message);
  entry.process = next.process;
  entry.pending.push(...next.commands);
}

function apply(harness: Harness, op: Operation): void {
  switch (op.kind) {
    case 'book':
      harness.store.dispatch(bookCommand(harness, SLOT_IDS[op.slot]!, PATIENT_IDS[op.patient]!));
      return;
    case 'race':
      race(harness, SLOT_IDS[op.slot]!, PATIENT_IDS[op.first]!, PATIENT_IDS[op.second]!);
      return;
    case 'cancel': {
      const slotId = SLOT_IDS[op.slot]!;
      const booking = activeBooking(harness.store, slotId);
      if (!booking) return;
      const actor = patientActor(booking.patientId);
      harness.store.dispatch({ type: 'CancelBooking', slotId, bookingId: booking.bookingId, actor, mayActForPatient: false, reason: 'patient-request', now: NOW });
      return;
    }
    case 'reschedule':
      startReschedule(harness, SLOT_IDS[op.from]!, SLOT_IDS[op.to]!);
      return;
    case 'step':
      stepProcess(harness, op.process);
      return;
  }
}

/** Counts active bookings by reading the events alone, independent of the aggregate's state. */
function maxActiveBookingsOverHistory(events: readonly SlotEvent[]): number {
  let active = 0;
  let max = 0;
  for (const event of events) {
    if (event.type === 'SlotBooked') active += 1;
    if (event.type === 'BookingCancelled' || event.type === 'BookingRescheduled') active -= 1;
    max = Math.max(max, active);
  }
  return max;
}

function drain(harness: Harness): void {
  for (let index = 0; index < harness.processes.length; index++) {
    while ((harness.processes[index]?.pending.length ?? 0) > 0) stepProcess(harness, index);
  }
}

describe('slot aggregate properties', () => {
  it('keeps at most one active booking per slot', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const harness: Harness = { store: new InMemorySlotStore(), processes: [], nextId: 0 };
        for (const op of operations) {
          apply(harness, op);
          for (const slotId of SLOT_IDS) {
            expect(maxActiveBookingsOverHistory(harness.store.read(slotId))).toBeLessThanOrEqual(1);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never loses a booking in a reschedule', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const harness: Harness = { store: new InMemorySlotStore(), processes: [], nextId: 0 };
        operations.forEach((op) => apply(harness, op));
        drain(harness);

        const allEvents = SLOT_IDS.flatMap((slotId) => harness.store.read(slotId));
        const fresh = allEvents.filter((event) => event.type === 'SlotBooked' && !event.data.rescheduledFrom).length;
        const cancelled = allEvents.filter((event) => event.type === 'BookingCancelled').length;
        const active = SLOT_IDS.filter((slotId) => activeBooking(harness.store, slotId)).length;
        expect(active).toBe(fresh - cancelled);

        for (const slotId of SLOT_IDS) {
          expect(foldEvents(slotDecider, harness.store.read(slotId)).status).not.toBe('held');
        }
        for (const { process } of harness.processes) {
          expect(['completed', 'failed']).toContain(process.status);
        }
      }),
      { numRuns: 300 },
    );
  });
});
