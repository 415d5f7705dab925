import type { Logger } from 'pino';

import {
  DEFAULT_REMINDER_HOURS_BEFORE,
  planReminders,
  reminderMessage,
  type BookingCancelled,
  type BookingRescheduled,
  type SlotBooked,
} from '../../domain/scheduling';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import type { NotificationSender } from '../../infra/notifications/notifications.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import type { FiredTimer, TimerService } from '../../infra/timers/timers.port';
import type { EventSaga } from '../runner/saga-runner';
import { facilityNames, loadSlotState, preferredLanguage } from './saga-lookups';

// Appointment reminders: a booking schedules one durable timer per planned reminder (48 h and
// 2 h before); a cancellation or a move cancels them. When a timer fires and the appointment is
// still in that slot, the reminder goes to the outbox in the patient's language, keyed by the
// timer id, so a timer delivered twice sends one message.

export const REMINDER_TIMER = 'appointment-reminder';

const HANDLED = new Set(['SlotBooked', 'BookingCancelled', 'BookingRescheduled']);

interface ReminderPayload {
  slotId: string;
  appointmentId: string;
  patientId: string;
  hoursBefore: number;
}

export interface RemindersSagaDependencies {
  store: EventStore;
  sql: SqlClient;
  timers: TimerService;
  notifications: NotificationSender;
  logger: Logger;
}

export class RemindersSaga implements EventSaga {
  readonly name = 'scheduling-reminders';
  readonly eventTypes = HANDLED;

  constructor(private readonly deps: RemindersSagaDependencies) {}

  registerTimers(): void {
    this.deps.timers.handle(REMINDER_TIMER, (timer) => this.sendReminder(timer));
  }

  handles(event: StoredEvent): boolean {
    return HANDLED.has(event.type);
  }

  async react(stored: StoredEvent): Promise<void> {
    const event = stored as unknown as SlotBooked | BookingCancelled | BookingRescheduled;
    if (event.type === 'SlotBooked') {
      await this.scheduleReminders(event.data);
      return;
    }
    for (const hours of DEFAULT_REMINDER_HOURS_BEFORE) {
      await this.deps.timers.cancel(reminderTimerId(event.data.slotId, event.data.bookingId, hours));
    }
  }

  private async scheduleReminders(booking: SlotBooked['data']): Promise<void> {
    const slot = await loadSlotState(this.deps.store, booking.slotId);
    if (slot.status === 'unopened') return;

    const appointment = { bookingId: booking.bookingId, startsAt: slot.slot.startsAt, mode: slot.slot.mode, facilityName: slot.slot.facilityId };
    for (const reminder of planReminders(appointment, booking.bookedAt)) {
      const payload: ReminderPayload = { slotId: booking.slotId, appointmentId: booking.bookingId, patientId: booking.patientId, hoursBefore: reminder.hoursBefore };
      await this.deps.timers.schedule({
        timerId: reminderTimerId(booking.slotId, booking.bookingId, reminder.hoursBefore),
        kind: REMINDER_TIMER,
        dueAt: reminder.sendAt,
        payload: { ...payload },
      });
    }
  }

  private async sendReminder(timer: FiredTimer): Promise<void> {
    const { slotId, appointmentId, patientId } = timer.payload as unknown as ReminderPayload;
    const slot = await loadSlotState(this.deps.store, slotId);
    if (slot.status !== 'booked' || slot.booking.bookingId !== appointmentId) {
      this.deps.logger.info({ slotId, appointmentId }, 'reminder skipped: the appointment is no longer in this slot');
      return;
    }

    const language = await preferredLanguage(this.deps.sql, patientId);
    const names = await facilityNames(this.deps.sql, slot.slot.facilityId);
    const message = reminderMessage({ bookingId: appointmentId, startsAt: slot.slot.startsAt, mode: slot.slot.mode, facilityName: names[language] });

    await this.deps.notifications.send({
      idempotencyKey: timer.timerId,
      patientId,
      category: 'appointment-reminder',
      channel: 'sms',
      language,
      body: message[language],
      relatedId: appointmentId,
    });
  }
}

/** Returns the reminder's timer id, one per slot, appointment and offset, because a rescheduled appointment keeps its id but changes slot. */
// NOTE: an appointment moved away from a slot and later back into it finds its old, cancelled
// timers under the same ids, and scheduling an existing id changes nothing, so it gets no reminders.
export function reminderTimerId(slotId: string, appointmentId: string, hoursBefore: number): string {
  return `reminder/${slotId}/${appointmentId}-reminder-${hoursBefore}h`;
}
