import pino from 'pino';

import { openPGliteForTests, type TestSql } from '../../test/support/databases';
import type { Delivery, DeliveryReceipt, DeliverySender } from './delivery.port';
import { PermanentDeliveryError } from './delivery.port';
import { OutboxDispatcher, recordProviderReport, type RecipientDirectory } from './outbox-dispatcher';
import type { OutboundNotification } from './notifications.port';
import { SandboxSender } from './sandbox-sender';
import { SqlNotificationOutbox } from './sql-outbox';

// The dispatcher on PGlite with a clock the test moves and a sender that counts what it sends.
// The crash cases stop the dispatcher between the send and its record and check that a new
// dispatcher does not send the message again.

const silent = pino({ level: 'silent' });
const MINUTE = 60_000;

class CountingSender implements DeliverySender {
  readonly provider = 'counting';
  readonly sandbox = false;
  readonly channels = ['sms', 'voice', 'email'] as const;
  readonly sent: Delivery[] = [];
  failures: Error[] = [];
  listsSent = false;

  async send(delivery: Delivery): Promise<DeliveryReceipt> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(delivery);
    return { provider: this.provider, providerMessageId: `msg-${this.sent.length}`, delivered: false };
  }

  async findSent(delivery: Delivery): Promise<DeliveryReceipt | undefined> {
    if (!this.listsSent) return undefined;
    const index = this.sent.findIndex((sent) => sent.idempotencyKey === delivery.idempotencyKey);
    return index >= 0 ? { provider: this.provider, providerMessageId: `msg-${index + 1}`, delivered: false } : undefined;
  }
}

const directory: RecipientDirectory = {
  addressOf: async (patientId, audience, channel) => {
    if (patientId === 'patient-without-phone') return undefined;
    if (audience === 'care-team') return 'care-team@clinic.example.test';
    return channel === 'email' ? `${patientId}@example.test` : '+16135550199';
  },
};

let database: TestSql;
let outbox: SqlNotificationOutbox;
const clock = { now: new Date('2030-01-01T00:00:00.000Z') };
let counter = 0;

beforeAll(async () => {
  database = await openPGliteForTests();
  outbox = await SqlNotificationOutbox.open(database.sql, () => clock.now);
});

afterAll(() => database.dispose());

function dispatcher(sender: DeliverySender, afterSend?: (key: string) => Promise<void>) {
  return new OutboxDispatcher(database.sql, sender, directory, silent, { clock: () => clock.now, resendAfterMs: 10 * MINUTE, ...(afterSend ? { afterSend } : {}) });
}

async function queue(options: Partial<OutboundNotification> = {}): Promise<string> {
  const key = options.idempotencyKey ?? `message-${++counter}`;
  await outbox.send({ idempotencyKey: key, patientId: 'patient-1', category: 'check-in-due', channel: 'sms', language: 'fr', body: `Votre suivi est prêt ${key}`, relatedId: 'ci-1', ...options });
  return key;
}

async function row(key: string) {
  const { rows } = await database.sql.query<{ status: string; attempts: number; provider_message_id: string | null; sandbox: boolean; last_error: string | null }>(
    'select status, attempts, provider_message_id, sandbox, last_error from notification_outbox where notification_id = $1',
    [key],
  );
  return rows[0]!;
}

// Each test starts with an empty outbox, so one test's rows are not drained by another.
beforeEach(async () => {
  await database.sql.query('delete from notification_outbox');
  clock.now = new Date('2030-01-01T00:00:00.000Z');
});

describe('OutboxDispatcher', () => {
  it('sends each queued message once', async () => {
    const sender = new CountingSender();
    const key = await queue();
    const inApp = await queue({ channel: 'in-app' });

    expect(await dispatcher(sender).drain()).toEqual({ sent: 1, failed: 0, recovered: 0 });
    expect(await dispatcher(sender).drain()).toEqual({ sent: 0, failed: 0, recovered: 0 });

    expect(sender.sent.map((delivery) => delivery.idempotencyKey)).toEqual([key]);
    expect(sender.sent[0]).toMatchObject({ to: '+16135550199', language: 'fr', channel: 'sms' });
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: 'msg-1' });
    expect(await row(inApp)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  it('resends nothing after a crash', async () => {
    const sender = new CountingSender();
    const key = await queue();
    const crash = new Error('process stopped');

    await expect(dispatcher(sender, () => Promise.reject(crash)).drain()).rejects.toBe(crash);
    expect(sender.sent).toHaveLength(1);
    expect((await row(key)).status).toBe('sending');

    // Restarted at once, and again a minute later: the message is in flight, not sent again.
    await dispatcher(sender).drain();
    clock.now = new Date(clock.now.getTime() + MINUTE);
    await dispatcher(sender).drain();
    expect(sender.sent).toHaveLength(1);

    // The provider's status report arrives and settles it for good.
    expect(await recordProviderReport(database.sql, { idempotencyKey: key, providerMessageId: 'msg-1', outcome: 'delivered', at: clock.now.toISOString() })).toBe(true);
    clock.now = new Date(clock.now.getTime() + 60 * MINUTE);
    await dispatcher(sender).drain();

    expect(sender.sent).toHaveLength(1);
    expect(await row(key)).toMatchObject({ status: 'delivered', provider_message_id: 'msg-1' });
  });

  it('recovers a send the provider lists', async () => {
    const sender = new CountingSender();
    sender.listsSent = true;
    const key = await queue();

    await expect(dispatcher(sender, () => Promise.reject(new Error('process stopped'))).drain()).rejects.toThrow('process stopped');
    clock.now = new Date(clock.now.getTime() + 11 * MINUTE);

    expect(await dispatcher(sender).drain()).toEqual({ sent: 0, failed: 0, recovered: 1 });
    expect(sender.sent).toHaveLength(1);
    expect(await row(key)).toMatchObject({ status: 'sent', provider_message_id: 'msg-1' });
  });

  it('resends an unconfirmed interrupted send', async () => {
    const sender = new CountingSender();
    const key = await queue();

    await expect(dispatcher(sender, () => Promise.reject(new Error('process stopped'))).drain()).rejects.toThrow('process stopped');
    clock.now = new Date(clock.now.getTime() + 11 * MINUTE);
    await dispatcher(sender).drain();

    expect(sender.sent.map((delivery) => delivery.idempotencyKey)).toEqual([key, key]);
    expect(await row(key)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('retries transient failures, not rejections', async () => {
    const sender = new CountingSender();
    sender.failures = [new Error('provider unavailable'), new PermanentDeliveryError('number refused', '21211')];
    const retried = await queue();
    const refused = await queue();

    expect(await dispatcher(sender).drain()).toEqual({ sent: 0, failed: 2, recovered: 0 });
    expect(await row(retried)).toMatchObject({ status: 'queued', last_error: 'Error: provider unavailable' });
    expect((await row(refused)).status).toBe('failed');

    expect(await dispatcher(sender).drain()).toEqual({ sent: 0, failed: 0, recovered: 0 });
    clock.now = new Date(clock.now.getTime() + MINUTE);
    expect(await dispatcher(sender).drain()).toEqual({ sent: 1, failed: 0, recovered: 0 });
    expect(sender.sent.map((delivery) => delivery.idempotencyKey)).toEqual([retried]);
  });

  it('fails a message without an address', async () => {
    const key = await queue({ patientId: 'patient-without-phone' });

    await dispatcher(new CountingSender()).drain();

    expect(await row(key)).toMatchObject({ status: 'failed' });
    expect((await row(key)).last_error).toContain('no sms address');
  });

  it('marks sandbox messages delivered', async () => {
    const key = await queue({ audience: 'care-team', channel: 'email', category: 'escalation' });

    await dispatcher(new SandboxSender()).drain();

    expect(await row(key)).toMatchObject({ status: 'delivered', sandbox: true, provider_message_id: `sandbox-${key}` });
  });
});
