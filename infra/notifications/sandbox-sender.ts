import type { Delivery, DeliveryReceipt, DeliverySender } from './delivery.port';

/**
 * The labelled sandbox: delivers nothing, and reports every message delivered at once, so a
 * demo shows the whole flow. The configuration refuses it in production.
 */
export class SandboxSender implements DeliverySender {
  readonly provider = 'sandbox';
  readonly sandbox = true;
  readonly channels = ['sms', 'voice', 'email'] as const;

  async send(delivery: Delivery): Promise<DeliveryReceipt> {
    return { provider: this.provider, providerMessageId: `sandbox-${delivery.idempotencyKey}`, delivered: true };
  }
}
