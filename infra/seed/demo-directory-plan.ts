import {
  addCalendarDays,
  createSeededRandom,
  FACILITY_STAFFING,
  generateDemoProviders,
  type DemoProviderPlan,
  type FacilityLocation,
  type RandomSource,
} from '../../domain/providers';

// Which real facilities get demo practitioners, and in what order. Staffing every bookable
// facility would give an estimated 19,000 practitioners (about 9,300 roles, 2 each on average).
// A capped sample keeps the first start short and memory small, and still gives search more
// than 5,000 providers.

/** The generator's seed: the same seed and facilities give the same providers everywhere. */
export const DEMO_DIRECTORY_SEED = 20_250_303;

/** Practitioners seeded at most; about 6,000 is enough for realistic search load. */
export const DEMO_PROVIDER_LIMIT = 6_000;

/** Facilities planned together; bounds the commands held in memory at once. */
const FACILITIES_PER_CHUNK = 200;

export interface DemoDirectoryOptions {
  seed?: number;
  maxProviders?: number;
  /** The instant the demo data is registered at. */
  now: string;
}

/**
 * Yields demo provider plans a chunk at a time, up to `maxProviders`. Facilities are taken in
 * turn from each service type that offers bookable care, in a seeded shuffle within each type.
 * So the sample covers every kind of care and the whole province, not only the first rows of
 * the largest type (pharmacies).
 */
export function* planDemoDirectory(facilities: readonly FacilityLocation[], options: DemoDirectoryOptions): Generator<DemoProviderPlan[]> {
  const random = createSeededRandom(options.seed ?? DEMO_DIRECTORY_SEED);
  const maxProviders = options.maxProviders ?? DEMO_PROVIDER_LIMIT;
  const ordered = interleaveByServiceType(facilities, random);
  const weekStartsOn = mondayOnOrAfter(options.now.slice(0, 10));

  let planned = 0;
  for (let start = 0; start < ordered.length && planned < maxProviders; start += FACILITIES_PER_CHUNK) {
    const chunk = ordered.slice(start, start + FACILITIES_PER_CHUNK);
    const { providers } = generateDemoProviders(chunk, { random, now: options.now, weekStartsOn });
    const kept = providers.slice(0, maxProviders - planned);
    planned += kept.length;
    yield kept;
  }
}

/** Round-robin over service types with staffing rules, each type's facilities shuffled by `random`. */
export function interleaveByServiceType(facilities: readonly FacilityLocation[], random: RandomSource): FacilityLocation[] {
  const byType = new Map<string, FacilityLocation[]>();
  const sorted = [...facilities].sort((a, b) => compareText(a.facilityId, b.facilityId));
  for (const facility of sorted) {
    if (!FACILITY_STAFFING[facility.serviceType]) continue;
    const group = byType.get(facility.serviceType) ?? [];
    group.push(facility);
    byType.set(facility.serviceType, group);
  }

  const queues = [...byType.keys()].sort(compareText).map((type) => shuffle(byType.get(type)!, random));
  const interleaved: FacilityLocation[] = [];
  for (let round = 0; queues.some((queue) => round < queue.length); round++) {
    for (const queue of queues) {
      if (round < queue.length) interleaved.push(queue[round]!);
    }
  }
  return interleaved;
}

function shuffle<Item>(items: Item[], random: RandomSource): Item[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random.next() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

// Plain code-point order, so the plan does not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Returns the Monday on or after a YYYY-MM-DD date, because the generator's schedules start on a Monday. */
export function mondayOnOrAfter(date: string): string {
  const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
  return addCalendarDays(date, (8 - weekday) % 7);
}
