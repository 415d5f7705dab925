import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  advanceReschedule,
  slotDecider,
  slotStreamName,
  type RescheduleMessage,
  type RescheduleProcess,
  type RescheduleStepName,
  type SlotCommand,
} from '../../domain/scheduling';
import { ConflictError, DomainError } from '../../domain/shared/errors';
import { loggerFor } from '../../infra/observability/logger';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { ProcessManagerRunner, type ProcessManager } from '../../sagas/runner/process-manager-runner';
import { AggregateRepository } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import type { ActingParty } from './acting-party';
import { locateAppointment } from './appointment-lookup';

export class RescheduleAppointmentCommand {
  constructor(
    readonly data: { appointmentId: string; toSlotId: string },
    readonly party: ActingParty,
    readonly context: CommandContext,
  ) {}
}

export interface RescheduleResult {
  rescheduleId: string;
  process: RescheduleProcess;
}

const STEP_OF_COMMAND: Partial<Record<SlotCommand['type'], RescheduleStepName>> = {
  HoldSlotForReschedule: 'hold-target',
  RescheduleBooking: 'release-source',
  ConfirmRescheduleHold: 'confirm-target',
  ReleaseSlotHold: 'release-hold',
};

const rescheduleManager: ProcessManager<RescheduleProcess, RescheduleMessage, SlotCommand> = {
  name: 'reschedule',
  advance: (state, message) => {
    const { process, commands } = advanceReschedule(state, message);
    return { state: process, commands };
  },
  isFinished: (state) => state.status === 'completed' || state.status === 'failed',
};

/**
 * Sends the reschedule process's slot commands and reports their outcomes back. The process
 * state is stored by the ProcessManagerRunner, so a reschedule interrupted by a restart resumes
 * at start-up and never leaves a slot held for ever.
 */
@Injectable()
export class RescheduleProcessDriver implements OnModuleInit {
  private runner: ProcessManagerRunner<RescheduleProcess, RescheduleMessage, SlotCommand> | undefined;
  // The rejecting errors of the steps in flight, so the client gets the original status (409,
  // 422, 403) and not only its message, which is all the process stores.
  private readonly rejections = new Map<string, DomainError>();

  constructor(
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  async onModuleInit(): Promise<void> {
    const logger = loggerFor('reschedule');
    this.runner = await ProcessManagerRunner.open(this.sql, rescheduleManager, (command, commandId) => this.dispatch(command, commandId), logger);
    const resumed = await this.runner.resumeUnfinished();
    if (resumed > 0) logger.info({ resumed }, 'resumed interrupted reschedules');
  }

  async reschedule(rescheduleId: string, message: RescheduleMessage): Promise<{ process: RescheduleProcess; rejection?: DomainError }> {
    const process = await this.runner!.run(rescheduleId, message);
    const rejection = process.failure ? this.rejections.get(`${rescheduleId}/${process.failure.step}`) : undefined;
    this.clearRejections(rescheduleId);
    return rejection ? { process, rejection } : { process };
  }

  private async dispatch(command: SlotCommand, commandId: string): Promise<RescheduleMessage> {
    const step = STEP_OF_COMMAND[command.type];
    if (!step) {
      throw new Error(`the reschedule process sent ${command.type}, which is not one of its steps`);
    }

    const rescheduleId = commandId.split('/')[1]!;
    const context = { commandId, correlationId: rescheduleId, causationId: null, actor: command.type === 'ReleaseSlotHold' ? { id: 'reschedule-process', role: 'system' } : actorOf(command), receivedAt: command.now };
    try {
      await this.repository.handle(slotStreamName(command.slotId), slotDecider, command, context);
      return { type: 'RescheduleStepSucceeded', step, at: new Date().toISOString() };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.rejections.set(`${rescheduleId}/${step}`, error);
      return { type: 'RescheduleStepRejected', step, reason: error.message, at: new Date().toISOString() };
    }
  }

  private clearRejections(rescheduleId: string): void {
    for (const key of this.rejections.keys()) {
      if (key.startsWith(`${rescheduleId}/`)) this.rejections.delete(key);
    }
  }
}

@CommandHandler(RescheduleAppointmentCommand)
export class RescheduleAppointmentHandler implements ICommandHandler<RescheduleAppointmentCommand, RescheduleResult> {
  constructor(
    private readonly driver: RescheduleProcessDriver,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  async execute({ data, party, context }: RescheduleAppointmentCommand): Promise<RescheduleResult> {
    const appointment = await locateAppointment(this.sql, data.appointmentId);
    // Checked here as well as by the slot, so a hopeless reschedule does not hold and release the target.
    if (appointment.status === 'cancelled') {
      throw new ConflictError(`appointment ${data.appointmentId} was cancelled, so it cannot be rescheduled; book a new appointment instead`);
    }

    const rescheduleId = context.commandId;
    const { process, rejection } = await this.driver.reschedule(rescheduleId, {
      type: 'RescheduleRequested',
      rescheduleId,
      patientId: appointment.patientId,
      fromSlotId: appointment.slotId,
      fromBookingId: data.appointmentId,
      toSlotId: data.toSlotId,
      // The appointment keeps its id in its new slot, so clients and reminders follow it.
      newBookingId: data.appointmentId,
      actor: party.actor,
      mayActForPatient: party.mayActFor(appointment.patientId),
      requestedAt: context.receivedAt,
    });

    if (process.status === 'failed') {
      throw rejection ?? new ConflictError(`rescheduling appointment ${data.appointmentId} failed at step ${process.failure?.step}: ${process.failure?.reason}`);
    }
    return { rescheduleId, process };
  }
}

function actorOf(command: SlotCommand): { id: string; role: string } {
  return 'actor' in command ? command.actor : { id: 'reschedule-process', role: 'system' };
}

export const rescheduleProviders = [RescheduleProcessDriver, RescheduleAppointmentHandler];
