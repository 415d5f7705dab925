import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import type { EventStore } from '../../infra/event-store/event-store.port';
import { ContactDirectory } from '../../infra/notifications/contact-directory';
import { NOTIFICATION_OUTBOX, type NotificationOutbox } from '../../infra/notifications/notifications.port';
import { OutboxDispatcher } from '../../infra/notifications/outbox-dispatcher';
import { loggerFor } from '../../infra/observability/logger';
import { Runtime } from '../../infra/runtime/runtime';
import type { SqlClient } from '../../infra/sql/sql-client';
import { systemClock, TIMER_SERVICE, type TimerService } from '../../infra/timers/timers.port';
import { EVENT_STORE, READ_MODEL_SQL } from '../../infra/tokens';
import { SagaRunner } from '../runner/saga-runner';
import { MonitoringSaga } from './monitoring-saga';
import { deliverySenderFor, DispatchLoop } from './notification-dispatch';

/**
 * Starts the monitoring saga and, unless messages are only shown in the app, the outbox
 * dispatcher. The timer poller is started by the scheduling sagas; this registers its kinds first.
 */
@Injectable()
export class MonitoringSagas implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runner: SagaRunner;
  private readonly dispatch: DispatchLoop | undefined;

  constructor(
    runtime: Runtime,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_SQL) sql: SqlClient,
    @Inject(TIMER_SERVICE) timers: TimerService,
    @Inject(NOTIFICATION_OUTBOX) notifications: NotificationOutbox,
  ) {
    const config = runtime.config.notifications;
    const contacts = new ContactDirectory(store, sql, config.careTeam);
    const saga = new MonitoringSaga({ store, timers, notifications, contacts, clock: systemClock, logger: loggerFor('monitoring-saga'), publicUrl: config.publicUrl });
    saga.registerTimers();
    this.runner = new SagaRunner(store, sql, saga, loggerFor('saga-runner'));

    const sender = deliverySenderFor(config);
    if (sender) {
      const logger = loggerFor('notification-dispatch');
      const dispatcher = new OutboxDispatcher(sql, sender, contacts, logger);
      this.dispatch = new DispatchLoop(dispatcher, config.dispatchIntervalMs, logger);
      if (sender.sandbox) logger.warn({ provider: sender.provider }, 'notifications go to the sandbox sender: nothing reaches a patient');
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.start();
    this.dispatch?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatch?.stop();
    await this.runner.stop();
  }

  /** Resolves once the monitoring saga has handled the events up to `position`. */
  async waitFor(position: bigint, timeoutMs?: number): Promise<void> {
    await this.runner.waitFor(position, timeoutMs);
  }
}
