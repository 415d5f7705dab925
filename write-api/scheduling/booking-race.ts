import { randomUUID } from 'node:crypto';

import { evolveSlot, initialSlotState, slotStreamName, type SlotEvent, type SlotState } from '../../domain/scheduling';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { RunningServer } from '../../server';
import { call, settle, slotFixture } from './scheduling-test-client';

// Many patients booking few slots at once, through the HTTP API: the figure behind "two people
// booking the last slot: exactly one wins". The booking test and bench/booking.ts both run it.

export interface RaceOptions {
  slots: number;
  attempts: number;
  /** Open slots nobody races for, so the losers have alternatives to be offered. */
  spareSlots: number;
}

export interface RaceResult {
  booked: number;
  conflicts: number;
  conflictsWithAlternatives: number;
  otherStatuses: Record<string, number>;
  /** Slots with more than one SlotBooked in their stream; must be 0. */
  doubleBookedSlots: number;
  /** Slots whose rm_slots row or rm_appointments row disagrees with the folded stream; must be 0. */
  readModelMismatches: number;
  latenciesMs: number[];
  wallSeconds: number;
}

/** Opens the slots, fires every attempt at once, and checks the events and both read models afterwards. */
export async function runBookingRace(server: RunningServer, options: RaceOptions): Promise<RaceResult> {
  const specialty = `race-${randomUUID().slice(0, 8)}`;
  const raced = Array.from({ length: options.slots }, (_, index) => slotFixture(48 + index * 0.25, { specialty, mode: 'telemedicine', providerId: `race-provider-${index % 10}` }));
  const spares = Array.from({ length: options.spareSlots }, (_, index) => slotFixture(96 + index * 0.25, { specialty, mode: 'telemedicine', providerId: 'race-spare' }));
  for (let start = 0; start < raced.length + spares.length; start += 500) {
    const opened = await call(server, 'POST', '/api/v1/slots?waitFor=slots', { slots: [...raced, ...spares].slice(start, start + 500) });
    if (opened.status !== 201) throw new Error(`opening race slots failed with ${opened.status}: ${JSON.stringify(opened.body)}`);
  }

  const started = process.hrtime.bigint();
  const outcomes = await Promise.all(
    Array.from({ length: options.attempts }, async (_, attempt) => {
      const slot = raced[attempt % raced.length]!;
      const before = process.hrtime.bigint();
      const response = await call(server, 'POST', '/api/v1/appointments/book?waitFor=appointments', { slotId: slot.slotId, patientId: `race-patient-${attempt}` });
      return { response, ms: Number(process.hrtime.bigint() - before) / 1e6 };
    }),
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await settle(server);

  const statuses = new Map<number, number>();
  for (const { response } of outcomes) statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const conflicts = outcomes.filter(({ response }) => response.status === 409);
  const otherStatuses = Object.fromEntries([...statuses].filter(([status]) => status !== 201 && status !== 409).map(([status, count]) => [String(status), count]));

  return {
    booked: statuses.get(201) ?? 0,
    conflicts: conflicts.length,
    conflictsWithAlternatives: conflicts.filter(({ response }) => response.body.code === 'slot-taken' && response.body.alternatives.length > 0).length,
    otherStatuses,
    ...(await checkAgainstEvents(server, raced.map((slot) => slot.slotId))),
    latenciesMs: outcomes.map(({ ms }) => ms),
    wallSeconds,
  };
}

async function checkAgainstEvents(server: RunningServer, slotIds: string[]): Promise<{ doubleBookedSlots: number; readModelMismatches: number }> {
  let doubleBookedSlots = 0;
  let readModelMismatches = 0;
  for (const slotId of slotIds) {
    const events = (await server.runtime.store.readStream(slotStreamName(slotId))).map((event) => upcastStoredEvent(event) as unknown as SlotEvent);
    if (events.filter((event) => event.type === 'SlotBooked').length > 1) doubleBookedSlots += 1;
    const state = events.reduce(evolveSlot, initialSlotState());
    if (!(await readModelAgrees(server, slotId, state))) readModelMismatches += 1;
  }
  return { doubleBookedSlots, readModelMismatches };
}

async function readModelAgrees(server: RunningServer, slotId: string, state: SlotState): Promise<boolean> {
  const { rows } = await server.runtime.sql.query<{ status: string; appointment_id: string | null; patient_id: string | null; appointment_status: string | null; appointment_patient: string | null }>(
    `select s.status, s.appointment_id, s.patient_id, a.status as appointment_status, a.patient_id as appointment_patient
     from rm_slots.slots s left join rm_appointments.appointments a on a.appointment_id = s.appointment_id where s.slot_id = $1`,
    [slotId],
  );
  const row = rows[0];
  if (!row || row.status !== state.status) return false;
  if (state.status !== 'booked') return row.appointment_id === null;
  return (
    row.appointment_id === state.booking.bookingId &&
    row.patient_id === state.booking.patientId &&
    row.appointment_status === 'booked' &&
    row.appointment_patient === state.booking.patientId
  );
}

/** Books `count` free slots one after another and returns each request's time, read-your-writes wait included. */
export async function measureSequentialBookings(server: RunningServer, count: number): Promise<number[]> {
  const specialty = `seq-${randomUUID().slice(0, 8)}`;
  const slots = Array.from({ length: count }, (_, index) => slotFixture(48 + index * 0.25, { specialty, mode: 'telemedicine' }));
  for (let start = 0; start < slots.length; start += 500) {
    await call(server, 'POST', '/api/v1/slots?waitFor=slots', { slots: slots.slice(start, start + 500) });
  }

  const latencies: number[] = [];
  for (const [index, slot] of slots.entries()) {
    const before = process.hrtime.bigint();
    const response = await call(server, 'POST', '/api/v1/appointments/book?waitFor=appointments', { slotId: slot.slotId, patientId: `seq-patient-${index}` });
    latencies.push(Number(process.hrtime.bigint() - before) / 1e6);
    if (response.status !== 201 || response.body.readModel?.caughtUp !== true) {
      throw new Error(`sequential booking ${index} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
  }
  return latencies;
}

export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}
