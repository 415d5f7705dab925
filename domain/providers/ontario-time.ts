// Converts an Ontario wall-clock time to a UTC instant. Clinic hours are set in local time, and
// Ontario moves between UTC−5 (EST) and UTC−4 (EDT) twice a year. The offset comes from the
// time zone database that ships with Node's ICU, so the code contains no daylight-saving rules.

const ONTARIO_TIME_ZONE = 'America/Toronto';
const MINUTE_MS = 60_000;
const offsetFormatter = new Intl.DateTimeFormat('en-US', { timeZone: ONTARIO_TIME_ZONE, timeZoneName: 'longOffset' });

/** Returns the UTC instant of `minutesAfterMidnight` on the Ontario calendar date `date` (YYYY-MM-DD). */
export function ontarioLocalTimeToUtc(date: string, minutesAfterMidnight: number): string {
  const [year, month, day] = parseCalendarDate(date);
  const asIfUtc = Date.UTC(year, month - 1, day) + minutesAfterMidnight * MINUTE_MS;

  // The offset at the guessed instant can differ from the one at the true instant only within
  // hours of a daylight-saving change, so one correction step settles it.
  const firstGuess = asIfUtc - ontarioOffsetMinutes(asIfUtc) * MINUTE_MS;
  const instant = asIfUtc - ontarioOffsetMinutes(firstGuess) * MINUTE_MS;
  return new Date(instant).toISOString();
}

/** Returns the Ontario calendar date `days` after `date`, both as YYYY-MM-DD. */
export function addCalendarDays(date: string, days: number): string {
  const [year, month, day] = parseCalendarDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Returns 0 for Sunday through 6 for Saturday. */
export function dayOfWeek(date: string): number {
  const [year, month, day] = parseCalendarDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function parseCalendarDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parts = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [];
  const [year, month, day] = parts;
  const valid = year !== undefined && month !== undefined && day !== undefined && new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
  if (!valid) {
    throw new Error(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return [year, month, day];
}

// Ontario's offset changes only on the hour, so one lookup per UTC hour is enough. The cache
// spares schedule generation a date formatting call per slot.
const offsetByUtcHour = new Map<number, number>();

function ontarioOffsetMinutes(instant: number): number {
  const hour = Math.floor(instant / (60 * MINUTE_MS));
  const cached = offsetByUtcHour.get(hour);
  if (cached !== undefined) return cached;

  const offset = lookUpOffsetMinutes(instant);
  offsetByUtcHour.set(hour, offset);
  return offset;
}

function lookUpOffsetMinutes(instant: number): number {
  const name = offsetFormatter.formatToParts(new Date(instant)).find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  if (!match) {
    throw new Error(`the time zone database gave no UTC offset for ${ONTARIO_TIME_ZONE} (got ${JSON.stringify(name)})`);
  }
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 60 + Number(match[3]));
}
