import type { Logger } from 'pino';

import { monitoringStream, sequenceOfCheckIn } from '../../commands/monitoring/monitoring-streams';
import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import {
  CHECK_IN_SCHEDULES,
  monitoringDecider,
  planCheckInId,
  type CheckInChannel,
  type CheckInScheduled,
  type EscalationRaised,
  type MonitoredCondition,
  type MonitoringCommand,
} from '../../domain/monitoring';
import { renderMessage } from '../../domain/notifications';
import { ConflictError } from '../../domain/shared/errors';
import { foldEvents } from '../../domain/shared/decider';
import type { EventStore, StoredEvent } from '../../infra/event-store/event-store.port';
import type { ContactDirectory } from '../../infra/notifications/contact-directory';
import type { NotificationSender, NotificationChannel } from '../../infra/notifications/notifications.port';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { Clock, FiredTimer, TimerService } from '../../infra/timers/timers.port';
import type { EventSaga } from '../runner/saga-runner';

// Runs the check-in schedule of each monitoring plan on durable timers:
//
//   CheckInScheduled      -> timer 'monitoring-check-in-due' at dueAt
//   check-in due          -> SendCheckIn, the check-in message to the patient, the next check-in
//                            scheduled (until the plan ends), timer 'monitoring-answer-window'
//   answer window over    -> MarkCheckInMissed, unless it was answered
//   EscalationRaised      -> a message to the care team
//
// Every side effect's id comes from the check-in or escalation id, so a redelivered event or
// timer stores and sends nothing twice.

export const CHECK_IN_DUE_TIMER = 'monitoring-check-in-due';
export const ANSWER_WINDOW_TIMER = 'monitoring-answer-window';

interface CheckInTimerPayload {
  patientId: string;
  checkInId: string;
}

export interface MonitoringSagaDependencies {
  store: EventStore;
  timers: TimerService;
  notifications: NotificationSender;
  contacts: ContactDirectory;
  clock: Clock;
  logger: Logger;
  /** Base of the check-in link in messages. */
  publicUrl: string;
}

const HANDLED = new Set(['CheckInScheduled', 'EscalationRaised']);

export class MonitoringSaga implements EventSaga {
  readonly name = 'monitoring-check-ins';
  readonly eventTypes = HANDLED;
  private readonly repository: AggregateRepository;

  constructor(private readonly deps: MonitoringSagaDependencies) {
    this.repository = new AggregateRepository(deps.store);
  }

  registerTimers(): void {
    this.deps.timers.handle(CHECK_IN_DUE_TIMER, (timer) => this.checkInDue(timer));
    this.deps.timers.handle(ANSWER_WINDOW_TIMER, (timer) => this.answerWindowOver(timer));
  }

  handles(event: StoredEvent): boolean {
    return HANDLED.has(event.type);
  }

  async react(stored: StoredEvent): Promise<void> {
    const event = upcastStoredEvent(stored) as unknown as CheckInScheduled | EscalationRaised;
    if (event.type === 'CheckInScheduled') {
      const { checkInId, patientId, dueAt } = event.data;
      await this.deps.timers.schedule({ timerId: `check-in-due/${checkInId}`, kind: CHECK_IN_DUE_TIMER, dueAt, payload: { patientId, checkInId } });
      return;
    }
    await this.notifyCareTeam(event.data);
  }

  private async checkInDue(timer: FiredTimer): Promise<void> {
    const { patientId, checkInId } = timer.payload as unknown as CheckInTimerPayload;
    const state = await this.loadState(patientId);
    const checkIn = state.checkIns[checkInId];
    if (!checkIn || checkIn.status === 'answered' || checkIn.status === 'missed') {
      this.deps.logger.info({ checkInId, status: checkIn?.status }, 'check-in due timer skipped: the check-in is no longer waiting to be sent');
      return;
    }

    const preferences = await this.deps.contacts.preferencesOf(patientId);
    await this.decide(patientId, { type: 'SendCheckIn', checkInId, channel: checkInChannel(preferences.channel), sentAt: timer.firedAt }, `${timer.timerId}/send`);

    const message = renderMessage({ template: 'check-in-due', answerBy: checkIn.answerBy, link: `${this.deps.publicUrl}/app/check-ins/${checkInId}` }, preferences.language);
    await this.deps.notifications.send({
      idempotencyKey: `check-in-due/${checkInId}`,
      patientId,
      category: 'check-in-due',
      channel: preferences.channel,
      language: preferences.language,
      subject: message.subject,
      body: message.body,
      relatedId: checkInId,
    });

    await this.deps.timers.schedule({ timerId: `answer-window/${checkInId}`, kind: ANSWER_WINDOW_TIMER, dueAt: checkIn.answerBy, payload: { patientId, checkInId } });
    await this.scheduleNext(patientId, checkIn.planId, checkIn.condition, checkInId, checkIn.dueAt, timer);
  }

  private async scheduleNext(patientId: string, planId: string | null, condition: MonitoredCondition, checkInId: string, dueAt: string, timer: FiredTimer): Promise<void> {
    const plan = planId ? (await this.loadState(patientId)).plans[planId] : undefined;
    if (!plan) return;

    const nextDueAt = new Date(Date.parse(dueAt) + CHECK_IN_SCHEDULES[condition].everyHours * 3_600_000).toISOString();
    if (nextDueAt > plan.endsAt) {
      this.deps.logger.info({ planId }, 'monitoring plan reached its end; no further check-in scheduled');
      return;
    }
    const nextId = planCheckInId(plan.planId, sequenceOfCheckIn(checkInId) + 1);
    await this.decide(patientId, { type: 'ScheduleCheckIn', checkInId: nextId, patientId, condition, dueAt: nextDueAt, scheduledAt: timer.firedAt, planId: plan.planId }, `${timer.timerId}/next`);
  }

  private async answerWindowOver(timer: FiredTimer): Promise<void> {
    const { patientId, checkInId } = timer.payload as unknown as CheckInTimerPayload;
    try {
      await this.decide(patientId, { type: 'MarkCheckInMissed', checkInId, now: timer.firedAt }, timer.timerId);
    } catch (error) {
      // The check-in was answered in time, so there is nothing to mark.
      if (!(error instanceof ConflictError)) throw error;
      this.deps.logger.info({ checkInId }, 'answer window ended after the check-in was answered; nothing to mark');
    }
  }

  private async notifyCareTeam(escalation: EscalationRaised['data']): Promise<void> {
    const preferences = await this.deps.contacts.preferencesOf(escalation.patientId, 'care-team');
    const message = renderMessage(
      {
        template: 'escalation',
        patientRef: escalation.patientId,
        action: escalation.action,
        priority: escalation.priority,
        link: `${this.deps.publicUrl}/api/v1/patients/${encodeURIComponent(escalation.patientId)}/monitoring`,
      },
      preferences.language,
    );
    await this.deps.notifications.send({
      idempotencyKey: `escalation/${escalation.escalationId}`,
      patientId: escalation.patientId,
      audience: 'care-team',
      category: 'escalation',
      channel: preferences.channel,
      language: preferences.language,
      subject: message.subject,
      body: message.body,
      relatedId: escalation.escalationId,
    });
  }

  private async loadState(patientId: string) {
    const events = await this.deps.store.readStream(monitoringStream(patientId));
    return foldEvents(monitoringDecider, events.map((event) => upcastStoredEvent(event) as unknown as Parameters<typeof monitoringDecider.evolve>[1]));
  }

  private async decide(patientId: string, command: MonitoringCommand, commandId: string): Promise<void> {
    const context: CommandContext = {
      commandId,
      correlationId: commandId,
      causationId: null,
      actor: { id: 'monitoring-saga', role: 'system' },
      receivedAt: this.deps.clock().toISOString(),
    };
    await this.repository.handle(monitoringStream(patientId), monitoringDecider, command, context);
  }
}

function checkInChannel(channel: NotificationChannel): CheckInChannel {
  return channel === 'sms' || channel === 'voice' ? channel : 'app';
}

