import { Module, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { StartMonitoringPlanHandler } from '../../commands/monitoring/monitoring-commands';
import { AggregateRepository } from '../../commands/shared/aggregate-repository';
import type { EventStore } from '../../infra/event-store/event-store.port';
import { EVENT_STORE } from '../../infra/tokens';

/**
 * The worker's command bus, without HTTP: the journey sends StartMonitoringPlanCommand on it, and
 * the monitoring handler that starts the plan is registered here. The plan's check-in timers are
 * run by the monitoring sagas in the API process.
 */
export function createJourneyWorkerModule(store: EventStore): Type<unknown> {
  @Module({
    imports: [CqrsModule.forRoot()],
    providers: [{ provide: EVENT_STORE, useValue: store }, AggregateRepository, StartMonitoringPlanHandler],
  })
  class JourneyWorkerModule {}

  return JourneyWorkerModule;
}
