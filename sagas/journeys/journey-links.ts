// Which journey an event of another context belongs to. Triage, ride and monitoring events name
// their journey (the triage session id is the journey id, a ride id starts with its journey id,
// monitoring events carry journeyId). Scheduling events name only the patient, so the rule is:
// an appointment belongs to the patient's most recently started journey that is still open.
// The saga records that link when a journey starts and closes it when the journey closes.
//
// NOTE: the link is looked up as it is now, not as it was when the event was stored. A saga
// replayed from position 0 therefore skips the bookings of journeys closed since. Their steps stay
// recorded and nothing is sent twice, but a booking step lost before it was recorded is not redone.
//
// NOTE: a patient with two open journeys (a second triage before the first journey closed) has
// every new booking attached to the newer journey; the older one then waits for its booking
// deadline and raises a coordinator task.

import type { SqlExecutor } from '../../infra/sql/sql-client';

export const JOURNEY_LINKS_SCHEMA = `
create table if not exists journey_links (
  journey_id text primary key,
  patient_id text not null,
  started_at timestamptz not null,
  closed boolean not null default false
);
create index if not exists journey_links_open_by_patient on journey_links (patient_id, started_at desc) where not closed;
`;

export class JourneyLinks {
  constructor(private readonly sql: SqlExecutor) {}

  async open(journeyId: string, patientId: string, startedAt: string): Promise<void> {
    await this.sql.query(
      `insert into journey_links (journey_id, patient_id, started_at) values ($1, $2, $3) on conflict (journey_id) do nothing`,
      [journeyId, patientId, startedAt],
    );
  }

  async close(journeyId: string): Promise<void> {
    await this.sql.query(`update journey_links set closed = true where journey_id = $1`, [journeyId]);
  }

  async openJourneyOf(patientId: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ journey_id: string }>(
      `select journey_id from journey_links where patient_id = $1 and not closed order by started_at desc, journey_id limit 1`,
      [patientId],
    );
    return rows[0]?.journey_id;
  }
}

/** Returns the journey a ride belongs to, because ride ids start with their journey id (see rideIdFor). */
export function journeyOfRide(rideId: string): string | undefined {
  const at = rideId.indexOf(':ride:');
  return at > 0 ? rideId.slice(0, at) : undefined;
}

export const ambulanceRideId = (journeyId: string): string => `${journeyId}:ride:ambulance`;
