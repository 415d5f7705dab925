import type { Logger } from 'pino';

import type { SqlClient } from '../sql/sql-client';
import { systemClock, type Clock } from '../timers/timers.port';
import { PermanentDeliveryError, type Delivery, type DeliveryChannel, type DeliveryReceipt, type DeliverySender } from './delivery.port';
import type { NotificationAudience } from './notifications.port';

// Drains the outbox through the configured sender, at least once, in three recorded steps:
//
//   1. claim:  the row goes 'queued' -> 'sending' with send_started_at (before the send)
//   2. send:   the sender hands the message to its provider
//   3. record: the row goes 'sending' -> 'sent' (or 'delivered') with the provider's id (after)
//
// A process that stops between 2 and 3 leaves the row 'sending'. The next drain leaves such a
// row alone for `resendAfterMs`, time for the provider's status report to arrive and mark it
// (see recordProviderReport). After that it calls the sender's findSent (Twilio lists the
// messages to that number since the send began) and resends only when that finds nothing.
// NOTE: a message that went out but whose status report never arrived, and that the provider's
// list does not show, is sent a second time after `resendAfterMs`; every interrupted e-mail is
// (SMTP has no list to look in). A call is matched on its number only, so another call to the
// same number in that window is taken for it and the interrupted call is not placed again.

export interface ResolvedRecipient {
  to: string;
}

/** Finds where a message goes at send time, so the outbox never stores a phone number or address. */
export interface RecipientDirectory {
  /** Undefined when the recipient has no address for the channel; the message then fails. */
  addressOf(patientId: string, audience: NotificationAudience, channel: DeliveryChannel): Promise<string | undefined>;
}

export interface DispatcherOptions {
  clock?: Clock;
  /** How long a 'sending' row waits for its status report before the sender is asked about it. */
  resendAfterMs?: number;
  /** Deliveries per message before it is marked failed. */
  maxAttempts?: number;
  batchSize?: number;
  /** Called between the send and its record; tests use it to simulate a crash there. */
  afterSend?: (key: string) => Promise<void>;
}

interface PendingRow {
  notification_id: string;
  patient_id: string;
  channel: DeliveryChannel;
  language: 'en' | 'fr';
  body: string;
  subject: string | null;
  audience: NotificationAudience;
  attempts: number;
  send_started_at: Date | string | null;
}

export interface DrainResult {
  sent: number;
  failed: number;
  /** In flight rows found already sent by the provider, recorded without a resend. */
  recovered: number;
}

// Ten minutes covers Twilio's usual status report delay with room to spare.
const DEFAULT_RESEND_AFTER_MS = 10 * 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const FIRST_RETRY_DELAY_MS = 30_000;

export class OutboxDispatcher {
  private readonly clock: Clock;
  private readonly resendAfterMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;

  constructor(
    private readonly sql: SqlClient,
    private readonly sender: DeliverySender,
    private readonly recipients: RecipientDirectory,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.resendAfterMs = options.resendAfterMs ?? DEFAULT_RESEND_AFTER_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.batchSize = options.batchSize ?? 50;
  }

  /** Delivers every message that is due now; the poller calls it, tests call it after moving the clock. */
  async drain(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, failed: 0, recovered: 0 };
    for (const row of await this.claim()) {
      const outcome = await this.deliver(row);
      result[outcome] += 1;
    }
    return result;
  }

  private async claim(): Promise<PendingRow[]> {
    const now = this.clock();
    const staleBefore = new Date(now.getTime() - this.resendAfterMs).toISOString();
    const { rows } = await this.sql.query<PendingRow>(
      `update notification_outbox o set status = 'sending', attempts = o.attempts + 1, send_started_at = $1
       from (select notification_id, status as previous_status, send_started_at as previous_start from notification_outbox
             where channel <> 'in-app'
               and ((status = 'queued' and (next_attempt_at is null or next_attempt_at <= $1))
                 or (status = 'sending' and send_started_at <= $2))
             order by queued_at, notification_id
             limit $3
             for update skip locked) due
       where o.notification_id = due.notification_id
       returning o.notification_id, o.patient_id, o.channel, o.language, o.body, o.subject, o.audience, o.attempts,
         case when due.previous_status = 'sending' then due.previous_start end as send_started_at`,
      [now.toISOString(), staleBefore, this.batchSize],
    );
    return rows;
  }

  private async deliver(row: PendingRow): Promise<'sent' | 'failed' | 'recovered'> {
    const fields = { notificationId: row.notification_id, channel: row.channel, attempt: row.attempts };
    let receipt: DeliveryReceipt;
    try {
      const to = await this.recipients.addressOf(row.patient_id, row.audience, row.channel);
      if (!to) {
        throw new PermanentDeliveryError(`the ${row.audience} has no ${row.channel} address; add one to the contact preferences`, 'no-address');
      }
      const delivery: Delivery = {
        idempotencyKey: row.notification_id,
        channel: row.channel,
        to,
        subject: row.subject ?? '',
        body: row.body,
        language: row.language,
      };

      const earlier = row.send_started_at ? await this.sender.findSent?.(delivery, new Date(row.send_started_at).toISOString()) : undefined;
      if (earlier) {
        await this.recordSent(row.notification_id, earlier);
        this.logger.info({ ...fields, provider: earlier.provider }, 'message found already sent after an interrupted delivery; not sent again');
        return 'recovered';
      }

      receipt = await this.sender.send(delivery);
    } catch (error) {
      await this.recordFailure(row, error);
      return 'failed';
    }

    // Past the send, an error must not requeue the row: that would send the message again. It
    // propagates and leaves the row 'sending' for the recovery described above.
    await this.options.afterSend?.(row.notification_id);
    await this.recordSent(row.notification_id, receipt);
    this.logger.info({ ...fields, provider: receipt.provider }, 'message handed to its provider');
    return 'sent';
  }

  private async recordSent(notificationId: string, receipt: DeliveryReceipt): Promise<void> {
    const now = this.clock().toISOString();
    await this.sql.query(
      `update notification_outbox
       set status = case when status = 'delivered' or $4 then 'delivered' else 'sent' end,
           provider = $2, provider_message_id = $3, sandbox = $5, sent_at = $6,
           delivered_at = case when $4 then $6::timestamptz else delivered_at end, last_error = null
       where notification_id = $1`,
      [notificationId, receipt.provider, receipt.providerMessageId, receipt.delivered, this.sender.sandbox, now],
    );
  }

  // A refused message or the last attempt fails for good; otherwise the next try waits 30 s,
  // 1 min, 2 min ... so a provider outage is not hammered.
  private async recordFailure(row: PendingRow, error: unknown): Promise<void> {
    const permanent = error instanceof PermanentDeliveryError;
    const failed = permanent || row.attempts >= this.maxAttempts;
    const retryAt = new Date(this.clock().getTime() + FIRST_RETRY_DELAY_MS * 2 ** (row.attempts - 1)).toISOString();
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await this.sql.query(
      `update notification_outbox set status = $2, last_error = $3, next_attempt_at = $4, send_started_at = null
       where notification_id = $1 and status = 'sending'`,
      [row.notification_id, failed ? 'failed' : 'queued', reason.slice(0, 1_000), failed ? null : retryAt],
    );
    const fields = { notificationId: row.notification_id, channel: row.channel, attempt: row.attempts, err: error };
    if (failed) {
      this.logger.error(fields, 'message could not be delivered; marked failed');
    } else {
      this.logger.warn({ ...fields, retryAt }, 'message delivery failed; retrying later');
    }
  }
}

/**
 * Records a provider's status report on the outbox row of its idempotency key. Returns false for
 * an unknown key. A late 'sent' report never downgrades a delivered or failed row.
 */
export async function recordProviderReport(
  sql: SqlClient,
  report: { idempotencyKey: string; providerMessageId: string; outcome: 'sent' | 'delivered' | 'failed'; at: string },
): Promise<boolean> {
  const { rows } = await sql.query<{ notification_id: string }>(
    `update notification_outbox
     set status = case when $3 = 'sent' and status in ('delivered', 'failed') then status else $3 end,
         provider_message_id = coalesce(provider_message_id, $2),
         delivered_at = case when $3 = 'delivered' then $4::timestamptz else delivered_at end,
         sent_at = coalesce(sent_at, $4::timestamptz)
     where notification_id = $1
     returning notification_id`,
    [report.idempotencyKey, report.providerMessageId, report.outcome, report.at],
  );
  return rows.length === 1;
}
