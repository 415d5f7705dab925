import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import twilio from 'twilio';

import { monitoringStream } from '../../commands/monitoring/monitoring-streams';
import { notificationStream } from '../../domain/notifications';
import { loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { authHeaders, type TestIdentity } from '../support/auth';

// The monitoring and notification endpoints on the embedded product (PGlite), with Twilio played
// by a server on 127.0.0.1: a plan is started, its check-in timer is made due, the check-in
// message goes out by SMS in French, Twilio's signed status report marks it delivered, and the
// patient's answers, doses and monitoring summary go through the API.

const ACCOUNT_SID = `AC${'fedcba9876543210'.repeat(2)}`;
const AUTH_TOKEN = 'api-test-auth-token';
const STATUS_URL = 'https://ohip.example.test/api/v1/notifications/twilio/status';

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-monitoring-'));
let server: RunningServer;
let fakeTwilio: Server;
const smsSent: URLSearchParams[] = [];

beforeAll(async () => {
  fakeTwilio = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      smsSent.push(new URLSearchParams(Buffer.concat(chunks).toString()));
      response.setHeader('content-type', 'application/json');
      response.statusCode = 201;
      response.end(JSON.stringify({ sid: `SM${smsSent.length}`, status: 'queued' }));
    });
  });
  await new Promise<void>((resolve) => fakeTwilio.listen(0, '127.0.0.1', resolve));
  const twilioUrl = `http://127.0.0.1:${(fakeTwilio.address() as AddressInfo).port}`;

  server = await startServer(
    loadConfig({
      OHIP_DATA_DIR: dataDirectory,
      PORT: '0',
      LOG_LEVEL: 'silent',
      OHIP_IMPORT_SHARED_DATA: 'false',
      OHIP_SEED_DEMO_DIRECTORY: 'false',
      OHIP_NOTIFICATION_DELIVERY: 'live',
      OHIP_NOTIFICATION_DISPATCH_MS: '100',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: '+16135550100',
      TWILIO_STATUS_CALLBACK_URL: STATUS_URL,
      TWILIO_API_BASE_URL: twilioUrl,
      OHIP_CARE_TEAM_PHONE: '+16135550111',
    }),
  );
}, 180_000);

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => fakeTwilio.close(() => resolve()));
  rmSync(dataDirectory, { recursive: true, force: true });
});

interface HttpResult {
  status: number;
  /** Loosely typed JSON: the tests check it field by field. */
  body: any;
}

async function call(method: string, route: string, identity: TestIdentity | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(identity ? await authHeaders(server.url, identity) : {}), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const admin: TestIdentity = { role: 'admin' };
const patient = (patientId: string): TestIdentity => ({ role: 'patient', patientId });

async function startPlan(patientId: string, conditionCode: string) {
  const started = await call('POST', '/api/v1/monitoring-plans', admin, { patientId, journeyId: `journey-${randomUUID()}`, conditionCode });
  expect(started.status).toBe(201);
  const planId: string = started.body.planId;
  await eventually(
    () => server.runtime.sql.query('select 1 from rm_monitoring.plans where plan_id = $1', [planId]),
    (result) => result.rows.length === 1,
    'the plan in rm_monitoring',
  );
  return planId;
}

/** Makes the check-in's durable timer due now, as the passing of a day would. */
async function makeDue(checkInId: string, patientId: string) {
  // The saga sets the timer shortly after the plan starts; wait for it, then bring it forward.
  await eventually(
    () => server.runtime.sql.query(`update scheduled_timers set due_at = now() where timer_id = $1 returning timer_id`, [`check-in-due/${checkInId}`]),
    (result) => result.rows.length === 1,
    `the timer of check-in ${checkInId}`,
  );
  await eventually(
    () => call('GET', `/api/v1/patients/${patientId}/check-ins`, patient(patientId)),
    (result) => result.body?.pending?.some((checkIn: { checkInId: string; status: string }) => checkIn.checkInId === checkInId && checkIn.status === 'sent'),
    `check-in ${checkInId} to be sent`,
  );
}

describe('monitoring API', () => {
  it('rejects an unsent check-in answer with 409', async () => {
    const patientId = `p-${randomUUID()}`;
    const planId = await startPlan(patientId, 'copd');

    const refused = await call('POST', `/api/v1/check-ins/${planId}.1/answers`, patient(patientId), { answers: { spo2: 95 } });

    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('it is scheduled');
    expect(refused.body.status).toBe(409);
    const types = (await server.runtime.store.readStream(monitoringStream(patientId))).map((event) => event.type);
    expect(types).toEqual(['MonitoringPlanStarted', 'CheckInScheduled']);
  });

  it('sends an SMS and records its delivery', async () => {
    const patientId = `p-${randomUUID()}`;
    const preferences = await call('PUT', `/api/v1/patients/${patientId}/contact-preferences`, patient(patientId), { channel: 'sms', language: 'fr', phone: '+16135550199' });
    expect(preferences.status).toBe(200);
    const planId = await startPlan(patientId, 'heart-failure');

    await makeDue(`${planId}.1`, patientId);
    const sms = await eventually(async () => smsSent.find((form) => form.get('To') === '+16135550199'), Boolean, 'the SMS at the Twilio server');
    expect(sms!.get('Body')).toMatch(/^Votre suivi de santé est prêt/);

    const key = `check-in-due/${planId}.1`;
    const callback = new URL(sms!.get('StatusCallback')!);
    expect(callback.searchParams.get('key')).toBe(key);
    const report = { MessageSid: 'SM-report', MessageStatus: 'delivered', AccountSid: ACCOUNT_SID };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, callback.toString(), report);
    const form = new URLSearchParams(report).toString();
    const statusRoute = `/api/v1/notifications/twilio/status${callback.search}`;
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

    const forged = await call('POST', statusRoute, undefined, form, { ...formHeaders, 'x-twilio-signature': 'bm90IGEgc2lnbmF0dXJl' });
    expect(forged.status).toBe(403);
    const accepted = await call('POST', statusRoute, undefined, form, { ...formHeaders, 'x-twilio-signature': signature });
    expect(accepted.status).toBe(204);
    const again = await call('POST', statusRoute, undefined, form, { ...formHeaders, 'x-twilio-signature': signature });
    expect(again.status).toBe(204);

    const delivered = await server.runtime.store.readStream(notificationStream(key));
    expect(delivered.map((event) => event.type)).toEqual(['NotificationDelivered']);
    const { rows } = await server.runtime.sql.query<{ status: string }>('select status from notification_outbox where notification_id = $1', [key]);
    expect(rows[0]!.status).toBe('delivered');
  });

  it('records answers, doses and NEWS2', async () => {
    const patientId = `p-${randomUUID()}`;
    const planId = await startPlan(patientId, 'copd');
    await makeDue(`${planId}.1`, patientId);

    const vitals = { respiratory_rate: 26, spo2: 93, on_supplemental_oxygen: false, systolic_bp: 120, pulse_bpm: 95, new_confusion: false, temperature_c: 37.2, shortness_of_breath: 3 };
    const answered = await call('POST', `/api/v1/check-ins/${planId}.1/answers`, patient(patientId), { answers: vitals });
    expect(answered.status).toBe(201);
    expect(answered.body.events).toEqual(['CheckInAnswered', 'News2Scored', 'EscalationRaised']);

    const second = await call('POST', `/api/v1/check-ins/${planId}.1/answers`, patient(patientId), { answers: vitals });
    expect(second.status).toBe(409);
    const invalid = await call('POST', `/api/v1/check-ins/${planId}.2/answers`, patient(patientId), { answers: { spo2: 'high' } });
    expect(invalid.status).toBe(400);

    const today = new Date();
    for (const [hoursAgo, status] of [[30, 'confirmed'], [6, 'missed']] as const) {
      const dose = await call('POST', `/api/v1/patients/${patientId}/doses`, patient(patientId), {
        medication: 'furosemide 40 mg',
        scheduledFor: new Date(today.getTime() - hoursAgo * 3_600_000).toISOString(),
        status,
      });
      expect(dose.status).toBe(201);
    }
    const badDose = await call('POST', `/api/v1/patients/${patientId}/doses`, patient(patientId), { medication: '', scheduledFor: 'yesterday', status: 'taken' });
    expect(badDose.status).toBe(400);

    const summary = await call('GET', `/api/v1/patients/${patientId}/monitoring`, patient(patientId));
    expect(summary.status).toBe(200);
    // RR 26 scores 3, SpO2 93 scores 2, pulse 95 scores 1: 6, medium.
    expect(summary.body.news2).toMatchObject({ total: 6, band: 'medium', redScore: true, checkInId: `${planId}.1` });
    expect(summary.body.adherence).toMatchObject({ confirmed: 1, missed: 1, percentage: 50 });
    expect(summary.body.escalations).toEqual([expect.objectContaining({ ruleId: 'news2', action: 'URGENT_CALLBACK', priority: 'high' })]);
    expect(summary.body.trends.spo2.recent).toEqual([expect.objectContaining({ value: 93 })]);

    const checkIns = await call('GET', `/api/v1/patients/${patientId}/check-ins?lang=fr`, patient(patientId));
    expect(checkIns.body.answered).toHaveLength(1);
    expect(checkIns.body.answered[0].questions[0].text).toBe('À quel point êtes-vous essoufflé aujourd’hui?');
    expect(checkIns.body.pending.map((checkIn: { checkInId: string }) => checkIn.checkInId)).toEqual([`${planId}.2`]);
  });

  it('hides other patients monitoring', async () => {
    const patientId = `p-${randomUUID()}`;
    await startPlan(patientId, 'diabetes');

    const checkIns = await call('GET', `/api/v1/patients/${patientId}/check-ins`, patient(`p-${randomUUID()}`));
    const monitoring = await call('GET', `/api/v1/patients/${patientId}/monitoring`, patient(`p-${randomUUID()}`));

    expect(checkIns.status).toBe(403);
    expect(monitoring.status).toBe(403);
  });
});
