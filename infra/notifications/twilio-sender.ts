import twilio from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';

import { PermanentDeliveryError, TransientDeliveryError, type Delivery, type DeliveryReceipt, type DeliverySender } from './delivery.port';

// SMS and voice through Twilio. An SMS is messages.create; a call is calls.create with TwiML
// that reads the message aloud in the patient's language. Each message's status callback URL
// carries its idempotency key, so the status reports Twilio posts back are matched to the outbox
// row without storing anything else.

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  /** Public URL of POST /api/v1/notifications/twilio/status. */
  statusCallbackUrl: string;
  /** Replaces https://api.twilio.com and the other Twilio hosts, for tests against a local server. */
  apiBaseUrl?: string;
}

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/;

/** Sends the SDK's requests to another base URL; used by tests with a server on 127.0.0.1. */
export class RebasedRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request({ ...options, uri: options.uri.replace(TWILIO_HOST, this.baseUrl) });
  }
}

export class TwilioSender implements DeliverySender {
  readonly provider = 'twilio';
  readonly sandbox = false;
  readonly channels = ['sms', 'voice'] as const;
  private readonly client: twilio.Twilio;

  constructor(private readonly settings: TwilioSettings) {
    const httpClient = settings.apiBaseUrl ? new RebasedRequestClient(settings.apiBaseUrl) : undefined;
    this.client = twilio(settings.accountSid, settings.authToken, httpClient ? { httpClient } : {});
  }

  async send(delivery: Delivery): Promise<DeliveryReceipt> {
    const statusCallback = callbackUrl(this.settings.statusCallbackUrl, delivery.idempotencyKey);
    try {
      const sid =
        delivery.channel === 'voice'
          ? (await this.client.calls.create({ to: delivery.to, from: this.settings.fromNumber, twiml: spokenMessage(delivery), statusCallback })).sid
          : (await this.client.messages.create({ to: delivery.to, from: this.settings.fromNumber, body: delivery.body, statusCallback })).sid;
      return { provider: this.provider, providerMessageId: sid, delivered: false };
    } catch (error) {
      throw classify(error);
    }
  }

  /**
   * An SMS counts as already sent when Twilio lists one to the same number with the same body
   * since the send began; a call, when any call to the number was placed since then.
   */
  async findSent(delivery: Delivery, since: string): Promise<DeliveryReceipt | undefined> {
    const after = new Date(since);
    const filter = { to: delivery.to, from: this.settings.fromNumber, limit: 50 };
    const sid =
      delivery.channel === 'voice'
        ? (await this.client.calls.list({ ...filter, startTimeAfter: after }))[0]?.sid
        : (await this.client.messages.list({ ...filter, dateSentAfter: after })).find((message) => message.body === delivery.body)?.sid;
    return sid ? { provider: this.provider, providerMessageId: sid, delivered: false } : undefined;
  }
}

/** Checks the X-Twilio-Signature of a status report against the URL Twilio posted to. */
export function isGenuineTwilioReport(authToken: string, signature: string | undefined, url: string, params: Record<string, string>): boolean {
  return signature !== undefined && twilio.validateRequest(authToken, signature, url, params);
}

export function callbackUrl(base: string, idempotencyKey: string): string {
  const url = new URL(base);
  url.searchParams.set('key', idempotencyKey);
  return url.toString();
}

function spokenMessage(delivery: Delivery): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say({ language: delivery.language === 'fr' ? 'fr-CA' : 'en-CA' }, delivery.body);
  return response.toString();
}

// A 4xx other than 429 is Twilio rejecting this message (an invalid number, an unsubscribed
// recipient): sending it again cannot succeed. Anything else may pass on a later try.
function classify(error: unknown): Error {
  const status = (error as { status?: number }).status;
  const code = (error as { code?: number }).code;
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) {
    return new PermanentDeliveryError(`Twilio rejected the message with status ${status} (code ${code ?? 'none'}); check the recipient number`, String(code ?? status));
  }
  const reason = typeof status === 'number' ? `status ${status}` : ((error as { code?: string }).code ?? 'no response');
  return new TransientDeliveryError(`the Twilio request failed (${reason}); it is retried later`);
}
