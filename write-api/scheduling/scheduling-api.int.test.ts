import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { slotDecider, slotStreamName } from '../../domain/scheduling';
import { toNewEvents } from '../../commands/shared/aggregate-repository';
import { loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../../test/support/auth';
import { call, settle, slotFixture, type SlotFixture } from './scheduling-test-client';

// The scheduling API on the embedded product (PGlite, no shared-data import): search, booking
// with its conflict, reschedule, cancel, the waitlist with its backfill, and bad input that must
// change nothing.

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-scheduling-'));
let server: RunningServer;

const OTTAWA = { lat: 45.4215, lng: -75.6972 };
const TORONTO = { lat: 43.6532, lng: -79.3832 };

beforeAll(async () => {
  server = await startServer(loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false' }));
  await registerFacility('test-facility-ottawa', 'Clinique Test Ottawa', OTTAWA);
  await registerFacility('test-facility-toronto', 'Test Clinic Toronto', TORONTO);
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

async function registerFacility(locationId: string, name: string, coordinates: { lat: number; lng: number }) {
  const response = await call(server, 'POST', '/api/v1/provider-locations?waitFor=provider_locations', {
    locationId,
    serviceType: 'Community Health Centre',
    name: { en: name, fr: name },
    address: { line1: '1 Test Street', community: locationId.endsWith('ottawa') ? 'Ottawa' : 'Toronto' },
    coordinates,
  });
  expect(response.status).toBe(201);
}

async function openSlots(...slots: SlotFixture[]) {
  const response = await call(server, 'POST', '/api/v1/slots?waitFor=slots', { slots });
  expect(response.status).toBe(201);
  return slots;
}

async function book(slotId: string, patientId: string, headers?: Record<string, string>) {
  return call(server, 'POST', '/api/v1/appointments/book?waitFor=appointments', { slotId, patientId }, headers);
}

const asPatient = (patientId: string) => authHeaders(server.url, { role: 'patient', patientId });

async function slotRow(slotId: string) {
  const { rows } = await server.runtime.sql.query<{ status: string; patient_id: string | null; appointment_id: string | null }>(
    'select status, patient_id, appointment_id from rm_slots.slots where slot_id = $1',
    [slotId],
  );
  return rows[0];
}

describe('availability', () => {
  it('returns at most five scored slots with explained components', async () => {
    const specialty = `spec-${randomUUID().slice(0, 8)}`;
    await openSlots(...Array.from({ length: 7 }, (_, index) => slotFixture(24 + index, { specialty })));

    const { status, body } = await call(server, 'GET', `/api/v1/appointments/availability?specialty=${specialty}&lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&radiusKm=20`);

    expect(status).toBe(200);
    expect(body.outcome).toBe('ranked');
    expect(body.matchedCount).toBe(7);
    expect(body.slots).toHaveLength(5);
    const components = body.slots[0].components.map((component: { name: string }) => component.name).sort();
    expect(components).toEqual(['distance', 'preference', 'rating', 'wait']);
    const contributions = body.slots[0].components.reduce((sum: number, component: { contribution: number }) => sum + component.contribution, 0);
    expect(contributions).toBeCloseTo(body.slots[0].score, 2);
  });

  it('leaves out in-person slots beyond the radius', async () => {
    const specialty = `spec-${randomUUID().slice(0, 8)}`;
    const [near] = await openSlots(slotFixture(30, { specialty }), slotFixture(30, { specialty, facilityId: 'test-facility-toronto' }));

    const { body } = await call(server, 'GET', `/api/v1/appointments/availability?specialty=${specialty}&lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&radiusKm=50`);

    expect(body.slots.map((slot: { slotId: string }) => slot.slotId)).toEqual([near!.slotId]);
  });

  it('answers critical urgency with emergency advice and no slot', async () => {
    const { status, body } = await call(server, 'GET', `/api/v1/appointments/availability?specialty=family-medicine&lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&urgency=critical`);

    expect(status).toBe(200);
    expect(body.outcome).toBe('emergency-care');
    expect(body.slots).toBeUndefined();
    expect(body.advice.en).toContain('911');
    expect(body.advice.fr).toContain('911');
  });

  it.each([
    ['radius over 500 km', `radiusKm=501&lat=${OTTAWA.lat}&lng=${OTTAWA.lng}`, 'radiusKm'],
    ['latitude out of range', `lat=91&lng=${OTTAWA.lng}`, 'lat'],
    ['longitude out of range', `lat=${OTTAWA.lat}&lng=-181`, 'lng'],
  ])('rejects %s with 400 naming the field', async (_case, parameters, field) => {
    const { status, body } = await call(server, 'GET', `/api/v1/appointments/availability?specialty=family-medicine&${parameters}`);

    expect(status).toBe(400);
    expect(body.errors.map((error: { field: string }) => error.field)).toEqual([field]);
  });
});

describe('booking', () => {
  it('books an open slot and shows it in both read models', async () => {
    const [slot] = await openSlots(slotFixture(48));

    const { status, body } = await book(slot!.slotId, 'patient-a');

    expect(status).toBe(201);
    expect(body.readModel).toEqual({ projection: 'appointments', caughtUp: true });
    const appointment = await call(server, 'GET', `/api/v1/appointments/${body.appointmentId}`);
    expect(appointment.body).toMatchObject({ slotId: slot!.slotId, patientId: 'patient-a', status: 'booked' });
    expect(await slotRow(slot!.slotId)).toEqual({ status: 'booked', patient_id: 'patient-a', appointment_id: body.appointmentId });
  });

  it('answers the second booking of a slot with 409 and alternatives', async () => {
    const [taken, spare] = await openSlots(slotFixture(50), slotFixture(51));
    await book(taken!.slotId, 'patient-b');

    const { status, body } = await book(taken!.slotId, 'patient-c');

    expect(status).toBe(409);
    expect(body.code).toBe('slot-taken');
    expect(body.alternatives.map((alternative: { slotId: string }) => alternative.slotId)).toContain(spare!.slotId);
    expect(body.alternatives.map((alternative: { slotId: string }) => alternative.slotId)).not.toContain(taken!.slotId);
    expect((await slotRow(taken!.slotId))!.patient_id).toBe('patient-b');
  });

  it('rejects a critical urgency with 422 and emergency advice', async () => {
    const [slot] = await openSlots(slotFixture(52));

    const { status, body } = await call(server, 'POST', '/api/v1/appointments/book', { slotId: slot!.slotId, patientId: 'patient-d', urgency: 'critical' });

    expect(status).toBe(422);
    expect(body.advice.en).toContain('911');
    expect((await slotRow(slot!.slotId))!.status).toBe('open');
  });
});

describe('bad input changes nothing', () => {
  async function expectUnchanged(action: () => Promise<{ status: number; body: unknown }>, status: number) {
    await settle(server);
    const before = await server.runtime.store.headPosition();

    const response = await action();

    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ status });
    await settle(server);
    expect(await server.runtime.store.headPosition()).toBe(before);
  }

  it('rejects a slot in the past with 422', async () => {
    const slotId = `slot-past-${randomUUID()}`;
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    const opened = slotDecider.decide(slotDecider.initialState(), {
      type: 'OpenSlot', slotId, providerId: 'test-provider-1', facilityId: 'test-facility-ottawa', specialty: 'family-medicine',
      startsAt, endsAt: new Date(Date.parse(startsAt) + 900_000).toISOString(), mode: 'in-person', demo: false,
      now: new Date(Date.now() - 86_400_000).toISOString(),
    });
    const context = { commandId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: { id: 'test', role: 'system' }, receivedAt: new Date().toISOString() };
    await server.runtime.store.appendToStream(slotStreamName(slotId), toNewEvents(opened, context), 'no_stream');

    await expectUnchanged(() => book(slotId, 'patient-e'), 422);
    expect((await slotRow(slotId))!.status).toBe('open');
  });

  it('rejects booking for another patient without the right with 403', async () => {
    const [slot] = await openSlots(slotFixture(53));

    const patientG = await asPatient('patient-g');

    await expectUnchanged(() => book(slot!.slotId, 'patient-f', patientG), 403);
    expect((await slotRow(slot!.slotId))!.status).toBe('open');
  });

  it('rejects rescheduling a cancelled appointment with 409', async () => {
    const [first, second] = await openSlots(slotFixture(54), slotFixture(55));
    const booked = await book(first!.slotId, 'patient-h');
    const cancelled = await call(server, 'DELETE', `/api/v1/appointments/${booked.body.appointmentId}/cancel?waitFor=appointments`);
    expect(cancelled.status).toBe(200);

    await expectUnchanged(() => call(server, 'PATCH', `/api/v1/appointments/${booked.body.appointmentId}/reschedule`, { toSlotId: second!.slotId }), 409);
    expect((await slotRow(second!.slotId))!.status).toBe('open');
  });

  it('rejects a radius over 500 km with 400', async () => {
    await expectUnchanged(() => call(server, 'GET', `/api/v1/appointments/availability?specialty=x&lat=45&lng=-75&radiusKm=900`), 400);
  });
});

describe('reschedule and cancel', () => {
  it('moves an appointment, keeping its id, and frees the old slot', async () => {
    const [from, to] = await openSlots(slotFixture(60), slotFixture(61));
    const booked = await book(from!.slotId, 'patient-i');

    const moved = await call(server, 'PATCH', `/api/v1/appointments/${booked.body.appointmentId}/reschedule?waitFor=appointments`, { toSlotId: to!.slotId });

    expect(moved.status).toBe(200);
    expect(moved.body.status).toBe('completed');
    const appointment = await call(server, 'GET', `/api/v1/appointments/${booked.body.appointmentId}`);
    expect(appointment.body).toMatchObject({ slotId: to!.slotId, previousSlotId: from!.slotId, status: 'booked', rescheduleCount: 1 });
    await settle(server);
    expect((await slotRow(from!.slotId))!.status).toBe('open');
    expect((await slotRow(to!.slotId))!.patient_id).toBe('patient-i');
  });

  it('releases the hold when the target is taken', async () => {
    const [from, to] = await openSlots(slotFixture(62), slotFixture(63));
    const booked = await book(from!.slotId, 'patient-j');
    await book(to!.slotId, 'patient-k');

    const moved = await call(server, 'PATCH', `/api/v1/appointments/${booked.body.appointmentId}/reschedule`, { toSlotId: to!.slotId });

    expect(moved.status).toBe(409);
    await settle(server);
    expect((await slotRow(from!.slotId))!.patient_id).toBe('patient-j');
    expect((await slotRow(to!.slotId))!.patient_id).toBe('patient-k');
  });

  it('cancels once and answers a second cancel with 409', async () => {
    const [slot] = await openSlots(slotFixture(64));
    const booked = await book(slot!.slotId, 'patient-l');

    const first = await call(server, 'DELETE', `/api/v1/appointments/${booked.body.appointmentId}/cancel?waitFor=slots`);
    const second = await call(server, 'DELETE', `/api/v1/appointments/${booked.body.appointmentId}/cancel`);

    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect((await slotRow(slot!.slotId))!.status).toBe('open');
  });
});

describe('waitlist and backfill', () => {
  it('orders the waitlist by priority and shows its inputs', async () => {
    const specialty = `wl-${randomUUID().slice(0, 8)}`;
    await call(server, 'POST', '/api/v1/waitlist/add', { patientId: 'patient-m', specialty, urgency: 'non-urgent' });
    await call(server, 'POST', '/api/v1/waitlist/add?waitFor=waitlist', { patientId: 'patient-n', specialty, urgency: 'urgent' });

    const { status, body } = await call(server, 'GET', `/api/v1/waitlist/${specialty}`);

    expect(status).toBe(200);
    expect(body.items.map((item: { patientId: string }) => item.patientId)).toEqual(['patient-n', 'patient-m']);
    expect(body.items[0]).toMatchObject({ position: 1, urgency: 'urgent', urgencyRank: 3 });
    expect(body.items[0].priority).toBeGreaterThanOrEqual(3);
  });

  it('rejects a critical patient on the waitlist with 422', async () => {
    const { status } = await call(server, 'POST', '/api/v1/waitlist/add', { patientId: 'patient-o', specialty: 'family-medicine', urgency: 'critical' });

    expect(status).toBe(422);
  });

  it('estimates the wait with Erlang C from measured rates', async () => {
    const specialty = `est-${randomUUID().slice(0, 8)}`;
    const slots = await openSlots(...Array.from({ length: 6 }, (_, index) => slotFixture(24 + index, { specialty, providerId: `est-provider-${index % 2}` })));
    await book(slots[0]!.slotId, 'patient-p');

    const { status, body } = await call(server, 'GET', `/api/v1/waitlist/${specialty}/estimate`);

    expect(status).toBe(200);
    expect(body.inputs).toMatchObject({ bookings: 1, providers: 2, slotsOffered: 6 });
    expect(body.model.stable).toBe(true);
    expect(body.model.servers).toBe(2);
    expect(body.expectedWaitHours).toBeGreaterThanOrEqual(0);
  });

  it('offers a cancelled slot to the top waitlisted patient, who accepts it', async () => {
    const specialty = `bf-${randomUUID().slice(0, 8)}`;
    const patient = await call(server, 'POST', '/api/v1/patients?waitFor=patients', {
      name: { given: ['Amélie'], family: 'Tremblay' }, gender: 'female', birthDate: '1980-05-01', preferredLanguage: 'fr',
    });
    const waitlisted = patient.body.patientId as string;
    const [slot] = await openSlots(slotFixture(72, { specialty }));
    await call(server, 'POST', '/api/v1/waitlist/add?waitFor=waitlist', { patientId: waitlisted, specialty, urgency: 'urgent' });
    const booked = await book(slot!.slotId, 'patient-q');

    await call(server, 'DELETE', `/api/v1/appointments/${booked.body.appointmentId}/cancel`);
    await settle(server);

    const offers = await call(server, 'GET', `/api/v1/waitlist/offers?patientId=${waitlisted}`);
    expect(offers.body.items).toHaveLength(1);
    expect(offers.body.items[0]).toMatchObject({ slotId: slot!.slotId, status: 'offered' });
    const outbox = await call(server, 'GET', `/api/v1/notifications/outbox?patientId=${waitlisted}`);
    expect(outbox.body.items).toHaveLength(1);
    expect(outbox.body.items[0]).toMatchObject({ category: 'waitlist-offer', language: 'fr' });
    expect(outbox.body.items[0].body).toContain('Clinique Test Ottawa');

    const offerId = offers.body.items[0].offerId as string;
    const someoneElse = await call(server, 'POST', `/api/v1/waitlist/offers/${offerId}/accept`, undefined, await asPatient('patient-r'));
    expect(someoneElse.status).toBe(403);
    const accepted = await call(server, 'POST', `/api/v1/waitlist/offers/${offerId}/accept`, undefined, await asPatient(waitlisted));
    expect(accepted.status).toBe(200);
    await settle(server);

    expect((await slotRow(slot!.slotId))!.patient_id).toBe(waitlisted);
    const list = await call(server, 'GET', `/api/v1/waitlist/${specialty}`);
    expect(list.body.items).toEqual([]);
    const answeredAgain = await call(server, 'POST', `/api/v1/waitlist/offers/${offerId}/decline`, undefined, await asPatient(waitlisted));
    expect(answeredAgain.status).toBe(409);
  });
});
