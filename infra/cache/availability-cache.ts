import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

import type { CandidateSlot } from '../../domain/scheduling';
import type { CommittedChange } from '../../projections/runner/projection-runner';
import { boundingBox, loadCandidateSlots, MAX_CANDIDATES, type CandidateQuery } from '../../projections/scheduling/candidate-slots';
import type { SqlExecutor } from '../sql/sql-client';

// The open slots of one specialty on one UTC day, cached in Redis for the availability search.
// A search reads the days its window covers, from Redis where they are cached and from the slots
// read model where not, then filters them to the window and the area in memory.
//
// Each day has a generation counter, and an entry is stored under the generation read before the
// read model was queried. The slots projection increments the generations of the days its batch
// touched after the batch commits and before the batch's position counts as applied. So once the
// projection reports a booking applied, every search reads a newer generation than any entry
// filled before the booking, and never serves that slot as free. A reader that raced the booking
// stores its entry under the old generation, where nobody reads it again.
//
// The cache is a day per specialty rather than a day per provider because the search asks by
// specialty and area: per-provider entries would still need the read model to find the providers.

export interface AvailabilityCacheOptions {
  /** Prefix of the product's Redis keys. */
  prefix: string;
  /** How long an entry lives when no slot of its day changes. */
  ttlSeconds?: number;
}

// Provider names and ratings come from the directory, which does not bump the generations, so an
// entry must not outlive a directory change by much. Two minutes still absorbs a burst of
// searches for the same days.
const DEFAULT_TTL_SECONDS = 120;
const DAY_MS = 24 * 3600 * 1000;
// A generation counter outlives every entry stored under it many times over, so a counter that
// expires and restarts at 0 finds no old entry left to match. Expiry keeps past days from piling up.
const GENERATION_TTL_SECONDS = 7 * 24 * 3600;

const SLOT_EVENT_TYPES = new Set(['SlotOpened', 'SlotBooked', 'BookingCancelled', 'SlotHeldForReschedule', 'BookingRescheduled', 'SlotHoldReleased', 'SlotBlocked']);

interface DayBucket {
  specialty: string;
  day: string;
}

export class AvailabilityCache {
  private readonly ttlSeconds: number;
  private readonly keyPrefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly sql: SqlExecutor,
    private readonly logger: Logger,
    options: AvailabilityCacheOptions,
  ) {
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.keyPrefix = `${options.prefix}:availability`;
  }

  /** Loads the open slots matching the query through the cache, as loadCandidateSlots does. A Redis failure reads the read model directly. */
  async loadCandidateSlots(query: CandidateQuery): Promise<CandidateSlot[]> {
    let perDay: CandidateSlot[][];
    try {
      perDay = await this.loadDays(query.specialty, daysBetween(query.startsAfter, query.startsBefore));
    } catch (error) {
      this.logger.warn({ err: error }, 'availability cache unavailable; searching the read model directly');
      return loadCandidateSlots(this.sql, query);
    }
    return selectCandidates(perDay.flat(), query);
  }

  /** Invalidates the days a committed slots batch touched; the slots projection runner calls it. */
  async slotsCommitted(change: CommittedChange): Promise<void> {
    if (change.kind === 'rebuilt') {
      await this.redis.incr(this.epochKey());
      return;
    }

    const slotIds = [...new Set(change.events.filter((event) => SLOT_EVENT_TYPES.has(event.type)).map((event) => (event.data as { slotId: string }).slotId))];
    if (slotIds.length === 0) return;
    const { rows } = await this.sql.query<{ specialty: string; starts_at: Date | string }>(
      'select specialty, starts_at from rm_slots.slots where slot_id = any($1::text[])',
      [slotIds],
    );
    const keys = new Set(rows.map((row) => this.generationKey({ specialty: row.specialty, day: utcDay(new Date(row.starts_at)) })));

    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.incr(key).expire(key, GENERATION_TTL_SECONDS);
    const results = await pipeline.exec();
    const failure = results?.find(([error]) => error)?.[0];
    if (failure) throw failure;
  }

  private async loadDays(specialty: string, days: string[]): Promise<CandidateSlot[][]> {
    const buckets = days.map((day) => ({ specialty, day }));
    const [epoch, ...generations] = await this.redis.mget(this.epochKey(), ...buckets.map((bucket) => this.generationKey(bucket)));
    const entryKeys = buckets.map((bucket, index) => this.entryKey(bucket, epoch ?? '0', generations[index] ?? '0'));
    const cached = await this.redis.mget(...entryKeys);

    const perDay: CandidateSlot[][] = [];
    const fills = this.redis.pipeline();
    for (const [index, bucket] of buckets.entries()) {
      const entry = cached[index];
      if (entry) {
        perDay.push(JSON.parse(entry) as CandidateSlot[]);
        continue;
      }
      const slots = await loadCandidateSlots(this.sql, dayQuery(bucket));
      perDay.push(slots);
      fills.set(entryKeys[index]!, JSON.stringify(slots), 'EX', this.ttlSeconds);
    }
    if (fills.length > 0) await fills.exec();
    return perDay;
  }

  private epochKey(): string {
    return `${this.keyPrefix}:epoch`;
  }

  private generationKey(bucket: DayBucket): string {
    return `${this.keyPrefix}:generation:${encodeURIComponent(bucket.specialty)}:${bucket.day}`;
  }

  private entryKey(bucket: DayBucket, epoch: string, generation: string): string {
    return `${this.keyPrefix}:slots:${epoch}:${encodeURIComponent(bucket.specialty)}:${bucket.day}:${generation}`;
  }
}

/** Applies the window, the exclusions, the area box and the cap to a union of cached days, as the read model's query does. */
export function selectCandidates(slots: CandidateSlot[], query: CandidateQuery): CandidateSlot[] {
  const after = Date.parse(query.startsAfter);
  const before = Date.parse(query.startsBefore);
  const excluded = new Set(query.excludeSlotIds ?? []);
  const box = boundingBox(query.near);

  return slots
    .filter((slot) => {
      const startsAt = Date.parse(slot.startsAt);
      if (startsAt <= after || startsAt > before || excluded.has(slot.slotId)) return false;
      if (slot.mode === 'telemedicine') return true;
      const { lat, lng } = slot.location;
      return lat >= box.minLat && lat <= box.maxLat && lng >= box.minLng && lng <= box.maxLng;
    })
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || compareText(a.slotId, b.slotId))
    .slice(0, MAX_CANDIDATES);
}

/** Lists the UTC days from the day of `startsAfter` to the day of `startsBefore`, both included. */
export function daysBetween(startsAfter: string, startsBefore: string): string[] {
  const days: string[] = [];
  const last = utcDay(new Date(startsBefore));
  for (let time = Date.parse(`${utcDay(new Date(startsAfter))}T00:00:00Z`); ; time += DAY_MS) {
    const day = utcDay(new Date(time));
    days.push(day);
    if (day >= last) return days;
  }
}

// The read model's query takes starts_at > startsAfter and <= startsBefore, so one millisecond
// either side turns that into the whole day [00:00, 24:00).
// NOTE: a day with more open slots of one specialty than MAX_CANDIDATES is cut at the cap, so a
// search over that day sees its earliest slots only, as the uncached search does over its window.
function dayQuery(bucket: DayBucket): CandidateQuery {
  const start = Date.parse(`${bucket.day}T00:00:00Z`);
  return {
    specialty: bucket.specialty,
    startsAfter: new Date(start - 1).toISOString(),
    startsBefore: new Date(start + DAY_MS - 1).toISOString(),
  };
}

function utcDay(time: Date): string {
  return time.toISOString().slice(0, 10);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
