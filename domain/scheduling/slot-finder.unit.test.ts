import fc from 'fast-check';
import { ValidationError } from '../shared/errors';
import { haversineKm } from './geo';
import { findSlots, type SlotSearch } from './slot-finder';
import type { CandidateSlot } from './slot-scoring';

const NOW = '2025-03-03T14:00:00.000Z';
const TORONTO = { lat: 43.6532, lng: -79.3832 };
const OTTAWA = { lat: 45.4215, lng: -75.6972 };

function hoursFromNow(hours: number): string {
  return new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();
}

function candidate(overrides: Partial<CandidateSlot> = {}): CandidateSlot {
  return {
    slotId: 'slot-1',
    providerId: 'provider-1',
    facilityId: 'facility-1',
    facilityName: 'Demo Family Health Team',
    specialty: 'family-medicine',
    startsAt: hoursFromNow(30),
    endsAt: hoursFromNow(30.25),
    mode: 'in-person',
    location: { lat: 43.66, lng: -79.39 },
    languages: ['en'],
    accessibility: [],
    rating: { average: 4.2, reviewCount: 50 },
    demo: true,
    ...overrides,
  };
}

function search(overrides: Partial<SlotSearch> = {}): SlotSearch {
  return { specialty: 'family-medicine', urgency: 'routine', origin: TORONTO, maxDistanceKm: 25, now: NOW, ...overrides };
}

function rankedIds(result: ReturnType<typeof findSlots>): string[] {
  if (result.outcome !== 'ranked') throw new Error(`expected ranked slots, got ${result.outcome}`);
  return result.slots.map((ranked) => ranked.slot.slotId);
}

function fieldOf(act: () => unknown): string | undefined {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations[0]?.field;
    throw error;
  }
  return undefined;
}

describe('haversineKm', () => {
  it('measures Toronto to Ottawa', () => {
    const distance = haversineKm(TORONTO, OTTAWA);

    expect(distance).toBeGreaterThan(350);
    expect(distance).toBeLessThan(355);
  });

  it('is zero for one point', () => {
    expect(haversineKm(TORONTO, TORONTO)).toBe(0);
  });
});

describe('findSlots validation', () => {
  it('sends critical patients to emergency care', () => {
    const result = findSlots(search({ urgency: 'critical', maxDistanceKm: 9999 }), [candidate()]);

    expect(result.outcome).toBe('emergency-care');
    expect(result).toEqual(expect.objectContaining({ advice: expect.objectContaining({ en: expect.stringContaining('911'), fr: expect.stringContaining('911') }) }));
  });

  it('rejects a radius over 500 km', () => {
    expect(fieldOf(() => findSlots(search({ maxDistanceKm: 501 }), []))).toBe('maxDistanceKm');
  });

  it('rejects a zero radius', () => {
    expect(fieldOf(() => findSlots(search({ maxDistanceKm: 0 }), []))).toBe('maxDistanceKm');
  });

  it('rejects a latitude out of range', () => {
    expect(fieldOf(() => findSlots(search({ origin: { lat: 91, lng: -79 } }), []))).toBe('origin.lat');
  });

  it('rejects a longitude out of range', () => {
    expect(fieldOf(() => findSlots(search({ origin: { lat: 43, lng: -181 } }), []))).toBe('origin.lng');
  });

  it('rejects an unknown urgency', () => {
    expect(fieldOf(() => findSlots(search({ urgency: 'soon' as never }), []))).toBe('urgency');
  });

  it('rejects an unknown weight', () => {
    expect(fieldOf(() => findSlots(search({ weights: { price: 1 } as never }), []))).toBe('weights.price');
  });

  it('rejects a negative weight', () => {
    expect(fieldOf(() => findSlots(search({ weights: { wait: -1 } }), []))).toBe('weights.wait');
  });
});

describe('findSlots filters', () => {
  it('keeps only the requested specialty', () => {
    const slots = [candidate(), candidate({ slotId: 'slot-2', specialty: 'diagnostic-imaging' })];

    expect(rankedIds(findSlots(search(), slots))).toEqual(['slot-1']);
  });

  it('keeps urgent slots within 24 hours', () => {
    const slots = [candidate({ slotId: 'in-23h', startsAt: hoursFromNow(23) }), candidate({ slotId: 'in-25h', startsAt: hoursFromNow(25) })];

    expect(rankedIds(findSlots(search({ urgency: 'urgent' }), slots))).toEqual(['in-23h']);
  });

  it('keeps routine slots within 14 days', () => {
    const slots = [candidate({ slotId: 'day-13', startsAt: hoursFromNow(13 * 24) }), candidate({ slotId: 'day-15', startsAt: hoursFromNow(15 * 24) })];

    expect(rankedIds(findSlots(search(), slots))).toEqual(['day-13']);
  });

  it('keeps non-urgent slots within 30 days', () => {
    const slots = [candidate({ slotId: 'day-29', startsAt: hoursFromNow(29 * 24) }), candidate({ slotId: 'day-31', startsAt: hoursFromNow(31 * 24) })];

    expect(rankedIds(findSlots(search({ urgency: 'non-urgent' }), slots))).toEqual(['day-29']);
  });

  it('drops slots that already started', () => {
    expect(rankedIds(findSlots(search(), [candidate({ startsAt: hoursFromNow(-1) })]))).toEqual([]);
  });

  it('drops in-person slots beyond the radius', () => {
    const slots = [candidate(), candidate({ slotId: 'ottawa', location: OTTAWA })];

    expect(rankedIds(findSlots(search({ maxDistanceKm: 100 }), slots))).toEqual(['slot-1']);
  });

  it('keeps far telemedicine slots', () => {
    const slots = [candidate({ slotId: 'video', mode: 'telemedicine', location: OTTAWA })];

    expect(rankedIds(findSlots(search({ maxDistanceKm: 100 }), slots))).toEqual(['video']);
  });

  it('drops telemedicine for in-person-only patients', () => {
    const slots = [candidate({ slotId: 'video', mode: 'telemedicine' })];

    expect(rankedIds(findSlots(search({ preferences: { telemedicine: 'in-person-only' } }), slots))).toEqual([]);
  });

  it('advises Health811 when nothing urgent is free', () => {
    const result = findSlots(search({ urgency: 'urgent' }), []);

    expect(result).toEqual(expect.objectContaining({ advice: expect.objectContaining({ en: expect.stringContaining('Health811') }) }));
  });
});

describe('findSlots ranking', () => {
  it('returns at most five slots', () => {
    const slots = Array.from({ length: 8 }, (_, index) => candidate({ slotId: `slot-${index}`, startsAt: hoursFromNow(30 + index) }));

    expect(rankedIds(findSlots(search(), slots))).toEqual(['slot-0', 'slot-1', 'slot-2', 'slot-3', 'slot-4']);
  });

  it('ranks a French speaker first for a francophone', () => {
    const slots = [candidate({ slotId: 'english' }), candidate({ slotId: 'bilingual', languages: ['en', 'fr'] })];

    expect(rankedIds(findSlots(search({ preferences: { languages: ['fr'] } }), slots))[0]).toBe('bilingual');
  });

  it('ranks an accessible clinic first for a wheelchair user', () => {
    const needs = ['step-free-entrance', 'accessible-washroom'] as const;
    const slots = [candidate({ slotId: 'stairs' }), candidate({ slotId: 'ramp', accessibility: [...needs] })];

    expect(rankedIds(findSlots(search({ preferences: { accessibilityNeeds: [...needs] } }), slots))[0]).toBe('ramp');
  });

  it('prefers many good reviews over two perfect ones', () => {
    const slots = [
      candidate({ slotId: 'two-reviews', rating: { average: 5, reviewCount: 2 } }),
      candidate({ slotId: 'many-reviews', rating: { average: 4.7, reviewCount: 400 } }),
    ];

    expect(rankedIds(findSlots(search(), slots))[0]).toBe('many-reviews');
  });

  it('follows configured weights', () => {
    const slots = [
      candidate({ slotId: 'near-later', location: TORONTO, startsAt: hoursFromNow(200) }),
      candidate({ slotId: 'far-sooner', location: { lat: 43.85, lng: -79.38 }, startsAt: hoursFromNow(20) }),
    ];

    expect(rankedIds(findSlots(search({ weights: { distance: 1, wait: 0, rating: 0, preference: 0 } }), slots))[0]).toBe('near-later');
    expect(rankedIds(findSlots(search({ weights: { distance: 0, wait: 1, rating: 0, preference: 0 } }), slots))[0]).toBe('far-sooner');
  });

  it('explains each component of the score', () => {
    const result = findSlots(search(), [candidate()]);
    if (result.outcome !== 'ranked') throw new Error('expected ranked slots');
    const [ranked] = result.slots;

    expect(ranked?.components.map((component) => component.name)).toEqual(['rating', 'distance', 'wait', 'preference']);
    expect(ranked?.components.find((component) => component.name === 'distance')?.explanation).toMatch(/km away/);
    expect(ranked?.components.reduce((sum, component) => sum + component.contribution, 0)).toBeCloseTo(ranked?.score ?? -1, 12);
  });
});

describe('findSlots properties', () => {
  const arbitraryCandidate = fc.record({
    slotId: fc.uuid(),
    startsInHours: fc.double({ min: -48, max: 24 * 40, noNaN: true }),
    lat: fc.double({ min: 41.7, max: 56.8, noNaN: true }),
    lng: fc.double({ min: -95, max: -74.3, noNaN: true }),
    telemedicine: fc.boolean(),
    french: fc.boolean(),
    specialty: fc.constantFrom('family-medicine', 'diagnostic-imaging'),
    rating: fc.option(fc.record({ average: fc.double({ min: 1, max: 5, noNaN: true }), reviewCount: fc.nat({ max: 2000 }) }), { nil: undefined }),
  }).map((drawn) =>
    candidate({
      slotId: drawn.slotId,
      startsAt: hoursFromNow(drawn.startsInHours),
      location: { lat: drawn.lat, lng: drawn.lng },
      mode: drawn.telemedicine ? 'telemedicine' : 'in-person',
      languages: drawn.french ? ['en', 'fr'] : ['en'],
      specialty: drawn.specialty,
      rating: drawn.rating,
    }),
  );
  const arbitrarySearch = fc.record({
    urgency: fc.constantFrom('urgent' as const, 'routine' as const, 'non-urgent' as const),
    maxDistanceKm: fc.double({ min: 1, max: 500, noNaN: true }),
    french: fc.boolean(),
  });

  it('returns only eligible slots in score order', () => {
    fc.assert(
      fc.property(arbitrarySearch, fc.array(arbitraryCandidate, { maxLength: 30 }), (drawn, candidates) => {
        const request = search({ urgency: drawn.urgency, maxDistanceKm: drawn.maxDistanceKm, preferences: drawn.french ? { languages: ['fr'] } : {} });
        const result = findSlots(request, candidates);
        if (result.outcome !== 'ranked') throw new Error('expected ranked slots');

        expect(result.slots.length).toBeLessThanOrEqual(5);
        for (const ranked of result.slots) {
          expect(ranked.slot.specialty).toBe('family-medicine');
          expect(Date.parse(ranked.slot.startsAt)).toBeGreaterThan(Date.parse(NOW));
          expect(Date.parse(ranked.slot.startsAt)).toBeLessThanOrEqual(Date.parse(result.windowEndsAt));
          if (ranked.distanceKm !== null) expect(ranked.distanceKm).toBeLessThanOrEqual(drawn.maxDistanceKm);
          for (const component of ranked.components) {
            expect(component.value).toBeGreaterThanOrEqual(0);
            expect(component.value).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
        for (let index = 1; index < result.slots.length; index++) {
          expect(result.slots[index - 1]!.score).toBeGreaterThanOrEqual(result.slots[index]!.score);
        }
      }),
    );
  });

  it('ignores the order of candidates', () => {
    const candidatesAndShuffle = fc
      .array(arbitraryCandidate, { maxLength: 20 })
      .chain((candidates) => fc.tuple(fc.constant(candidates), fc.shuffledSubarray(candidates, { minLength: candidates.length })));

    fc.assert(
      fc.property(candidatesAndShuffle, ([candidates, shuffled]) => {
        const request = search({ maxDistanceKm: 500 });

        expect(rankedIds(findSlots(request, shuffled))).toEqual(rankedIds(findSlots(request, candidates)));
      }),
    );
  });
});
