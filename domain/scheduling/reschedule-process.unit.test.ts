import { advanceReschedule, type RescheduleProcess, type RescheduleRequested } from './reschedule-process';

const request: RescheduleRequested = {
  type: 'RescheduleRequested',
  rescheduleId: 'r-1',
  patientId: 'patient-1',
  fromSlotId: 'slot-1',
  fromBookingId: 'booking-1',
  toSlotId: 'slot-2',
  newBookingId: 'booking-1b',
  actor: { id: 'patient-1', role: 'patient' },
  mayActForPatient: false,
  requestedAt: '2025-03-03T14:00:00Z',
};
const at = '2025-03-03T14:00:01Z';

function started(): RescheduleProcess {
  return advanceReschedule(null, request).process;
}

describe('reschedule process', () => {
  it('holds the target first', () => {
    const { process, commands } = advanceReschedule(null, request);

    expect(process.status).toBe('hold-target');
    expect(commands).toEqual([expect.objectContaining({ type: 'HoldSlotForReschedule', slotId: 'slot-2', holdId: 'reschedule-r-1' })]);
  });

  it('releases the source after the hold', () => {
    const { process, commands } = advanceReschedule(started(), { type: 'RescheduleStepSucceeded', step: 'hold-target', at });

    expect(process.status).toBe('release-source');
    expect(commands).toEqual([expect.objectContaining({ type: 'RescheduleBooking', slotId: 'slot-1', bookingId: 'booking-1', toSlotId: 'slot-2' })]);
  });

  it('confirms the target after the release', () => {
    const holding = advanceReschedule(started(), { type: 'RescheduleStepSucceeded', step: 'hold-target', at }).process;
    const { process, commands } = advanceReschedule(holding, { type: 'RescheduleStepSucceeded', step: 'release-source', at });

    expect(process.status).toBe('confirm-target');
    expect(commands).toEqual([expect.objectContaining({ type: 'ConfirmRescheduleHold', slotId: 'slot-2', bookingId: 'booking-1b' })]);
  });

  it('fails without compensation when the target is taken', () => {
    const { process, commands } = advanceReschedule(started(), { type: 'RescheduleStepRejected', step: 'hold-target', reason: 'slot slot-2 is already taken', at });

    expect(process).toEqual(expect.objectContaining({ status: 'failed', failure: { step: 'hold-target', reason: 'slot slot-2 is already taken' } }));
    expect(commands).toEqual([]);
  });

  it('releases the hold when the source was cancelled', () => {
    const holding = advanceReschedule(started(), { type: 'RescheduleStepSucceeded', step: 'hold-target', at }).process;
    const { process, commands } = advanceReschedule(holding, { type: 'RescheduleStepRejected', step: 'release-source', reason: 'appointment booking-1 was cancelled', at });

    expect(process.status).toBe('release-hold');
    expect(commands).toEqual([{ type: 'ReleaseSlotHold', slotId: 'slot-2', holdId: 'reschedule-r-1', reason: 'reschedule-failed', now: at }]);
  });

  it('ignores a duplicate outcome', () => {
    const holding = advanceReschedule(started(), { type: 'RescheduleStepSucceeded', step: 'hold-target', at }).process;

    expect(advanceReschedule(holding, { type: 'RescheduleStepSucceeded', step: 'hold-target', at })).toEqual({ process: holding, commands: [] });
  });

  it('rejects an outcome before the start', () => {
    expect(() => advanceReschedule(null, { type: 'RescheduleStepSucceeded', step: 'hold-target', at })).toThrow(/before RescheduleRequested/);
  });
});
