import { contactPreferencesStream, type ContactChannel, type ContactPreferencesSet } from '../../domain/notifications/notification-events';
import type { EventStore } from '../event-store/event-store.port';
import type { SqlClient } from '../sql/sql-client';
import type { DeliveryChannel } from './delivery.port';
import type { RecipientDirectory } from './outbox-dispatcher';
import type { NotificationAudience, NotificationChannel, NotificationLanguage } from './notifications.port';

export interface CareTeamContact {
  email?: string;
  phone?: string;
}

export interface MessagePreferences {
  /** 'in-app' when the patient gave no address: the message is only shown in the app. */
  channel: NotificationChannel;
  language: NotificationLanguage;
}

/**
 * Directory of message channels and addresses. A patient is reached per their latest
 * ContactPreferencesSet, else in the app only, in the language of the patient record. Care-team
 * messages go to the configured team address, by e-mail when there is one.
 */
export class ContactDirectory implements RecipientDirectory {
  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
    private readonly careTeam: CareTeamContact,
  ) {}

  async preferencesOf(patientId: string, audience: NotificationAudience = 'patient'): Promise<MessagePreferences> {
    if (audience === 'care-team') {
      return { channel: this.careTeam.email ? 'email' : this.careTeam.phone ? 'sms' : 'in-app', language: 'en' };
    }

    const latest = await this.latestPreferences(patientId);
    if (latest) {
      return { channel: latest.channel, language: latest.language };
    }
    const { rows } = await this.sql.query<{ preferred_language: string }>(
      'select preferred_language from rm_patients.patients where patient_id = $1',
      [patientId],
    );
    return { channel: 'in-app', language: rows[0]?.preferred_language === 'fr' ? 'fr' : 'en' };
  }

  async addressOf(patientId: string, audience: NotificationAudience, channel: DeliveryChannel): Promise<string | undefined> {
    if (audience === 'care-team') {
      return channel === 'email' ? this.careTeam.email : this.careTeam.phone;
    }
    const latest = await this.latestPreferences(patientId);
    return (channel === 'email' ? latest?.email : latest?.phone) ?? undefined;
  }

  private async latestPreferences(patientId: string): Promise<ContactPreferencesSet['data'] | undefined> {
    const events = await this.store.readStream(contactPreferencesStream(patientId));
    const last = events.at(-1);
    return last ? (last.data as ContactPreferencesSet['data']) : undefined;
  }
}

export type { ContactChannel };
