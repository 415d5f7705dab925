// Weekly demo schedules: a practitioner works the same few half-day sessions every week, and
// each session is cut into back-to-back slots of the role's length.

import type { ScheduledSlot } from './provider-events';
import type { OpenSchedule } from './provider-commands';
import { addCalendarDays, dayOfWeek, ontarioLocalTimeToUtc } from './ontario-time';
import { integerBetween, type RandomSource } from './seeded-random';

interface Session {
  /** 0 for Monday through 4 for Friday. */
  weekday: number;
  startMinute: number;
  endMinute: number;
}

// Morning 09:00–12:00 and afternoon 13:00–16:30, Monday to Friday: ordinary clinic hours.
const SESSION_HOURS = [
  { startMinute: 9 * 60, endMinute: 12 * 60 },
  { startMinute: 13 * 60, endMinute: 16 * 60 + 30 },
];
const ALL_SESSIONS: readonly Session[] = [0, 1, 2, 3, 4].flatMap((weekday) => SESSION_HOURS.map((hours) => ({ weekday, ...hours })));

// Three to six half-days a week: part-time to a full clinical week once administration and
// hospital duties take their share.
const MIN_SESSIONS = 3;
const MAX_SESSIONS = 6;

export interface DemoScheduleRequest {
  providerId: string;
  roleId: string;
  slotMinutes: number;
  telemedicineShare: number;
  /** A Monday, YYYY-MM-DD, on the Ontario calendar. */
  weekStartsOn: string;
  weeks: number;
  now: string;
}

/** Draws a weekly session pattern and returns one OpenSchedule per week, all marked demo. */
export function generateDemoSchedules(random: RandomSource, request: DemoScheduleRequest): OpenSchedule[] {
  if (dayOfWeek(request.weekStartsOn) !== 1) {
    throw new Error(`weekStartsOn must be a Monday; ${request.weekStartsOn} is not`);
  }
  const sessions = drawSessions(random);

  return Array.from({ length: request.weeks }, (_, week) => {
    const weekStart = addCalendarDays(request.weekStartsOn, week * 7);
    const scheduleId = `${request.providerId}-week-${weekStart}`;
    const slots = sessions.flatMap((session) => sessionSlots(random, request, weekStart, session));
    const numbered = slots.map((slot, index) => ({ ...slot, slotId: `${scheduleId}-${String(index + 1).padStart(3, '0')}` }));
    const { providerId, roleId, now } = request;
    return { type: 'OpenSchedule', providerId, scheduleId, roleId, slots: numbered, demo: true, now };
  });
}

function drawSessions(random: RandomSource): Session[] {
  const count = integerBetween(random, MIN_SESSIONS, MAX_SESSIONS);
  const remaining = [...ALL_SESSIONS];
  const chosen: Session[] = [];
  while (chosen.length < count) {
    const [session] = remaining.splice(Math.floor(random.next() * remaining.length), 1);
    chosen.push(session!);
  }
  return chosen.sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
}

function sessionSlots(random: RandomSource, request: DemoScheduleRequest, weekStart: string, session: Session): Omit<ScheduledSlot, 'slotId'>[] {
  const date = addCalendarDays(weekStart, session.weekday);
  const slots: Omit<ScheduledSlot, 'slotId'>[] = [];
  for (let start = session.startMinute; start + request.slotMinutes <= session.endMinute; start += request.slotMinutes) {
    const mode = random.next() < request.telemedicineShare ? 'telemedicine' : 'in-person';
    slots.push({
      startsAt: ontarioLocalTimeToUtc(date, start),
      endsAt: ontarioLocalTimeToUtc(date, start + request.slotMinutes),
      mode,
    });
  }
  return slots;
}
