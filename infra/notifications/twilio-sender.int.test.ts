import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import twilio from 'twilio';

import { PermanentDeliveryError, TransientDeliveryError, type Delivery } from './delivery.port';
import { callbackUrl, isGenuineTwilioReport, TwilioSender } from './twilio-sender';

// The Twilio adapter against a server on 127.0.0.1 that plays the Twilio REST API and records
// what the SDK sends: the SDK is pointed at it by a RequestClient that rewrites the base URL, so
// no request leaves the machine.

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const AUTH_TOKEN = 'test-auth-token';
const FROM = '+16135550100';
const STATUS_URL = 'https://ohip.example.test/api/v1/notifications/twilio/status';

interface Received {
  method: string;
  path: string;
  authorization: string | undefined;
  form: URLSearchParams;
  query: URLSearchParams;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
let nextStatus = 201;

beforeAll(async () => {
  server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  received.length = 0;
  nextStatus = 201;
});

async function answer(request: IncomingMessage, response: import('node:http').ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const url = new URL(request.url ?? '/', baseUrl);
  received.push({ method: request.method ?? '', path: url.pathname, authorization: request.headers.authorization, form: new URLSearchParams(Buffer.concat(chunks).toString()), query: url.searchParams });

  response.setHeader('content-type', 'application/json');
  if (nextStatus >= 400) {
    response.statusCode = nextStatus;
    response.end(JSON.stringify({ code: 21211, message: "The 'To' number is not a valid phone number.", status: nextStatus }));
    return;
  }
  if (request.method === 'GET' && url.pathname.endsWith('/Messages.json')) {
    const page = { messages: [{ sid: 'SMearlier', body: 'Your check-in is ready.', to: url.searchParams.get('To') }], meta: { next_page_url: null }, next_page_uri: null };
    response.end(JSON.stringify(page));
    return;
  }
  response.statusCode = nextStatus;
  const sid = url.pathname.endsWith('/Calls.json') ? 'CA0001' : 'SM0001';
  response.end(JSON.stringify({ sid, status: 'queued', account_sid: ACCOUNT_SID }));
}

function sender() {
  return new TwilioSender({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, fromNumber: FROM, statusCallbackUrl: STATUS_URL, apiBaseUrl: baseUrl });
}

function delivery(options: Partial<Delivery> = {}): Delivery {
  return { idempotencyKey: 'check-in-due/plan-1.1', channel: 'sms', to: '+16135550199', subject: '', body: 'Your check-in is ready.', language: 'en', ...options };
}

describe('TwilioSender', () => {
  it('sends an SMS with messages.create', async () => {
    const receipt = await sender().send(delivery());

    expect(receipt).toEqual({ provider: 'twilio', providerMessageId: 'SM0001', delivered: false });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.method).toBe('POST');
    expect(request!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request!.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request!.form.get('To')).toBe('+16135550199');
    expect(request!.form.get('From')).toBe(FROM);
    expect(request!.form.get('Body')).toBe('Your check-in is ready.');
    expect(new URL(request!.form.get('StatusCallback')!).searchParams.get('key')).toBe('check-in-due/plan-1.1');
  });

  it('places a call with French TwiML', async () => {
    const receipt = await sender().send(delivery({ channel: 'voice', language: 'fr', body: 'Votre suivi est prêt.' }));

    expect(receipt.providerMessageId).toBe('CA0001');
    const [request] = received;
    expect(request!.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    expect(request!.form.get('Twiml')).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say language="fr-CA">Votre suivi est prêt.</Say></Response>');
    expect(request!.form.get('StatusCallback')).toContain('key=check-in-due');
  });

  it('reports a rejected number as permanent', async () => {
    nextStatus = 400;

    const failure = await sender().send(delivery()).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PermanentDeliveryError);
    expect((failure as Error).message).not.toContain('+16135550199');
  });

  it('reports an outage as retryable', async () => {
    nextStatus = 503;

    const failure = await sender().send(delivery()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientDeliveryError);
    expect((failure as Error).message).toBe('the Twilio request failed (status 503); it is retried later');
  });

  it('finds an SMS already sent', async () => {
    const found = await sender().findSent(delivery(), '2030-01-01T00:00:00.000Z');
    const notFound = await sender().findSent(delivery({ body: 'another text' }), '2030-01-01T00:00:00.000Z');

    expect(found?.providerMessageId).toBe('SMearlier');
    expect(notFound).toBeUndefined();
    expect(received[0]!.method).toBe('GET');
    expect(received[0]!.query.get('To')).toBe('+16135550199');
    expect(received[0]!.query.get('DateSent>')).toBe('2030-01-01T00:00:00Z');
  });
});

describe('Twilio status report signatures', () => {
  const url = callbackUrl(STATUS_URL, 'check-in-due/plan-1.1');
  const params = { MessageSid: 'SM0001', MessageStatus: 'delivered' };

  it('accepts a correctly signed report', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);

    expect(isGenuineTwilioReport(AUTH_TOKEN, signature, url, params)).toBe(true);
  });

  it('rejects altered or unsigned reports', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params);

    expect(isGenuineTwilioReport(AUTH_TOKEN, signature, url, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(isGenuineTwilioReport(AUTH_TOKEN, signature, callbackUrl(STATUS_URL, 'other'), params)).toBe(false);
    expect(isGenuineTwilioReport(AUTH_TOKEN, undefined, url, params)).toBe(false);
  });
});
