import type { SqlClient } from '../sql/sql-client';
import { systemClock, type Clock } from '../timers/timers.port';
import type { NotificationOutbox, OutboundNotification, SentNotification } from './notifications.port';

// The embedded notifications adapter: every message becomes a row of notification_outbox in the
// store's database, status 'queued', keyed by its idempotency key. The patient app lists the rows;
// the dispatcher (outbox-dispatcher.ts) delivers them and records each step in the same row.
//
// NOTE: message bodies name the appointment time and the facility and are stored unencrypted
// here, unlike PHI inside events, so anyone with database access can read them.

export const OUTBOX_SCHEMA = `
create table if not exists notification_outbox (
  notification_id text primary key,
  patient_id text not null,
  category text not null,
  channel text not null,
  language text not null,
  body text not null,
  related_id text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
  queued_at timestamptz not null
);
create index if not exists notification_outbox_patient on notification_outbox (patient_id, queued_at desc);
alter table notification_outbox add column if not exists audience text not null default 'patient';
alter table notification_outbox add column if not exists subject text;
alter table notification_outbox add column if not exists attempts integer not null default 0;
alter table notification_outbox add column if not exists send_started_at timestamptz;
alter table notification_outbox add column if not exists next_attempt_at timestamptz;
alter table notification_outbox add column if not exists provider text;
alter table notification_outbox add column if not exists provider_message_id text;
alter table notification_outbox add column if not exists sandbox boolean not null default false;
alter table notification_outbox add column if not exists last_error text;
alter table notification_outbox add column if not exists sent_at timestamptz;
alter table notification_outbox add column if not exists delivered_at timestamptz;
alter table notification_outbox drop constraint if exists notification_outbox_status_check;
alter table notification_outbox add constraint notification_outbox_status_check
  check (status in ('queued', 'sending', 'sent', 'delivered', 'failed'));
create index if not exists notification_outbox_pending on notification_outbox (queued_at)
  where status in ('queued', 'sending') and channel <> 'in-app';
`;

interface OutboxRow {
  notification_id: string;
  patient_id: string;
  category: OutboundNotification['category'];
  channel: OutboundNotification['channel'];
  language: OutboundNotification['language'];
  body: string;
  related_id: string;
  status: SentNotification['status'];
  queued_at: Date | string;
}

export class SqlNotificationOutbox implements NotificationOutbox {
  private constructor(
    private readonly sql: SqlClient,
    private readonly clock: Clock,
  ) {}

  static async open(sql: SqlClient, clock: Clock = systemClock): Promise<SqlNotificationOutbox> {
    await sql.exec(OUTBOX_SCHEMA);
    return new SqlNotificationOutbox(sql, clock);
  }

  async send(notification: OutboundNotification): Promise<boolean> {
    const { rows } = await this.sql.query<{ notification_id: string }>(
      `insert into notification_outbox (notification_id, patient_id, category, channel, language, body, related_id, queued_at, audience, subject)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (notification_id) do nothing
       returning notification_id`,
      [
        notification.idempotencyKey,
        notification.patientId,
        notification.category,
        notification.channel,
        notification.language,
        notification.body,
        notification.relatedId,
        this.clock().toISOString(),
        notification.audience ?? 'patient',
        notification.subject ?? null,
      ],
    );
    return rows.length === 1;
  }

  async listForPatient(patientId: string, limit: number): Promise<SentNotification[]> {
    const { rows } = await this.sql.query<OutboxRow>(
      `select * from notification_outbox where patient_id = $1 order by queued_at desc, notification_id limit $2`,
      [patientId, limit],
    );
    return rows.map((row) => ({
      idempotencyKey: row.notification_id,
      patientId: row.patient_id,
      category: row.category,
      channel: row.channel,
      language: row.language,
      body: row.body,
      relatedId: row.related_id,
      status: row.status,
      queuedAt: new Date(row.queued_at).toISOString(),
    }));
  }
}
