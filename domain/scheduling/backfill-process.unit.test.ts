import fc from 'fast-check';
import { foldEvents } from '../shared/decider';
import type { BackfillEvent, BackfillMessage, SlotFreedForBackfill } from './backfill-events';
import { backfillCommandsFor, backfillDecider } from './backfill-process';
import type { WaitlistEntry } from './waitlist';

const FREED_AT = '2025-03-03T14:00:00.000Z';
const SLOT_STARTS_AT = '2025-03-05T15:00:00.000Z';

const waitlist: WaitlistEntry[] = [
  { entryId: 'e-routine', patientId: 'p-routine', specialty: 'family-medicine', urgency: 'routine', joinedAt: '2025-02-20T10:00:00Z' },
  { entryId: 'e-urgent', patientId: 'p-urgent', specialty: 'family-medicine', urgency: 'urgent', joinedAt: '2025-03-03T09:00:00Z' },
  { entryId: 'e-imaging', patientId: 'p-imaging', specialty: 'diagnostic-imaging', urgency: 'urgent', joinedAt: '2025-01-01T09:00:00Z' },
];

function freed(overrides: Partial<SlotFreedForBackfill> = {}): SlotFreedForBackfill {
  return { type: 'SlotFreedForBackfill', backfillId: 'bf-1', slotId: 'slot-1', specialty: 'family-medicine', slotStartsAt: SLOT_STARTS_AT, waitlist, freedAt: FREED_AT, ...overrides };
}

/** Given the process's stored events, when this message: the new events. */
function when(given: readonly BackfillEvent[], message: BackfillMessage): BackfillEvent[] {
  return backfillDecider.decide(foldEvents(backfillDecider, given), message);
}

function run(messages: BackfillMessage[]): BackfillEvent[] {
  return messages.reduce<BackfillEvent[]>((stored, message) => [...stored, ...when(stored, message)], []);
}

const types = (events: BackfillEvent[]) => events.map((event) => event.type);

describe('backfill process', () => {
  it('offers the freed slot to the top patient', () => {
    const events = when([], freed());

    expect(events).toEqual([
      {
        type: 'BackfillStarted',
        data: {
          backfillId: 'bf-1',
          slotId: 'slot-1',
          specialty: 'family-medicine',
          slotStartsAt: SLOT_STARTS_AT,
          queue: [
            { entryId: 'e-urgent', patientId: 'p-urgent' },
            { entryId: 'e-routine', patientId: 'p-routine' },
          ],
          startedAt: FREED_AT,
        },
      },
      {
        type: 'SlotOffered',
        data: { backfillId: 'bf-1', offerId: 'bf-1-offer-1', slotId: 'slot-1', entryId: 'e-urgent', patientId: 'p-urgent', offeredAt: FREED_AT, respondBy: '2025-03-03T16:00:00.000Z' },
      },
      { type: 'OfferDeadlineScheduled', data: { backfillId: 'bf-1', offerId: 'bf-1-offer-1', dueAt: '2025-03-03T16:00:00.000Z' } },
    ]);
  });

  it('ignores a duplicate start', () => {
    expect(when(when([], freed()), freed())).toEqual([]);
  });

  it('moves to the next patient on decline', () => {
    const given = when([], freed());
    const events = when(given, { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'decline', answeredAt: '2025-03-03T14:30:00.000Z' });

    expect(types(events)).toEqual(['OfferDeclined', 'SlotOffered', 'OfferDeadlineScheduled']);
    expect(events[1]).toEqual(expect.objectContaining({ data: expect.objectContaining({ entryId: 'e-routine', offerId: 'bf-1-offer-2' }) }));
  });

  it('moves to the next patient when the deadline passes', () => {
    const given = when([], freed());
    const events = when(given, { type: 'OfferDeadlineReached', offerId: 'bf-1-offer-1', firedAt: '2025-03-03T16:00:01.000Z' });

    expect(types(events)).toEqual(['OfferExpired', 'SlotOffered', 'OfferDeadlineScheduled']);
  });

  it('ignores a deadline after the answer', () => {
    const given = run([freed(), { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'accept', answeredAt: '2025-03-03T14:10:00.000Z' }]);

    expect(when(given, { type: 'OfferDeadlineReached', offerId: 'bf-1-offer-1', firedAt: '2025-03-03T16:00:00.000Z' })).toEqual([]);
  });

  it('ignores an answer to an expired offer', () => {
    const given = run([freed(), { type: 'OfferDeadlineReached', offerId: 'bf-1-offer-1', firedAt: '2025-03-03T16:00:00.000Z' }]);

    expect(when(given, { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'accept', answeredAt: '2025-03-03T16:05:00.000Z' })).toEqual([]);
  });

  it('books the slot when the patient accepts', () => {
    const events = when(when([], freed()), { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'accept', answeredAt: '2025-03-03T14:10:00.000Z' });

    expect(types(events)).toEqual(['OfferAccepted']);
    expect(backfillCommandsFor(events[0]!)).toEqual([
      {
        type: 'BookSlot',
        slotId: 'slot-1',
        bookingId: 'booking-bf-1-offer-1',
        patientId: 'p-urgent',
        actor: { id: 'backfill-process', role: 'system' },
        mayActForPatient: true,
        now: '2025-03-03T14:10:00.000Z',
      },
    ]);
  });

  it('completes and fulfils the entry once booked', () => {
    const given = run([freed(), { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'accept', answeredAt: '2025-03-03T14:10:00.000Z' }]);
    const events = when(given, { type: 'BackfillBookingOutcome', offerId: 'bf-1-offer-1', outcome: 'booked', at: '2025-03-03T14:10:01.000Z' });

    expect(types(events)).toEqual(['BackfillCompleted']);
    expect(backfillCommandsFor(events[0]!)).toEqual([
      { type: 'FulfilWaitlistEntry', entryId: 'e-urgent', slotId: 'slot-1', bookingId: 'booking-bf-1-offer-1', now: '2025-03-03T14:10:01.000Z' },
    ]);
  });

  it('gives up when someone else took the slot', () => {
    const given = run([freed(), { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'accept', answeredAt: '2025-03-03T14:10:00.000Z' }]);
    const events = when(given, { type: 'BackfillBookingOutcome', offerId: 'bf-1-offer-1', outcome: 'slot-unavailable', at: '2025-03-03T14:10:01.000Z' });

    expect(events).toEqual([{ type: 'BackfillAbandoned', data: { backfillId: 'bf-1', slotId: 'slot-1', reason: 'slot-unavailable', abandonedAt: '2025-03-03T14:10:01.000Z' } }]);
  });

  it('stops when the waitlist runs out', () => {
    const events = run([
      freed(),
      { type: 'OfferAnswered', offerId: 'bf-1-offer-1', answer: 'decline', answeredAt: '2025-03-03T14:10:00.000Z' },
      { type: 'OfferAnswered', offerId: 'bf-1-offer-2', answer: 'decline', answeredAt: '2025-03-03T14:20:00.000Z' },
    ]);

    expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'BackfillAbandoned', data: expect.objectContaining({ reason: 'waitlist-exhausted' }) }));
  });

  it('answers by two hours before the visit', () => {
    const events = when([], freed({ slotStartsAt: '2025-03-03T17:00:00.000Z' }));

    expect(events[1]).toEqual(expect.objectContaining({ data: expect.objectContaining({ respondBy: '2025-03-03T15:00:00.000Z' }) }));
  });

  it('does not offer a slot too close to its start', () => {
    const events = when([], freed({ slotStartsAt: '2025-03-03T16:10:00.000Z' }));

    expect(events.at(-1)).toEqual(expect.objectContaining({ type: 'BackfillAbandoned', data: expect.objectContaining({ reason: 'too-close-to-start' }) }));
  });
});

describe('backfill process properties', () => {
  const answer = fc.record({
    kind: fc.constantFrom('accept', 'decline', 'deadline', 'booked', 'slot-unavailable', 'rejected', 'stale'),
    minutes: fc.integer({ min: 1, max: 30 }),
  });

  it('offers each patient at most once and books at most one', () => {
    fc.assert(
      fc.property(fc.array(answer, { maxLength: 25 }), (answers) => {
        let stored = when([], freed());
        let clock = Date.parse(FREED_AT);
        for (const { kind, minutes } of answers) {
          clock += minutes * 60_000;
          const at = new Date(clock).toISOString();
          const offers = stored.filter((event) => event.type === 'SlotOffered');
          const current = kind === 'stale' ? 'bf-1-offer-0' : (offers.at(-1)?.data as { offerId: string } | undefined)?.offerId ?? 'none';
          const message: BackfillMessage =
            kind === 'accept' || kind === 'decline' || kind === 'stale'
              ? { type: 'OfferAnswered', offerId: current, answer: kind === 'decline' ? 'decline' : 'accept', answeredAt: at }
              : kind === 'deadline'
                ? { type: 'OfferDeadlineReached', offerId: current, firedAt: at }
                : { type: 'BackfillBookingOutcome', offerId: current, outcome: kind, at };
          stored = [...stored, ...when(stored, message)];
        }

        const offered = stored.filter((event) => event.type === 'SlotOffered').map((event) => (event.data as { entryId: string }).entryId);
        expect(new Set(offered).size).toBe(offered.length);
        expect(stored.filter((event) => event.type === 'OfferDeadlineScheduled')).toHaveLength(offered.length);
        expect(stored.filter((event) => event.type === 'BackfillCompleted').length).toBeLessThanOrEqual(1);
        const endings = stored.findIndex((event) => event.type === 'BackfillCompleted' || event.type === 'BackfillAbandoned');
        if (endings >= 0) expect(endings).toBe(stored.length - 1);
      }),
    );
  });
});
