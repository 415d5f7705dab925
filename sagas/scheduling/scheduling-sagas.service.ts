import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

import { NOTIFICATION_OUTBOX, type NotificationOutbox } from '../../infra/notifications/notifications.port';
import { loggerFor } from '../../infra/observability/logger';
import type { EventStore } from '../../infra/event-store/event-store.port';
import type { SqlClient } from '../../infra/sql/sql-client';
import { EVENT_STORE, READ_MODEL_SQL } from '../../infra/tokens';
import { systemClock, TIMER_SERVICE, type TimerService } from '../../infra/timers/timers.port';
import { SagaRunner } from '../runner/saga-runner';
import { BackfillSaga } from './backfill-saga';
import { RemindersSaga } from './reminders-saga';
import { ScheduleSlotsSaga } from './schedule-slots-saga';

/** Starts the scheduling sagas (schedule slots, backfill, reminders) and the timer poller with the application, and stops them with it. */
@Injectable()
export class SchedulingSagas implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly runners: SagaRunner[];

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_SQL) sql: SqlClient,
    @Inject(TIMER_SERVICE) private readonly timers: TimerService,
    @Inject(NOTIFICATION_OUTBOX) notifications: NotificationOutbox,
  ) {
    const shared = { store, sql, timers, notifications };
    const backfill = new BackfillSaga({ ...shared, clock: systemClock, logger: loggerFor('backfill-saga') });
    const reminders = new RemindersSaga({ ...shared, logger: loggerFor('reminders-saga') });
    backfill.registerTimers();
    reminders.registerTimers();
    const scheduleSlots = new ScheduleSlotsSaga(store, loggerFor('schedule-slots-saga'));
    this.runners = [scheduleSlots, backfill, reminders].map((saga) => new SagaRunner(store, sql, saga, loggerFor('saga-runner')));
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const runner of this.runners) {
      await runner.start();
    }
    this.timers.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.timers.stop();
    for (const runner of this.runners) {
      await runner.stop();
    }
  }

  /** Resolves once every scheduling saga has handled the events up to `position`. */
  async waitFor(position: bigint, timeoutMs?: number): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.waitFor(position, timeoutMs)));
  }
}
