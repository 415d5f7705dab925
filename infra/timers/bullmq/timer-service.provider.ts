import type { FactoryProvider } from '@nestjs/common';
import type { Logger } from 'pino';

import { openQueueConnection } from '../../cache/redis-connection';
import type { AppConfig } from '../../config/config';
import { loggerFor } from '../../observability/logger';
import { Runtime } from '../../runtime/runtime';
import type { SqlClient } from '../../sql/sql-client';
import { READ_MODEL_SQL } from '../../tokens';
import { SqlTimerService, type SqlTimerOptions } from '../sql-timer-service';
import { TIMER_SERVICE, type TimerService } from '../timers.port';
import { BullmqTimerService } from './bullmq-timer-service';

/**
 * Opens the configured TimerService: the SQL table of the store's database by default, BullMQ on
 * Redis with OHIP_TIMERS=bullmq. A process that runs timers outside the HTTP application (the
 * worker) opens its timers here too, so the one setting moves every timer of the product.
 */
export async function openConfiguredTimerService(config: AppConfig, sql: SqlClient, logger: Logger, sqlOptions: SqlTimerOptions = {}): Promise<TimerService> {
  const { redis } = config;
  if (redis.timers === 'bullmq') {
    logger.info({ timers: 'bullmq', prefix: redis.prefix }, 'timers on BullMQ');
    return new BullmqTimerService(openQueueConnection(redis.url!), logger, { prefix: redis.prefix });
  }
  return SqlTimerService.open(sql, logger, sqlOptions);
}

/** The TimerService of the HTTP application; reminders, offer deadlines and check-ins all use it. */
export const timerServiceProvider: FactoryProvider<Promise<TimerService>> = {
  provide: TIMER_SERVICE,
  inject: [Runtime, READ_MODEL_SQL],
  useFactory: (runtime: Runtime, sql: SqlClient) => openConfiguredTimerService(runtime.config, sql, loggerFor('timers')),
};
