import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import {
  bookingCancelled,
  bookSlot,
  cancelBooking,
  clinicActor,
  NOW,
  openSlot,
  patientActor,
  SLOT_STARTS_AT,
  slotBooked,
  slotOpened,
  whenSlot,
} from './slot.fixtures';
import { isSlotTakenError } from './slot-errors';
import type { SlotEvent } from './slot-events';
import { slotFreedBy } from './slot';

const AFTER_START = '2025-03-05T15:00:00.000Z';

describe('OpenSlot', () => {
  it('opens a new slot', () => {
    expect(whenSlot([], openSlot())).toEqual([slotOpened({ openedAt: NOW })]);
  });

  it('rejects opening twice', () => {
    expect(() => whenSlot([slotOpened()], openSlot())).toThrow(ConflictError);
  });

  it('rejects a slot ending before it starts', () => {
    expect(() => whenSlot([], openSlot({ endsAt: SLOT_STARTS_AT }))).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ field: 'endsAt' })] }),
    );
  });

  it('rejects a slot in the past', () => {
    expect(() => whenSlot([], openSlot({ startsAt: '2025-03-01T15:00:00Z' }))).toThrow(ValidationError);
  });

  it('rejects a date without a time', () => {
    expect(() => whenSlot([], openSlot({ now: '2025-03-03' }))).toThrow(
      expect.objectContaining({ violations: [expect.objectContaining({ field: 'now' })] }),
    );
  });
});

describe('BookSlot', () => {
  it('books an open slot for the patient', () => {
    expect(whenSlot([slotOpened()], bookSlot())).toEqual([slotBooked()]);
  });

  it('keeps the visit reason on the event', () => {
    const [event] = whenSlot([slotOpened()], bookSlot({ visitReason: 'sore throat' }));

    expect(event).toEqual(slotBooked({ visitReason: 'sore throat' }));
  });

  it('rejects an unknown slot', () => {
    expect(() => whenSlot([], bookSlot())).toThrow(NotFoundError);
  });

  it('rejects a slot that has started', () => {
    const booking = bookSlot({ now: AFTER_START });

    expect(() => whenSlot([slotOpened()], booking)).toThrow(
      expect.objectContaining({ status: 422, violations: [expect.objectContaining({ field: 'slotId' })] }),
    );
  });

  it('rejects a taken slot as slot-taken', () => {
    const second = bookSlot({ bookingId: 'booking-2', patientId: 'patient-2', actor: patientActor('patient-2') });
    let error: unknown;
    try {
      whenSlot([slotOpened(), slotBooked()], second);
    } catch (caught) {
      error = caught;
    }

    expect(isSlotTakenError(error)).toBe(true);
    expect((error as ConflictError).extensions).toEqual({ code: 'slot-taken', slotId: 'slot-1', alternatives: [] });
  });

  it('returns nothing for a retried booking', () => {
    expect(whenSlot([slotOpened(), slotBooked()], bookSlot())).toEqual([]);
  });

  it('rejects booking for another patient without the right', () => {
    const command = bookSlot({ actor: patientActor('patient-2') });

    expect(() => whenSlot([slotOpened()], command)).toThrow(ForbiddenError);
  });

  it('lets staff with the right book for a patient', () => {
    const command = bookSlot({ actor: clinicActor, mayActForPatient: true });

    expect(whenSlot([slotOpened()], command)).toEqual([slotBooked({ bookedBy: clinicActor.id })]);
  });

  it('books again after a cancellation', () => {
    const given = [slotOpened(), slotBooked(), bookingCancelled()];
    const command = bookSlot({ bookingId: 'booking-2', patientId: 'patient-2', actor: patientActor('patient-2') });

    expect(whenSlot(given, command)).toEqual([
      slotBooked({ bookingId: 'booking-2', patientId: 'patient-2', bookedBy: 'patient-2' }),
    ]);
  });

  it('rejects reusing a cancelled booking id', () => {
    const given = [slotOpened(), slotBooked(), bookingCancelled()];

    expect(() => whenSlot(given, bookSlot())).toThrow(ConflictError);
  });

  it('rejects a blocked slot', () => {
    const blocked: SlotEvent = {
      type: 'SlotBlocked',
      data: { slotId: 'slot-1', blockedAt: NOW, blockedBy: clinicActor.id, reason: 'clinic closed' },
    };

    expect(() => whenSlot([slotOpened(), blocked], bookSlot())).toThrow(/blocked/);
  });

  it('lets two decisions on one version both succeed', () => {
    const given = [slotOpened()];
    const first = whenSlot(given, bookSlot());
    const second = whenSlot(given, bookSlot({ bookingId: 'booking-2', patientId: 'patient-2', actor: patientActor('patient-2') }));

    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
  });
});

describe('CancelBooking', () => {
  it('cancels the active booking and frees the slot', () => {
    const events = whenSlot([slotOpened(), slotBooked()], cancelBooking());

    expect(events).toEqual([bookingCancelled()]);
    expect(slotFreedBy(events[0]!)).toEqual({ slotId: 'slot-1', freedAt: NOW });
  });

  it('rejects cancelling twice', () => {
    const given = [slotOpened(), slotBooked(), bookingCancelled()];

    expect(() => whenSlot(given, cancelBooking())).toThrow(/was cancelled/);
  });

  it('rejects an unknown booking', () => {
    expect(() => whenSlot([slotOpened(), slotBooked()], cancelBooking({ bookingId: 'other' }))).toThrow(NotFoundError);
  });

  it('rejects cancelling for another patient', () => {
    const command = cancelBooking({ actor: patientActor('patient-2') });

    expect(() => whenSlot([slotOpened(), slotBooked()], command)).toThrow(ForbiddenError);
  });

  it('rejects cancelling a started appointment', () => {
    const command = cancelBooking({ now: AFTER_START });

    expect(() => whenSlot([slotOpened(), slotBooked()], command)).toThrow(ConflictError);
  });
});

describe('reschedule steps', () => {
  const hold = {
    type: 'HoldSlotForReschedule' as const,
    slotId: 'slot-2',
    holdId: 'hold-1',
    patientId: 'patient-1',
    fromSlotId: 'slot-1',
    fromBookingId: 'booking-1',
    actor: patientActor(),
    mayActForPatient: false,
    now: NOW,
  };
  const target = slotOpened({ slotId: 'slot-2' });
  const held: SlotEvent = {
    type: 'SlotHeldForReschedule',
    data: { slotId: 'slot-2', holdId: 'hold-1', patientId: 'patient-1', fromSlotId: 'slot-1', fromBookingId: 'booking-1', heldAt: NOW, heldBy: 'patient-1' },
  };
  const reschedule = {
    type: 'RescheduleBooking' as const,
    slotId: 'slot-1',
    bookingId: 'booking-1',
    toSlotId: 'slot-2',
    holdId: 'hold-1',
    actor: patientActor(),
    mayActForPatient: false,
    now: NOW,
  };

  it('holds the target slot', () => {
    expect(whenSlot([target], hold)).toEqual([held]);
  });

  it('makes a held slot taken for others', () => {
    const other = bookSlot({ slotId: 'slot-2', bookingId: 'b-9', patientId: 'patient-9', actor: patientActor('patient-9') });

    expect(() => whenSlot([target, held], other)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'slot-taken' }) }));
  });

  it('moves the booking out of the source', () => {
    expect(whenSlot([slotOpened(), slotBooked()], reschedule)).toEqual([
      {
        type: 'BookingRescheduled',
        data: { slotId: 'slot-1', bookingId: 'booking-1', patientId: 'patient-1', toSlotId: 'slot-2', holdId: 'hold-1', rescheduledAt: NOW, rescheduledBy: 'patient-1' },
      },
    ]);
  });

  it('rejects rescheduling a cancelled appointment', () => {
    const given = [slotOpened(), slotBooked(), bookingCancelled()];

    expect(() => whenSlot(given, reschedule)).toThrow(ConflictError);
  });

  it('confirms the hold into a booking', () => {
    const confirm = { type: 'ConfirmRescheduleHold' as const, slotId: 'slot-2', holdId: 'hold-1', bookingId: 'booking-1b', actor: patientActor(), now: NOW };

    expect(whenSlot([target, held], confirm)).toEqual([
      slotBooked({ slotId: 'slot-2', bookingId: 'booking-1b', rescheduledFrom: { slotId: 'slot-1', bookingId: 'booking-1' } }),
    ]);
  });

  it('releases the hold once', () => {
    const release = { type: 'ReleaseSlotHold' as const, slotId: 'slot-2', holdId: 'hold-1', reason: 'reschedule-failed' as const, now: NOW };
    const released = whenSlot([target, held], release);

    expect(released).toEqual([{ type: 'SlotHoldReleased', data: { slotId: 'slot-2', holdId: 'hold-1', releasedAt: NOW, reason: 'reschedule-failed' } }]);
    expect(whenSlot([target, held, ...released], release)).toEqual([]);
  });
});

describe('BlockSlot', () => {
  const block = { type: 'BlockSlot' as const, slotId: 'slot-1', actor: clinicActor, reason: 'clinic closed', now: NOW };

  it('blocks an open slot', () => {
    expect(whenSlot([slotOpened()], block)).toEqual([
      { type: 'SlotBlocked', data: { slotId: 'slot-1', blockedAt: NOW, blockedBy: clinicActor.id, reason: 'clinic closed' } },
    ]);
  });

  it('rejects blocking a booked slot', () => {
    expect(() => whenSlot([slotOpened(), slotBooked()], block)).toThrow(/cancel it/);
  });

  it('rejects a patient blocking', () => {
    expect(() => whenSlot([slotOpened()], { ...block, actor: patientActor() })).toThrow(ForbiddenError);
  });
});
