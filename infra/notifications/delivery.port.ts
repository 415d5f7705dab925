// The delivery port: hands one message to a channel's provider. The outbox dispatcher calls it
// for each queued message; adapters are Twilio (SMS, voice), SMTP (e-mail) and the labelled
// sandbox. (NotificationSender in notifications.port.ts is the older name of the queueing side.)

export type DeliveryChannel = 'sms' | 'voice' | 'email';

export interface Delivery {
  /** The outbox message's key; adapters pass it on so a provider's reports can be matched. */
  idempotencyKey: string;
  channel: DeliveryChannel;
  /** A phone number in E.164 form, or an e-mail address. */
  to: string;
  subject: string;
  body: string;
  language: 'en' | 'fr';
}

export interface DeliveryReceipt {
  provider: string;
  providerMessageId: string;
  /** True when the provider already confirmed delivery (the sandbox does); otherwise a status report follows or never comes. */
  delivered: boolean;
}

export interface DeliverySender {
  /** Names the provider in events and logs, such as 'twilio' or 'sandbox'. */
  readonly provider: string;
  /** A sandbox delivers nothing to anyone; it is never chosen in production. */
  readonly sandbox: boolean;
  readonly channels: readonly DeliveryChannel[];
  send(delivery: Delivery): Promise<DeliveryReceipt>;
  /**
   * Looks for a message this sender already handed over for the delivery since `since`, so a
   * resend after a crash between sending and recording is skipped. Undefined when the provider
   * offers no way to look.
   */
  findSent?(delivery: Delivery, since: string): Promise<DeliveryReceipt | undefined>;
}

/** A delivery the provider refused for good (a bad number); the dispatcher does not retry it. */
export class PermanentDeliveryError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/**
 * A delivery that failed but may pass later (an outage, a timeout). Adapters raise it in place of
 * the provider's error, whose message can quote the phone number or address, so nothing logged or
 * stored in the outbox carries one.
 */
export class TransientDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}

/** Sends each channel through the sender that serves it. */
export class ChannelRouter implements DeliverySender {
  readonly provider: string;
  readonly sandbox: boolean;
  readonly channels: readonly DeliveryChannel[];

  constructor(private readonly senders: readonly DeliverySender[]) {
    this.provider = senders.map((sender) => sender.provider).join('+');
    this.sandbox = senders.some((sender) => sender.sandbox);
    this.channels = [...new Set(senders.flatMap((sender) => sender.channels))];
  }

  send(delivery: Delivery): Promise<DeliveryReceipt> {
    return this.senderFor(delivery.channel).send(delivery);
  }

  async findSent(delivery: Delivery, since: string): Promise<DeliveryReceipt | undefined> {
    return this.senderFor(delivery.channel).findSent?.(delivery, since);
  }

  private senderFor(channel: DeliveryChannel): DeliverySender {
    const sender = this.senders.find((candidate) => candidate.channels.includes(channel));
    if (!sender) {
      throw new PermanentDeliveryError(`no sender is configured for channel ${channel}; configure one or set the patient's preference to another channel`, 'no-sender');
    }
    return sender;
  }
}
