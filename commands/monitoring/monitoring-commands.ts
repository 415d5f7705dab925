import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { monitoredConditionOf, monitoringDecider, type AnswerValue, type CheckInChannel, type EscalationRuleSet, type MonitoredCondition } from '../../domain/monitoring';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';
import { monitoringPlanId, monitoringStream, patientOfCheckIn } from './monitoring-streams';

/** Injection token of the escalation rules loaded from the rule files at start-up. */
export const ESCALATION_RULES = Symbol('EscalationRules');

/**
 * Starts remote monitoring of a patient for one condition within a care journey: the plan is
 * recorded and its first check-in scheduled; the monitoring saga sets its timer. Sent by the
 * care-journey saga. Sending it twice for the same journey and condition starts one plan.
 */
export class StartMonitoringPlanCommand {
  constructor(
    readonly input: { patientId: string; journeyId: string; conditionCode: string; startedAt: string },
    readonly context: CommandContext,
  ) {}
}

export interface MonitoringPlanOutcome extends CommandOutcome {
  planId: string;
  condition: MonitoredCondition;
}

export class ScheduleNextCheckInCommand {
  constructor(
    readonly input: { patientId: string; planId: string; checkInId: string; condition: MonitoredCondition; dueAt: string; scheduledAt: string },
    readonly context: CommandContext,
  ) {}
}

export class SendCheckInCommand {
  constructor(
    readonly input: { patientId: string; checkInId: string; channel: CheckInChannel; sentAt: string },
    readonly context: CommandContext,
  ) {}
}

export class AnswerCheckInCommand {
  constructor(
    readonly input: { checkInId: string; answers: Record<string, AnswerValue>; answeredAt: string },
    readonly context: CommandContext,
  ) {}
}

export interface AnswerOutcome extends CommandOutcome {
  patientId: string;
}

export class MarkCheckInMissedCommand {
  constructor(
    readonly input: { patientId: string; checkInId: string; now: string },
    readonly context: CommandContext,
  ) {}
}

export class RecordDoseCommand {
  constructor(
    readonly input: { patientId: string; doseId: string; medication: string; scheduledFor: string; taken: boolean; recordedAt: string },
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(StartMonitoringPlanCommand)
export class StartMonitoringPlanHandler implements ICommandHandler<StartMonitoringPlanCommand, MonitoringPlanOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  async execute({ input, context }: StartMonitoringPlanCommand): Promise<MonitoringPlanOutcome> {
    const condition = monitoredConditionOf(input.conditionCode);
    const planId = monitoringPlanId(input.journeyId, condition);
    const command = { type: 'StartMonitoringPlan' as const, planId, condition, ...input };
    const outcome = await this.repository.handle(monitoringStream(input.patientId), monitoringDecider, command, context);
    return { ...outcome, planId, condition };
  }
}

@CommandHandler(ScheduleNextCheckInCommand)
export class ScheduleNextCheckInHandler implements ICommandHandler<ScheduleNextCheckInCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ input, context }: ScheduleNextCheckInCommand): Promise<CommandOutcome> {
    return this.repository.handle(monitoringStream(input.patientId), monitoringDecider, { type: 'ScheduleCheckIn', ...input }, context);
  }
}

@CommandHandler(SendCheckInCommand)
export class SendCheckInHandler implements ICommandHandler<SendCheckInCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ input, context }: SendCheckInCommand): Promise<CommandOutcome> {
    const { checkInId, channel, sentAt } = input;
    return this.repository.handle(monitoringStream(input.patientId), monitoringDecider, { type: 'SendCheckIn', checkInId, channel, sentAt }, context);
  }
}

@CommandHandler(AnswerCheckInCommand)
export class AnswerCheckInHandler implements ICommandHandler<AnswerCheckInCommand, AnswerOutcome> {
  constructor(
    private readonly repository: AggregateRepository,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
    @Inject(ESCALATION_RULES) private readonly rules: EscalationRuleSet,
  ) {}

  async execute({ input, context }: AnswerCheckInCommand): Promise<AnswerOutcome> {
    const patientId = await patientOfCheckIn(this.sql, input.checkInId);
    const command = { type: 'RecordCheckInAnswers' as const, ...input, escalationRules: this.rules };
    const outcome = await this.repository.handle(monitoringStream(patientId), monitoringDecider, command, context);
    return { ...outcome, patientId };
  }
}

@CommandHandler(MarkCheckInMissedCommand)
export class MarkCheckInMissedHandler implements ICommandHandler<MarkCheckInMissedCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ input, context }: MarkCheckInMissedCommand): Promise<CommandOutcome> {
    const { checkInId, now } = input;
    return this.repository.handle(monitoringStream(input.patientId), monitoringDecider, { type: 'MarkCheckInMissed', checkInId, now }, context);
  }
}

// NOTE: rules on medication_adherence_pct are evaluated when the next check-in is answered, not
// when a dose is recorded, so low adherence escalates up to one check-in interval late.
@CommandHandler(RecordDoseCommand)
export class RecordDoseHandler implements ICommandHandler<RecordDoseCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ input, context }: RecordDoseCommand): Promise<CommandOutcome> {
    const { doseId, medication, scheduledFor, recordedAt } = input;
    const command = input.taken
      ? { type: 'ConfirmDose' as const, doseId, medication, scheduledFor, confirmedAt: recordedAt }
      : { type: 'RecordMissedDose' as const, doseId, medication, scheduledFor, recordedAt };
    return this.repository.handle(monitoringStream(input.patientId), monitoringDecider, command, context);
  }
}

export const monitoringCommandHandlers = [
  StartMonitoringPlanHandler,
  ScheduleNextCheckInHandler,
  SendCheckInHandler,
  AnswerCheckInHandler,
  MarkCheckInMissedHandler,
  RecordDoseHandler,
];
