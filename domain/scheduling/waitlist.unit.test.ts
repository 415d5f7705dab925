import fc from 'fast-check';
import { foldEvents } from '../shared/decider';
import { ConflictError, ForbiddenError, ValidationError } from '../shared/errors';
import { compareWaitlistEntries, orderWaitlist, waitlistPriority, type WaitlistEntry, type WaitlistUrgency } from './waitlist';
import { waitlistEntryDecider, type JoinWaitlist, type WaitlistEvent } from './waitlist-entry';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-01T00:00:00Z');

function entry(entryId: string, urgency: WaitlistUrgency, joinedDay: number): WaitlistEntry {
  return { entryId, patientId: `patient-${entryId}`, specialty: 'family-medicine', urgency, joinedAt: new Date(T0 + joinedDay * DAY).toISOString() };
}

const ids = (entries: WaitlistEntry[]) => entries.map((item) => item.entryId);

describe('waitlistPriority', () => {
  it('starts at the urgency rank', () => {
    expect(waitlistPriority(entry('a', 'routine', 0), new Date(T0).toISOString())).toBe(2);
  });

  it('gains one rank per 14 days', () => {
    expect(waitlistPriority(entry('a', 'non-urgent', 0), new Date(T0 + 21 * DAY).toISOString())).toBe(2.5);
  });
});

describe('orderWaitlist', () => {
  it('puts urgent before routine joined the same day', () => {
    expect(ids(orderWaitlist([entry('routine', 'routine', 0), entry('urgent', 'urgent', 0)]))).toEqual(['urgent', 'routine']);
  });

  it('lets a long wait overtake a higher urgency', () => {
    const old = entry('old-non-urgent', 'non-urgent', 0);
    const fresh = entry('fresh-urgent', 'urgent', 29);

    expect(ids(orderWaitlist([fresh, old]))).toEqual(['old-non-urgent', 'fresh-urgent']);
  });

  it('breaks a priority tie by join time', () => {
    const waited = entry('waited', 'non-urgent', 0);
    const fresh = entry('fresh', 'routine', 14);

    expect(waitlistPriority(waited, fresh.joinedAt)).toBe(waitlistPriority(fresh, fresh.joinedAt));
    expect(ids(orderWaitlist([fresh, waited]))).toEqual(['waited', 'fresh']);
  });

  it('breaks a full tie by entry id', () => {
    expect(ids(orderWaitlist([entry('b', 'routine', 3), entry('a', 'routine', 3)]))).toEqual(['a', 'b']);
  });
});

describe('waitlist order properties', () => {
  const urgency = fc.constantFrom<WaitlistUrgency>('urgent', 'routine', 'non-urgent');
  const arbitraryEntry = fc
    .record({ entryId: fc.stringMatching(/^[a-e]{1,2}$/), urgency, joinedMinute: fc.integer({ min: 0, max: 90 * 24 * 60 }) })
    .map(({ entryId, urgency: level, joinedMinute }) => ({
      entryId,
      patientId: `patient-${entryId}`,
      specialty: 'family-medicine',
      urgency: level,
      joinedAt: new Date(T0 + joinedMinute * 60_000).toISOString(),
    }));
  const sameEntry = (a: WaitlistEntry, b: WaitlistEntry) => a.entryId === b.entryId && a.urgency === b.urgency && a.joinedAt === b.joinedAt;

  it('is a total order', () => {
    fc.assert(
      fc.property(arbitraryEntry, arbitraryEntry, arbitraryEntry, (a, b, c) => {
        expect(Math.sign(compareWaitlistEntries(a, b))).toBe(-Math.sign(compareWaitlistEntries(b, a)));
        expect(compareWaitlistEntries(a, b) === 0).toBe(sameEntry(a, b));
        if (compareWaitlistEntries(a, b) < 0 && compareWaitlistEntries(b, c) < 0) {
          expect(compareWaitlistEntries(a, c)).toBeLessThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('orders every permutation the same way', () => {
    const entriesAndShuffle = fc
      .uniqueArray(arbitraryEntry, { selector: (item) => item.entryId, maxLength: 12 })
      .chain((entries) => fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })));

    fc.assert(
      fc.property(entriesAndShuffle, ([entries, shuffled]) => {
        expect(ids(orderWaitlist(shuffled))).toEqual(ids(orderWaitlist(entries)));
      }),
    );
  });

  it('follows the priority formula', () => {
    fc.assert(
      fc.property(arbitraryEntry, arbitraryEntry, fc.integer({ min: 90, max: 400 }), (a, b, nowDay) => {
        const now = new Date(T0 + nowDay * DAY).toISOString();
        const difference = waitlistPriority(a, now) - waitlistPriority(b, now);
        if (Math.abs(difference) > 1e-9) {
          expect(Math.sign(compareWaitlistEntries(a, b))).toBe(-Math.sign(difference));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never moves an entry back for higher urgency', () => {
    const rank = { 'non-urgent': 1, routine: 2, urgent: 3 } as const;
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryEntry, { selector: (item) => item.entryId, minLength: 1, maxLength: 10 }), urgency, (entries, raised) => {
        const [target, ...others] = entries as [WaitlistEntry, ...WaitlistEntry[]];
        fc.pre(rank[raised] > rank[target.urgency]);
        const before = ids(orderWaitlist(entries)).indexOf(target.entryId);
        const after = ids(orderWaitlist([{ ...target, urgency: raised }, ...others])).indexOf(target.entryId);

        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('never moves an entry back for waiting longer', () => {
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryEntry, { selector: (item) => item.entryId, minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 60 * 24 * 30 }), (entries, earlierMinutes) => {
        const [target, ...others] = entries as [WaitlistEntry, ...WaitlistEntry[]];
        const joinedEarlier = new Date(Date.parse(target.joinedAt) - earlierMinutes * 60_000).toISOString();
        const before = ids(orderWaitlist(entries)).indexOf(target.entryId);
        const after = ids(orderWaitlist([{ ...target, joinedAt: joinedEarlier }, ...others])).indexOf(target.entryId);

        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it('puts an entry ahead of anyone joining 28 days later', () => {
    fc.assert(
      fc.property(arbitraryEntry, urgency, fc.integer({ min: 1, max: 100_000 }), (early, lateUrgency, extraMinutes) => {
        const lateJoin = Date.parse(early.joinedAt) + 28 * DAY + extraMinutes * 60_000;
        const late = { ...early, entryId: `${early.entryId}-late`, urgency: lateUrgency, joinedAt: new Date(lateJoin).toISOString() };

        expect(compareWaitlistEntries(early, late)).toBeLessThan(0);
      }),
    );
  });
});

describe('waitlist entry aggregate', () => {
  const join: JoinWaitlist = {
    type: 'JoinWaitlist',
    entryId: 'entry-1',
    patientId: 'patient-1',
    specialty: 'family-medicine',
    urgency: 'routine',
    actor: { id: 'patient-1', role: 'patient' },
    mayActForPatient: false,
    now: '2025-03-03T14:00:00Z',
  };
  const waitlisted: WaitlistEvent = {
    type: 'PatientWaitlisted',
    data: { entryId: 'entry-1', patientId: 'patient-1', specialty: 'family-medicine', urgency: 'routine', joinedAt: '2025-03-03T14:00:00Z' },
  };
  const when = (given: WaitlistEvent[], command: Parameters<typeof waitlistEntryDecider.decide>[1]) =>
    waitlistEntryDecider.decide(foldEvents(waitlistEntryDecider, given), command);

  it('waitlists a patient', () => {
    expect(when([], join)).toEqual([waitlisted]);
  });

  it('rejects a critical patient', () => {
    expect(() => when([], { ...join, urgency: 'critical' })).toThrow(ValidationError);
  });

  it('rejects joining for someone else', () => {
    expect(() => when([], { ...join, actor: { id: 'patient-2', role: 'patient' } })).toThrow(ForbiddenError);
  });

  it('rejects a duplicate entry', () => {
    expect(() => when([waitlisted], join)).toThrow(ConflictError);
  });

  it('fulfils once', () => {
    const fulfil = { type: 'FulfilWaitlistEntry' as const, entryId: 'entry-1', slotId: 'slot-1', bookingId: 'booking-1', now: '2025-03-04T10:00:00Z' };
    const fulfilled = when([waitlisted], fulfil);

    expect(fulfilled).toEqual([{ type: 'WaitlistEntryFulfilled', data: { entryId: 'entry-1', slotId: 'slot-1', bookingId: 'booking-1', fulfilledAt: '2025-03-04T10:00:00Z' } }]);
    expect(when([waitlisted, ...fulfilled], fulfil)).toEqual([]);
  });

  it('rejects withdrawing a fulfilled entry', () => {
    const fulfilled: WaitlistEvent = { type: 'WaitlistEntryFulfilled', data: { entryId: 'entry-1', slotId: 's', bookingId: 'b', fulfilledAt: '2025-03-04T10:00:00Z' } };
    const withdraw = { type: 'WithdrawFromWaitlist' as const, entryId: 'entry-1', actor: join.actor, mayActForPatient: false, now: '2025-03-05T10:00:00Z' };

    expect(() => when([waitlisted, fulfilled], withdraw)).toThrow(ConflictError);
  });
});
