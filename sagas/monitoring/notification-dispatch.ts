import type { Logger } from 'pino';

import { ChannelRouter, type DeliverySender } from '../../infra/notifications/delivery.port';
import type { NotificationConfig } from '../../infra/notifications/notification-config';
import type { OutboxDispatcher } from '../../infra/notifications/outbox-dispatcher';
import { SandboxSender } from '../../infra/notifications/sandbox-sender';
import { SmtpSender } from '../../infra/notifications/smtp-sender';
import { TwilioSender } from '../../infra/notifications/twilio-sender';

/** Builds the configured sender; undefined for 'outbox', where messages are only shown in the app. */
export function deliverySenderFor(config: NotificationConfig): DeliverySender | undefined {
  switch (config.delivery) {
    case 'outbox':
      return undefined;
    case 'sandbox':
      return new SandboxSender();
    case 'live': {
      const senders: DeliverySender[] = [];
      if (config.twilio) senders.push(new TwilioSender(config.twilio));
      if (config.smtp) senders.push(new SmtpSender(config.smtp));
      return new ChannelRouter(senders);
    }
  }
}

/** Drains the outbox every interval until stopped; a failed drain is logged and tried again. */
export class DispatchLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.dispatcher
        .drain()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'notification dispatch failed; retrying at the next interval'))
        .finally(() => this.schedule());
    }, this.intervalMs);
  }
}
