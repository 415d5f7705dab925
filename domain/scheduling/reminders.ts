// Appointment reminders: when to send them and their text, in English and Canadian French.
// The notification adapter stores each planned reminder as a durable timer keyed by its
// reminderId, so planning twice for the same booking schedules nothing twice.

import { ValidationError } from '../shared/errors';
import type { CareMode } from './slot-events';
import { formatInstant, HOUR_MS, parseInstant } from './time';
import type { LocalizedText } from './urgency';

// Two days ahead leaves time to rebook a cancelled slot from the waitlist. Two hours ahead
// catches patients who forgot on the day, while they can still travel.
export const DEFAULT_REMINDER_HOURS_BEFORE: readonly number[] = [48, 2];

const ONTARIO_TIME_ZONE = 'America/Toronto';

export interface RemindedAppointment {
  bookingId: string;
  startsAt: string;
  mode: CareMode;
  facilityName: string;
}

export interface PlannedReminder {
  reminderId: string;
  bookingId: string;
  hoursBefore: number;
  sendAt: string;
  message: LocalizedText;
}

/** Plans the reminders still ahead of `now`, earliest first; reminders already due are skipped. */
export function planReminders(
  appointment: RemindedAppointment,
  now: string,
  hoursBefore: readonly number[] = DEFAULT_REMINDER_HOURS_BEFORE,
): PlannedReminder[] {
  const nowMs = parseInstant('now', now);
  const startsAtMs = parseInstant('startsAt', appointment.startsAt);
  validateOffsets(hoursBefore);
  const message = reminderMessage(appointment);

  return [...new Set(hoursBefore)]
    .sort((a, b) => b - a)
    .map((hours) => ({ hours, sendAtMs: startsAtMs - hours * HOUR_MS }))
    .filter(({ sendAtMs }) => sendAtMs > nowMs)
    .map(({ hours, sendAtMs }) => ({
      reminderId: `${appointment.bookingId}-reminder-${hours}h`,
      bookingId: appointment.bookingId,
      hoursBefore: hours,
      sendAt: formatInstant(sendAtMs),
      message,
    }));
}

// NOTE: an in-person reminder names the facility, which can show on a locked phone screen. When
// the name reveals the kind of care (a mental health or sexual health clinic), a bystander
// learns more than the patient may want.
export function reminderMessage(appointment: RemindedAppointment): LocalizedText {
  const startsAt = new Date(parseInstant('startsAt', appointment.startsAt));
  const en = { date: formatDate('en-CA', startsAt), time: formatTime('en-CA', startsAt) };
  const fr = { date: formatDate('fr-CA', startsAt), time: formatTime('fr-CA', startsAt) };

  if (appointment.mode === 'telemedicine') {
    return {
      en: `Reminder: your video appointment is on ${en.date} at ${en.time}. Open OHIP Forward a few minutes before to join. To cancel or change it, use the app.`,
      fr: `Rappel : votre rendez-vous vidéo est le ${fr.date} à ${fr.time}. Ouvrez OHIP Forward quelques minutes avant pour vous joindre. Pour l'annuler ou le modifier, utilisez l'application.`,
    };
  }
  return {
    en: `Reminder: your appointment at ${appointment.facilityName} is on ${en.date} at ${en.time}. To cancel or change it, use OHIP Forward.`,
    fr: `Rappel : votre rendez-vous à ${appointment.facilityName} est le ${fr.date} à ${fr.time}. Pour l'annuler ou le modifier, utilisez OHIP Forward.`,
  };
}

function formatDate(locale: string, instant: Date): string {
  return new Intl.DateTimeFormat(locale, { timeZone: ONTARIO_TIME_ZONE, dateStyle: 'full' }).format(instant);
}

function formatTime(locale: string, instant: Date): string {
  return new Intl.DateTimeFormat(locale, { timeZone: ONTARIO_TIME_ZONE, timeStyle: 'short' }).format(instant);
}

function validateOffsets(hoursBefore: readonly number[]): void {
  hoursBefore.forEach((hours, index) => {
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
      throw ValidationError.forField(`hoursBefore[${index}]`, `must be a number of hours above 0; got ${hours}`);
    }
  });
}
