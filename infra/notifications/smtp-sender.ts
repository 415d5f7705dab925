import nodemailer, { type Transporter } from 'nodemailer';

import { PermanentDeliveryError, TransientDeliveryError, type Delivery, type DeliveryReceipt, type DeliverySender } from './delivery.port';

export interface SmtpSettings {
  /** smtp://user:password@host:port or smtps://... */
  url: string;
  from: string;
  /** The domain of the Message-ID header. */
  messageIdDomain: string;
}

/**
 * E-mail through an SMTP relay. The Message-ID is derived from the idempotency key, so a copy
 * resent after a crash carries the same id and mail clients that thread by it show one message.
 */
export class SmtpSender implements DeliverySender {
  readonly provider = 'smtp';
  readonly sandbox = false;
  readonly channels = ['email'] as const;
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport(settings.url);
  }

  async send(delivery: Delivery): Promise<DeliveryReceipt> {
    const messageId = `<${encodeURIComponent(delivery.idempotencyKey)}@${this.settings.messageIdDomain}>`;
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: delivery.to,
        subject: delivery.subject,
        text: delivery.body,
        messageId,
        headers: { 'Content-Language': delivery.language === 'fr' ? 'fr-CA' : 'en-CA' },
      });
      return { provider: this.provider, providerMessageId: messageId, delivered: false };
    } catch (error) {
      // SMTP 5xx replies are permanent refusals (unknown mailbox); 4xx and network errors pass later.
      const code = (error as { responseCode?: number }).responseCode;
      if (typeof code === 'number' && code >= 500) {
        throw new PermanentDeliveryError(`the SMTP relay rejected the message with reply ${code}; check the recipient address`, String(code));
      }
      const reason = typeof code === 'number' ? `reply ${code}` : ((error as { code?: string }).code ?? 'no response');
      throw new TransientDeliveryError(`the SMTP delivery failed (${reason}); it is retried later`);
    }
  }

  close(): void {
    this.transport.close();
  }
}
