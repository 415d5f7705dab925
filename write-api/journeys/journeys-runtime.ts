import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';

import { JourneyInputs } from '../../commands/journeys/journey-inputs';
import { NOTIFICATION_OUTBOX, type NotificationOutbox } from '../../infra/notifications/notifications.port';
import { loggerFor } from '../../infra/observability/logger';
import { Runtime } from '../../infra/runtime/runtime';
import { systemClock, TIMER_SERVICE, type TimerService } from '../../infra/timers/timers.port';
import { journeyPolicy, openJourneyHost, type JourneyHost } from '../../sagas/journeys/journey-host';

/**
 * The care-journey saga and the ride service in the API process. With OHIP_JOURNEY_SAGA=worker
 * the saga runs only in worker.ts, and this process keeps the ride service for the API.
 * The scheduling sagas start the timers; a journey timer waits until this module has registered its handler.
 */
@Injectable()
export class JourneysRuntime implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly opened: Promise<JourneyHost>;
  readonly inputs: JourneyInputs;

  constructor(
    readonly runtime: Runtime,
    @Inject(TIMER_SERVICE) timers: TimerService,
    @Inject(NOTIFICATION_OUTBOX) notifications: NotificationOutbox,
    commandBus: CommandBus,
  ) {
    const config = runtime.config.logistics;
    this.opened = openJourneyHost({
      store: runtime.store,
      sql: runtime.sql,
      timers,
      notifications,
      startFollowUp: async (command) => {
        await commandBus.execute(command);
      },
      config,
      clock: systemClock,
      logger: loggerFor('journeys'),
      runSaga: config.journeySagaIn === 'api',
    });
    // The failure is reported when onApplicationBootstrap awaits it, which stops the start.
    this.opened.catch(() => undefined);
    this.inputs = new JourneyInputs(runtime.store, journeyPolicy(config));
  }

  host(): Promise<JourneyHost> {
    return this.opened;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of (await this.opened).runners) await runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const runner of (await this.opened).runners) await runner.stop();
  }
}
