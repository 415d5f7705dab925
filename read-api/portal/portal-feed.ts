import { alertFrom, type PortalAlert } from '../../domain/portal/alerts';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import { hasCareRelationship } from '../../infra/auth/access-facts';

// Turns stored events into what one provider's portal shows live. The feed reads the event store
// itself, not the read models, so a booking reaches the portal as soon as it is stored; the read
// models only answer "is this patient in this provider's care", which was settled by the booking
// before any alert about the patient.

export type PortalItem =
  | { kind: 'booking'; change: 'booked' | 'cancelled' | 'moved-away'; appointmentId: string; patientId: string; slotId: string; startsAt: string; at: string }
  | { kind: 'alert'; alert: PortalAlert };

interface SlotFacts {
  providerId: string;
  startsAt: string;
}

/** The event types itemFor turns into portal items. */
export const PORTAL_FEED_EVENT_TYPES: ReadonlySet<string> = new Set(['SlotBooked', 'BookingCancelled', 'BookingRescheduled', 'EscalationRaised', 'TriageAssessed']);

export class PortalFeed {
  private readonly slots = new Map<string, SlotFacts>();

  constructor(
    private readonly store: EventStore,
    private readonly sql: SqlClient,
  ) {}

  async itemFor(event: StoredEvent, providerId: string): Promise<PortalItem | null> {
    switch (event.type) {
      case 'SlotBooked':
      case 'BookingCancelled':
      case 'BookingRescheduled':
        return this.bookingItem(event, providerId);
      case 'EscalationRaised':
      case 'TriageAssessed':
        return this.alertItem(event, providerId);
      default:
        return null;
    }
  }

  private async bookingItem(event: StoredEvent, providerId: string): Promise<PortalItem | null> {
    const slot = await this.slotFacts(event.streamId);
    if (!slot || slot.providerId !== providerId) return null;

    const data = event.data as { slotId: string; bookingId: string; patientId: string; bookedAt?: string; cancelledAt?: string; rescheduledAt?: string };
    let change: 'booked' | 'cancelled' | 'moved-away' = 'moved-away';
    if (event.type === 'SlotBooked') change = 'booked';
    if (event.type === 'BookingCancelled') change = 'cancelled';
    const at = data.bookedAt ?? data.cancelledAt ?? data.rescheduledAt ?? event.recordedAt.toISOString();
    return { kind: 'booking', change, appointmentId: data.bookingId, patientId: data.patientId, slotId: data.slotId, startsAt: slot.startsAt, at };
  }

  private async alertItem(event: StoredEvent, providerId: string): Promise<PortalItem | null> {
    const patientId = event.type === 'TriageAssessed' ? await this.triagePatient(event.streamId) : undefined;
    const alert = alertFrom({ eventId: event.eventId, type: event.type, data: event.data }, patientId);
    if (!alert || !(await hasCareRelationship(this.sql, providerId, alert.patientId))) return null;
    return { kind: 'alert', alert };
  }

  /** Returns a slot's provider and time, which never change after it opens, so they are kept once read. */
  private async slotFacts(slotStream: string): Promise<SlotFacts | null> {
    const known = this.slots.get(slotStream);
    if (known) return known;
    const [opened] = await this.store.readStream(slotStream, { maxCount: 1 });
    if (opened?.type !== 'SlotOpened') return null;
    const data = opened.data as { providerId: string; startsAt: string };
    const facts = { providerId: data.providerId, startsAt: data.startsAt };
    if (this.slots.size > 50_000) this.slots.clear();
    this.slots.set(slotStream, facts);
    return facts;
  }

  private async triagePatient(sessionStream: string): Promise<string | undefined> {
    const [started] = await this.store.readStream(sessionStream, { maxCount: 1 });
    const patientId = (started?.data as { patientId?: unknown } | undefined)?.patientId;
    return typeof patientId === 'string' ? patientId : undefined;
  }
}
