// The reschedule process manager: sequences the three single-stream steps that move a booking
// from one slot to another (see slot.ts), and compensates when the middle step fails.
//
// It is pure. The saga runner stores the process state, dispatches the commands it returns,
// and reports each command's outcome back as a step message. A DomainError from a command is
// reported as rejected. An infrastructure failure is retried by the runner and never reported,
// so every step here is reached at most once per outcome. Duplicate or late messages change
// nothing and dispatch nothing, which makes redelivery after a crash safe.

import { assertNever } from '../shared/decider';
import type { Actor } from './actor';
import type { SlotCommand } from './slot-commands';

export interface RescheduleRequested {
  type: 'RescheduleRequested';
  rescheduleId: string;
  patientId: string;
  fromSlotId: string;
  fromBookingId: string;
  toSlotId: string;
  /** The id the appointment takes in its new slot. */
  newBookingId: string;
  actor: Actor;
  mayActForPatient: boolean;
  requestedAt: string;
}

export type RescheduleStepName = 'hold-target' | 'release-source' | 'confirm-target' | 'release-hold';

export interface RescheduleStepSucceeded {
  type: 'RescheduleStepSucceeded';
  step: RescheduleStepName;
  at: string;
}

export interface RescheduleStepRejected {
  type: 'RescheduleStepRejected';
  step: RescheduleStepName;
  /** The rejecting DomainError's message, shown to the patient's client as the reason. */
  reason: string;
  at: string;
}

export type RescheduleMessage = RescheduleRequested | RescheduleStepSucceeded | RescheduleStepRejected;

export type RescheduleStatus = RescheduleStepName | 'completed' | 'failed';

export interface RescheduleProcess {
  request: RescheduleRequested;
  /** The step whose outcome the process waits for, or where it ended. */
  status: RescheduleStatus;
  failure?: { step: RescheduleStepName; reason: string };
}

export interface RescheduleDecision {
  process: RescheduleProcess;
  commands: SlotCommand[];
}

/** Advances the process by one message and returns its new state and the commands to send. */
export function advanceReschedule(process: RescheduleProcess | null, message: RescheduleMessage): RescheduleDecision {
  if (message.type === 'RescheduleRequested') {
    if (process) {
      return { process, commands: [] };
    }
    const started: RescheduleProcess = { request: message, status: 'hold-target' };
    return { process: started, commands: [holdTarget(message)] };
  }

  if (!process) {
    throw new Error(`${message.type} for step ${message.step} arrived before RescheduleRequested; the runner lost the start message`);
  }
  if (process.status !== message.step) {
    return { process, commands: [] };
  }

  return message.type === 'RescheduleStepSucceeded' ? afterSuccess(process, message) : afterRejection(process, message);
}

/** Derives the hold id from the reschedule id, so a redelivered step targets the same hold. */
export function rescheduleHoldId(rescheduleId: string): string {
  return `reschedule-${rescheduleId}`;
}

function afterSuccess(process: RescheduleProcess, message: RescheduleStepSucceeded): RescheduleDecision {
  const { request } = process;
  switch (message.step) {
    case 'hold-target':
      return { process: { ...process, status: 'release-source' }, commands: [releaseSource(request, message.at)] };
    case 'release-source':
      return { process: { ...process, status: 'confirm-target' }, commands: [confirmTarget(request, message.at)] };
    case 'confirm-target':
      return { process: { ...process, status: 'completed' }, commands: [] };
    case 'release-hold':
      return { process: { ...process, status: 'failed' }, commands: [] };
    default:
      return assertNever(message.step, 'reschedule step');
  }
}

function afterRejection(process: RescheduleProcess, message: RescheduleStepRejected): RescheduleDecision {
  const failure = { step: message.step, reason: message.reason };
  switch (message.step) {
    case 'hold-target':
      return { process: { ...process, status: 'failed', failure }, commands: [] };
    case 'release-source':
      return {
        process: { ...process, status: 'release-hold', failure },
        commands: [releaseHold(process.request, message.at)],
      };
    case 'confirm-target':
    case 'release-hold':
      // Only this process can confirm or release its hold, so a rejection here means a bug or a
      // hand-edited stream. The process stops and keeps the reason for an operator.
      return { process: { ...process, status: 'failed', failure: process.failure ?? failure }, commands: [] };
    default:
      return assertNever(message.step, 'reschedule step');
  }
}

function holdTarget(request: RescheduleRequested): SlotCommand {
  return {
    type: 'HoldSlotForReschedule',
    slotId: request.toSlotId,
    holdId: rescheduleHoldId(request.rescheduleId),
    patientId: request.patientId,
    fromSlotId: request.fromSlotId,
    fromBookingId: request.fromBookingId,
    actor: request.actor,
    mayActForPatient: request.mayActForPatient,
    now: request.requestedAt,
  };
}

function releaseSource(request: RescheduleRequested, now: string): SlotCommand {
  return {
    type: 'RescheduleBooking',
    slotId: request.fromSlotId,
    bookingId: request.fromBookingId,
    toSlotId: request.toSlotId,
    holdId: rescheduleHoldId(request.rescheduleId),
    actor: request.actor,
    mayActForPatient: request.mayActForPatient,
    now,
  };
}

function confirmTarget(request: RescheduleRequested, now: string): SlotCommand {
  return {
    type: 'ConfirmRescheduleHold',
    slotId: request.toSlotId,
    holdId: rescheduleHoldId(request.rescheduleId),
    bookingId: request.newBookingId,
    actor: request.actor,
    now,
  };
}

function releaseHold(request: RescheduleRequested, now: string): SlotCommand {
  return {
    type: 'ReleaseSlotHold',
    slotId: request.toSlotId,
    holdId: rescheduleHoldId(request.rescheduleId),
    reason: 'reschedule-failed',
    now,
  };
}
