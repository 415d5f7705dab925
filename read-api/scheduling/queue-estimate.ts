import { erlangC, HOUR_MS, type ErlangCResult } from '../../domain/scheduling';
import type { SqlExecutor } from '../../infra/sql/sql-client';

// The expected wait for a specialty's appointments, from the M/M/c (Erlang C) model with rates
// measured on the read models:
//
//   λ  arrivals per hour: bookings made plus waitlist entries still open or withdrawn, over the
//      past window (a fulfilled entry's booking is already counted as a booking);
//   c  servers: the providers with open or booked slots in the coming window;
//   μ  per server per hour: the slots those providers offer in the coming window, divided by c
//      and by the window's hours, so c·μ is the booking capacity per hour of calendar time.
//
// With rates per calendar hour, Wq is a calendar wait, which is what a patient feels.
// NOTE: this is an estimate. M/M/c assumes Poisson arrivals and exponential service, and a
// clinic's schedule is neither, so read Wq as a comparison between specialties and regions, not
// as a promised date.

export interface QueueMeasurements {
  specialty: string;
  region: string | null;
  observedFrom: string;
  observedTo: string;
  capacityUntil: string;
  bookings: number;
  waitlistJoins: number;
  providers: number;
  slotsOffered: number;
}

export interface QueueEstimate {
  specialty: string;
  region: string | null;
  inputs: QueueMeasurements & { arrivalRatePerHour: number; serviceRatePerHour: number | null };
  model: ErlangCResult | null;
  expectedWaitHours: number | null;
  expectedWaitDays: number | null;
  explanation: string;
}

/** Turns measurements into the Erlang C figures; pure, so the arithmetic is tested without a database. */
export function estimateQueue(measured: QueueMeasurements): QueueEstimate {
  const observedHours = (Date.parse(measured.observedTo) - Date.parse(measured.observedFrom)) / HOUR_MS;
  const capacityHours = (Date.parse(measured.capacityUntil) - Date.parse(measured.observedTo)) / HOUR_MS;
  const arrivalRatePerHour = (measured.bookings + measured.waitlistJoins) / observedHours;
  const base = { specialty: measured.specialty, region: measured.region };

  if (measured.providers === 0 || measured.slotsOffered === 0) {
    return {
      ...base,
      inputs: { ...measured, arrivalRatePerHour, serviceRatePerHour: null },
      model: null,
      expectedWaitHours: null,
      expectedWaitDays: null,
      explanation: 'no provider offers slots for this specialty in the coming window, so no wait can be estimated; a patient joins the waitlist',
    };
  }

  const serviceRatePerHour = measured.slotsOffered / measured.providers / capacityHours;
  const model = erlangC({ arrivalRate: arrivalRatePerHour, serviceRate: serviceRatePerHour, servers: measured.providers });
  const inputs = { ...measured, arrivalRatePerHour, serviceRatePerHour };
  if (!model.stable) {
    return { ...base, inputs, model, expectedWaitHours: null, expectedWaitDays: null, explanation: `demand exceeds capacity: ${model.reason}` };
  }
  return {
    ...base,
    inputs,
    model,
    expectedWaitHours: model.expectedWait,
    expectedWaitDays: model.expectedWait / 24,
    explanation: `${measured.providers} providers offer ${measured.slotsOffered} slots; ${measured.bookings + measured.waitlistJoins} requests arrived in ${observedHours.toFixed(0)} hours; utilization ${(model.utilization * 100).toFixed(1)} %`,
  };
}

/** Measures arrivals over [now − windowDays, now) and capacity over [now, now + windowDays). */
export async function measureQueue(sql: SqlExecutor, specialty: string, region: string | null, now: Date, windowDays: number): Promise<QueueMeasurements> {
  const windowMs = windowDays * 24 * HOUR_MS;
  const observedFrom = new Date(now.getTime() - windowMs).toISOString();
  const observedTo = now.toISOString();
  const capacityUntil = new Date(now.getTime() + windowMs).toISOString();
  const regionFilter = `($2::text is null or lower(l.community) = lower($2))`;

  const { rows: bookings } = await sql.query<{ count: string }>(
    `select count(*)::text as count from rm_appointments.appointments a
     join rm_slots.slots s on s.slot_id = a.slot_id
     left join rm_provider_locations.locations l on l.location_id = s.facility_id
     where s.specialty = $1 and ${regionFilter} and a.booked_at >= $3 and a.booked_at < $4`,
    [specialty, region, observedFrom, observedTo],
  );
  // Waitlist entries carry no place, so a regional estimate counts bookings only.
  const { rows: joins } = await sql.query<{ count: string }>(
    `select count(*)::text as count from rm_waitlist.entries
     where $2::text is null and specialty = $1 and status <> 'fulfilled' and joined_at >= $3 and joined_at < $4`,
    [specialty, region, observedFrom, observedTo],
  );
  const { rows: capacity } = await sql.query<{ providers: string; slots: string }>(
    `select count(distinct s.provider_id)::text as providers, count(*)::text as slots from rm_slots.slots s
     left join rm_provider_locations.locations l on l.location_id = s.facility_id
     where s.specialty = $1 and ${regionFilter} and s.status <> 'blocked' and s.starts_at >= $3 and s.starts_at < $4`,
    [specialty, region, observedTo, capacityUntil],
  );

  return {
    specialty,
    region,
    observedFrom,
    observedTo,
    capacityUntil,
    bookings: Number(bookings[0]?.count ?? 0),
    waitlistJoins: Number(joins[0]?.count ?? 0),
    providers: Number(capacity[0]?.providers ?? 0),
    slotsOffered: Number(capacity[0]?.slots ?? 0),
  };
}
