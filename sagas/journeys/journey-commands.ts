// Sends the care journey's commands to the contexts that carry them out. Each send is keyed by
// the command's deterministic id: rides by ride id (the partner's idempotency key), messages by
// the outbox idempotency key, timers by timer id, the follow-up plan by its command id.

import type { Logger } from 'pino';

import { addMs, minutes } from '../../domain/journeys/journey-state';
import type { JourneyCommand, JourneyPolicy, RecordedStep, TransportNeedsRecorded } from '../../domain/journeys';
import { journeyInputsStreamId } from '../../domain/journeys';
import { chooseTransportMode, type TransportMode } from '../../domain/logistics';
import { ValidationError } from '../../domain/shared/errors';
import type { TriageStarted } from '../../domain/triage';
import type { RideService } from '../../commands/logistics/ride-service';
import { StartMonitoringPlanCommand } from '../../commands/monitoring/monitoring-commands';
import type { CommandContext } from '../../commands/shared/command-context';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import type { NotificationLanguage, NotificationSender } from '../../infra/notifications/notifications.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import type { Clock, TimerService } from '../../infra/timers/timers.port';
import { ambulanceRideId, type JourneyLinks } from './journey-links';
import { careTeamMessage, coordinatorTaskMessage, emergencyDepartmentMessage, rebookingMessage, rideBookedMessage } from './journey-messages';

export const JOURNEY_TIMER = 'care-journey';

/** Sends StartMonitoringPlanCommand to the monitoring context (the Nest command bus in the product). */
export type FollowUpStarter = (command: StartMonitoringPlanCommand) => Promise<void>;

export interface JourneyCommandDependencies {
  store: EventStore;
  sql: SqlExecutor;
  rides: RideService;
  timers: TimerService;
  notifications: NotificationSender;
  links: JourneyLinks;
  startFollowUp: FollowUpStarter;
  policy: JourneyPolicy;
  clock: Clock;
  logger: Logger;
}

// An ambulance is asked to arrive within this time; the real dispatch decides, the ride record
// only needs a target for its pickup plan.
const AMBULANCE_TARGET_MINUTES = 15;

export class JourneyCommands {
  private patientsReadModel = false;

  constructor(private readonly deps: JourneyCommandDependencies) {}

  readonly send = async (command: JourneyCommand, step: RecordedStep): Promise<void> => {
    const context = this.contextFor(command, step);
    switch (command.type) {
      case 'RequestAmbulance':
        return this.requestAmbulance(command, context);
      case 'NotifyEmergencyDepartment':
        return this.notifyCareTeam(command, command.patientId, emergencyDepartmentMessage(command.journeyId));
      case 'OfferProviderOptions':
        // The patient app lists providers for the journey's acuity; nothing is sent.
        return;
      case 'ArrangeTransport':
      case 'RetryRideWithBackoff':
      case 'TryNextPartner':
        return this.orderRide(command, context);
      case 'CancelRide':
        return this.deps.rides.cancel(command.rideId, command.reason, context);
      case 'ScheduleReminder':
      case 'CancelReminder':
        // The scheduling reminders saga already reminds every booking and cancels with it.
        return;
      case 'CreateCoordinatorTask':
        return this.notifyCareTeam(command, await this.patientOf(command.journeyId), coordinatorTaskMessage(command.reason, command.detail));
      case 'NotifyCareTeam':
        return this.notifyCareTeam(command, await this.patientOf(command.journeyId), careTeamMessage(command.action, command.priority, command.escalationId));
      case 'OfferRebooking':
        return this.offerRebooking(command);
      case 'StartFollowUpPlan':
        return this.startFollowUp(command, context);
      case 'ScheduleTimer':
        await this.deps.timers.schedule({ timerId: command.timerId, kind: JOURNEY_TIMER, dueAt: command.dueAt, payload: { journeyId: command.journeyId } });
        return;
      case 'CancelTimer':
        await this.deps.timers.cancel(command.timerId);
        return;
      case 'CloseJourney':
        return this.deps.links.close(command.journeyId);
      default:
        command satisfies never;
    }
  };

  private async requestAmbulance(command: Extract<JourneyCommand, { type: 'RequestAmbulance' }>, context: CommandContext): Promise<void> {
    const needs = await this.transportNeeds(command.journeyId);
    if (!needs) {
      // The handover check raises a coordinator task if no handover is recorded in time.
      this.deps.logger.warn({ journeyId: command.journeyId }, 'ambulance not booked: the journey has no pickup location; the handover check will raise a task');
      return;
    }
    await this.deps.rides.order(
      {
        rideId: ambulanceRideId(command.journeyId),
        journeyId: command.journeyId,
        patientId: command.patientId,
        partnerId: this.deps.policy.transportPartners[0]!,
        mode: 'ambulance',
        pickup: needs.pickup,
        dropoff: needs.destination ?? needs.pickup,
        arriveBy: addMs(command.requestedAt, minutes(AMBULANCE_TARGET_MINUTES)),
        journeyStatus: 'open',
      },
      context,
    );
  }

  private async orderRide(command: Extract<JourneyCommand, { type: 'ArrangeTransport' | 'RetryRideWithBackoff' | 'TryNextPartner' }>, context: CommandContext): Promise<void> {
    const needs = await this.transportNeeds(command.journeyId);
    if (!needs) {
      this.deps.logger.warn({ journeyId: command.journeyId, rideId: command.rideId }, 'ride not booked: the journey has no transport needs recorded');
      return;
    }
    const patientId = needs.patientId;
    const dropoff = needs.destination ?? needs.pickup;
    const mode = rideMode(needs.mobility);
    const outcome = await this.deps.rides.order(
      { rideId: command.rideId, journeyId: command.journeyId, patientId, partnerId: command.partnerId, mode, pickup: needs.pickup, dropoff, arriveBy: command.arriveBy, journeyStatus: 'open' },
      context,
    );
    if (outcome.outcome !== 'booked') return;

    const ride = await this.deps.rides.request(command.rideId);
    const language = await this.languageOf(patientId);
    await this.deps.notifications.send({
      idempotencyKey: `${command.commandId}:ride-booked`,
      patientId,
      category: 'ride-booked',
      channel: 'sms',
      language,
      body: rideBookedMessage(ride.pickupAt)[language],
      relatedId: command.rideId,
    });
  }

  private async offerRebooking(command: Extract<JourneyCommand, { type: 'OfferRebooking' }>): Promise<void> {
    const patientId = await this.patientOf(command.journeyId);
    const language = await this.languageOf(patientId);
    await this.deps.notifications.send({
      idempotencyKey: command.commandId,
      patientId,
      category: 'rebooking-offer',
      channel: 'sms',
      language,
      body: rebookingMessage(command.reason)[language],
      relatedId: command.appointmentId,
    });
  }

  private async notifyCareTeam(command: JourneyCommand, patientId: string, body: string): Promise<void> {
    await this.deps.notifications.send({
      idempotencyKey: command.commandId,
      patientId,
      category: 'escalation',
      channel: 'email',
      language: 'en',
      body,
      relatedId: command.journeyId,
      audience: 'care-team',
    });
  }

  private async startFollowUp(command: Extract<JourneyCommand, { type: 'StartFollowUpPlan' }>, context: CommandContext): Promise<void> {
    const started = await this.triageStarted(command.journeyId);
    const conditionCode = started?.complaintId ?? 'general';
    try {
      await this.deps.startFollowUp(
        new StartMonitoringPlanCommand({ patientId: command.patientId, journeyId: command.journeyId, conditionCode, startedAt: context.receivedAt }, context),
      );
    } catch (error) {
      // Monitoring covers a few chronic conditions; a journey for anything else follows up
      // through its review timer alone. Infrastructure errors still throw, so the runner retries.
      if (!(error instanceof ValidationError)) throw error;
      this.deps.logger.info({ journeyId: command.journeyId, conditionCode }, 'monitoring plan not started: the condition is not monitored; the follow-up review timer still closes the journey');
    }
  }

  private async transportNeeds(journeyId: string): Promise<TransportNeedsRecorded['data'] | undefined> {
    const inputs = await this.deps.store.readStream(journeyInputsStreamId(journeyId));
    const needs = inputs.filter((event) => event.type === 'TransportNeedsRecorded').at(-1);
    return needs ? upcastStoredEvent<TransportNeedsRecorded['data']>(needs).data : undefined;
  }

  private async triageStarted(journeyId: string): Promise<TriageStarted['data'] | undefined> {
    const session = await this.deps.store.readStream(`triage-session-${journeyId}`, { maxCount: 1 });
    return session[0]?.type === 'TriageStarted' ? upcastStoredEvent<TriageStarted['data']>(session[0]).data : undefined;
  }

  private async patientOf(journeyId: string): Promise<string> {
    const { rows } = await this.deps.sql.query<{ patient_id: string }>('select patient_id from journey_links where journey_id = $1', [journeyId]);
    return rows[0]?.patient_id ?? 'unknown';
  }

  private async languageOf(patientId: string): Promise<NotificationLanguage> {
    // The patients read model appears once, at the first start, and is never dropped while running.
    if (!this.patientsReadModel) {
      const { rows } = await this.deps.sql.query<{ present: boolean }>(`select to_regclass('rm_patients.patients') is not null as present`);
      if (!rows[0]?.present) return 'en';
      this.patientsReadModel = true;
    }
    const { rows } = await this.deps.sql.query<{ preferred_language: string }>('select preferred_language from rm_patients.patients where patient_id = $1', [patientId]);
    return rows[0]?.preferred_language === 'fr' ? 'fr' : 'en';
  }

  private contextFor(command: JourneyCommand, step: RecordedStep): CommandContext {
    return {
      commandId: command.commandId,
      correlationId: step.sourceId,
      causationId: step.sourceId,
      actor: { id: 'care-journey-saga', role: 'system' },
      receivedAt: this.deps.clock().toISOString(),
    };
  }
}

// Journey rides are for routine and urgent visits, so the mode follows mobility alone; the
// ambulance is requested on the emergency path.
function rideMode(mobility: TransportNeedsRecorded['data']['mobility']): TransportMode {
  return chooseTransportMode({ acuity: 'urgent', mobility, distanceKm: 0, hasOwnTransport: false, transitAvailable: false }).mode;
}
