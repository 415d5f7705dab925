// Builds the care-journey saga and what it drives (ride partners, ride service, timers, outbox)
// from an opened store and database, for the worker process and for the API process alike.

import type { Logger } from 'pino';

import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import { RideService } from '../../commands/logistics/ride-service';
import { DEFAULT_JOURNEY_POLICY, type JourneyPolicy } from '../../domain/journeys';
import type { LogisticsConfig } from '../../infra/logistics/logistics-config';
import { isSandboxPartner } from '../../infra/logistics/logistics-config';
import { HttpRidePartner } from '../../infra/logistics/http-ride-partner';
import { RidePartners, type RidePartner } from '../../infra/logistics/ride-partner.port';
import { SandboxRidePartner } from '../../infra/logistics/sandbox-ride-partner';
import type { EventStore } from '../../infra/event-store/event-store.port';
import type { NotificationSender } from '../../infra/notifications/notifications.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import type { Clock, TimerService } from '../../infra/timers/timers.port';
import { SagaRunner } from '../runner/saga-runner';
import { JourneyCommands, type FollowUpStarter } from './journey-commands';
import { JourneyEngine } from './journey-engine';
import { JOURNEY_LINKS_SCHEMA, JourneyLinks } from './journey-links';
import { handleJourneyTimers, JourneySaga } from './journey-saga';
import { SourceEventMapper } from './source-events';

export interface JourneyHostDependencies {
  store: EventStore;
  sql: SqlClient;
  timers: TimerService;
  notifications: NotificationSender;
  startFollowUp: FollowUpStarter;
  config: LogisticsConfig;
  clock: Clock;
  logger: Logger;
  /** False in an API process while worker.ts runs the saga: no runners, no timer handlers. */
  runSaga?: boolean;
}

export interface JourneyHost {
  runners: SagaRunner[];
  rides: RideService;
  partners: RidePartners;
  links: JourneyLinks;
  policy: JourneyPolicy;
}

/** Opens the partners and the saga runners and registers the timer handlers; the caller starts the runners and the timers. */
export async function openJourneyHost(deps: JourneyHostDependencies): Promise<JourneyHost> {
  await deps.sql.exec(JOURNEY_LINKS_SCHEMA);
  const policy = journeyPolicy(deps.config);
  const partners = new RidePartners(await openPartners(deps));
  const rides = new RideService(new AggregateRepository(deps.store), deps.store, partners, deps.logger.child({ component: 'ride-service' }));
  const links = new JourneyLinks(deps.sql);

  const commands = new JourneyCommands({ ...deps, rides, links, policy, logger: deps.logger.child({ component: 'journey-commands' }) });
  const engine = new JourneyEngine(deps.store, policy, commands.send, deps.clock, deps.logger.child({ component: 'journey-engine' }));
  const runSaga = deps.runSaga ?? true;
  if (runSaga) handleJourneyTimers(deps.timers, engine);
  for (const partner of partners.ids().map((id) => partners.get(id))) {
    if (runSaga && partner instanceof SandboxRidePartner) {
      partner.registerTracking(
        (rideId) => rides.request(rideId).catch(() => undefined),
        (rideId, update, commandId) => rides.recordUpdate(rideId, update, trackingContext(commandId, deps.clock)),
      );
    }
  }

  const mapper = new SourceEventMapper(deps.store, links);
  const count = runSaga ? deps.config.journeyPartitions : 0;
  const runners = Array.from({ length: count }, (_, index) => {
    const saga = new JourneySaga(engine, mapper, links, { index, count }, deps.logger.child({ component: 'journey-saga' }));
    return new SagaRunner(deps.store, deps.sql, saga, deps.logger.child({ component: 'saga-runner' }));
  });
  return { runners, rides, partners, links, policy };
}

/** The default policy with the configured partners and any override from OHIP_JOURNEY_POLICY. */
export function journeyPolicy(config: LogisticsConfig): JourneyPolicy {
  return { ...DEFAULT_JOURNEY_POLICY, transportPartners: config.ridePartners, ...config.journeyPolicyOverride } as JourneyPolicy;
}

async function openPartners(deps: JourneyHostDependencies): Promise<RidePartner[]> {
  const partners: RidePartner[] = [];
  for (const partnerId of deps.config.ridePartners) {
    if (isSandboxPartner(partnerId)) {
      partners.push(await SandboxRidePartner.open(deps.sql, deps.timers, { partnerId, ...deps.config.sandbox }, deps.logger));
      deps.logger.info({ partnerId, sandbox: true }, 'ride partner is the sandbox dispatcher: rides are simulated, no vehicle is sent');
    } else if (deps.config.httpPartner?.partnerId === partnerId) {
      partners.push(new HttpRidePartner(deps.config.httpPartner, deps.logger.child({ component: 'http-ride-partner' })));
    } else {
      throw new Error(`ride partner ${partnerId} has no adapter; set OHIP_RIDE_PARTNER_ID=${partnerId} with its URL and API key`);
    }
  }
  return partners;
}

function trackingContext(commandId: string, clock: Clock) {
  return { commandId, correlationId: commandId, causationId: null, actor: { id: 'sandbox-dispatcher', role: 'system' as const }, receivedAt: clock().toISOString() };
}
