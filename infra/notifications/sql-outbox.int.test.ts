import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import type { OutboundNotification } from './notifications.port';
import { SqlNotificationOutbox } from './sql-outbox';

function reminder(options: Partial<OutboundNotification> = {}): OutboundNotification {
  return {
    idempotencyKey: options.idempotencyKey ?? 'slot-1/booking-1-reminder-48h',
    patientId: options.patientId ?? 'patient-1',
    category: options.category ?? 'appointment-reminder',
    channel: options.channel ?? 'sms',
    language: options.language ?? 'fr',
    body: options.body ?? 'Rappel : votre rendez-vous est demain.',
    relatedId: options.relatedId ?? 'booking-1',
  };
}

describe('notification outbox on PGlite', () => {
  let database: TestSql;
  let outbox: SqlNotificationOutbox;
  let tick = 0;

  beforeAll(async () => {
    database = await openPGliteForTests();
    outbox = await SqlNotificationOutbox.open(database.sql, () => new Date(Date.UTC(2030, 0, 1, 0, 0, tick++)));
  });
  afterAll(() => database.dispose());

  it('stores a message once per idempotency key', async () => {
    expect(await outbox.send(reminder())).toBe(true);
    expect(await outbox.send(reminder({ body: 'a second copy' }))).toBe(false);

    const listed = await outbox.listForPatient('patient-1', 10);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ body: 'Rappel : votre rendez-vous est demain.', language: 'fr', status: 'queued' });
  });

  it('lists only the patient own messages, newest first', async () => {
    await outbox.send(reminder({ idempotencyKey: 'slot-1/booking-1-reminder-2h' }));
    await outbox.send(reminder({ idempotencyKey: 'other', patientId: 'patient-2' }));

    const listed = await outbox.listForPatient('patient-1', 10);
    expect(listed.map((message) => message.idempotencyKey)).toEqual(['slot-1/booking-1-reminder-2h', 'slot-1/booking-1-reminder-48h']);
  });
});
