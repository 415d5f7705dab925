import { randomUUID } from 'node:crypto';

import fc from 'fast-check';
import pino from 'pino';

import { toNewEvents } from '../../commands/shared/aggregate-repository';
import { decideSlot, evolveSlot, initialSlotState, slotStreamName, type SlotCommand, type SlotEvent, type SlotState } from '../../domain/scheduling';
import { DomainError } from '../../domain/shared/errors';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import { dumpProjection } from '../../test/support/read-models';
import { liveSchema } from '../runner/projection';
import { ProjectionRunner } from '../runner/projection-runner';
import { appointmentsProjection } from './appointments.projection';
import { slotsProjection } from './slots.projection';

// The slot and appointment read models fold each batch in memory, so their result must not
// depend on where batch boundaries fall. Random booking histories are projected one event per
// batch, then rebuilt in batches of five, and both must agree with the slot streams themselves.

const silent = pino({ level: 'silent' });
const operator = { id: 'operator', role: 'admin' as const };

type Operation =
  | { kind: 'book'; slot: number; patient: number }
  | { kind: 'cancel'; slot: number }
  | { kind: 'reschedule'; slot: number; to: number }
  | { kind: 'block'; slot: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), slot: fc.nat(3), patient: fc.nat(5) }),
  fc.record({ kind: fc.constant('cancel' as const), slot: fc.nat(3) }),
  fc.record({ kind: fc.constant('reschedule' as const), slot: fc.nat(3), to: fc.nat(3) }),
  fc.record({ kind: fc.constant('block' as const), slot: fc.nat(3) }),
);

let database: TestSql;
let store: SqlEventStore;

beforeAll(async () => {
  database = await openPGliteForTests();
  store = await SqlEventStore.create(database.sql, { pollIntervalMs: 10 });
});
afterAll(() => database.dispose());

class History {
  readonly states = new Map<string, SlotState>();
  private readonly now = new Date().toISOString();

  constructor(readonly slotIds: string[]) {}

  async open(): Promise<void> {
    for (const [index, slotId] of this.slotIds.entries()) {
      const startsAt = new Date(Date.now() + (48 + index) * 3_600_000).toISOString();
      const endsAt = new Date(Date.parse(startsAt) + 900_000).toISOString();
      await this.send({ type: 'OpenSlot', slotId, providerId: 'provider', facilityId: 'facility', specialty: 'family-medicine', startsAt, endsAt, mode: 'in-person', demo: false, now: this.now });
    }
  }

  async apply(step: Operation): Promise<void> {
    const slotId = this.slotIds[step.slot]!;
    const state = this.states.get(slotId)!;
    const now = this.now;
    if (step.kind === 'book') {
      await this.send({ type: 'BookSlot', slotId, bookingId: randomUUID(), patientId: `patient-${step.patient}`, actor: operator, mayActForPatient: true, now });
    } else if (step.kind === 'block') {
      await this.send({ type: 'BlockSlot', slotId, actor: { id: 'clinic', role: 'provider' }, reason: 'closed', now });
    } else if (state.status === 'booked' && step.kind === 'cancel') {
      await this.send({ type: 'CancelBooking', slotId, bookingId: state.booking.bookingId, actor: operator, mayActForPatient: true, reason: 'patient-request', now });
    } else if (state.status === 'booked' && step.kind === 'reschedule') {
      await this.reschedule(slotId, this.slotIds[step.to]!, state.booking);
    }
  }

  private async reschedule(fromSlotId: string, toSlotId: string, booking: { bookingId: string; patientId: string }): Promise<void> {
    const holdId = randomUUID();
    const held = await this.send({ type: 'HoldSlotForReschedule', slotId: toSlotId, holdId, patientId: booking.patientId, fromSlotId, fromBookingId: booking.bookingId, actor: operator, mayActForPatient: true, now: this.now });
    if (!held) return;
    const moved = await this.send({ type: 'RescheduleBooking', slotId: fromSlotId, bookingId: booking.bookingId, toSlotId, holdId, actor: operator, mayActForPatient: true, now: this.now });
    if (moved) {
      await this.send({ type: 'ConfirmRescheduleHold', slotId: toSlotId, holdId, bookingId: booking.bookingId, actor: operator, now: this.now });
    } else {
      await this.send({ type: 'ReleaseSlotHold', slotId: toSlotId, holdId, reason: 'reschedule-failed', now: this.now });
    }
  }

  /** Decides and appends one command; returns false when the slot rejected it. */
  private async send(command: SlotCommand): Promise<boolean> {
    const state = this.states.get(command.slotId) ?? initialSlotState();
    let events: SlotEvent[];
    try {
      events = decideSlot(state, command);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    if (events.length === 0) return true;

    const context = { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: operator, receivedAt: this.now };
    await store.appendToStream(slotStreamName(command.slotId), toNewEvents(events, context), 'any');
    this.states.set(command.slotId, events.reduce(evolveSlot, state));
    return true;
  }
}

describe('slot and appointment projections', () => {
  it('agree with the streams whatever the batch size', async () => {
    const slotsRunner = new ProjectionRunner(store, database.sql, slotsProjection, silent, 1);
    const appointmentsRunner = new ProjectionRunner(store, database.sql, appointmentsProjection, silent, 1);
    await slotsRunner.start();
    await appointmentsRunner.start();

    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (operations) => {
        const history = new History(Array.from({ length: 4 }, () => `slot-${randomUUID()}`));
        await history.open();
        for (const step of operations) await history.apply(step);
        const head = await store.headPosition();
        await slotsRunner.waitFor(head);
        await appointmentsRunner.waitFor(head);

        const { rows } = await database.sql.query<{ slot_id: string; status: string; appointment_id: string | null; patient_id: string | null }>(
          'select slot_id, status, appointment_id, patient_id from rm_slots.slots where slot_id = any($1::text[])',
          [history.slotIds],
        );
        for (const row of rows) {
          const state = history.states.get(row.slot_id)!;
          expect(row.status).toBe(state.status);
          expect(row.appointment_id).toBe(state.status === 'booked' ? state.booking.bookingId : null);
        }
        expect(rows).toHaveLength(4);
      }),
      { numRuns: 15 },
    );

    for (const [runner, projection] of [[slotsRunner, slotsProjection], [appointmentsRunner, appointmentsProjection]] as const) {
      const live = await dumpProjection(database.sql, projection, liveSchema(projection));
      await runner.rebuild();
      expect(await dumpProjection(database.sql, projection, liveSchema(projection))).toEqual(live);
      await runner.stop();
    }
  });
});
