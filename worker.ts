// The saga worker: runs the care-journey saga and its timers against PostgreSQL, without the
// HTTP API. Start it with OHIP_EVENT_STORE=postgresql DATABASE_URL=... node dist/worker.js, and
// set OHIP_JOURNEY_SAGA=worker on the API so only the worker runs the saga. It may be killed at
// any moment: the saga's checkpoints, the journey stream and the timer leases let the next start
// continue without repeating a side effect.

import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';

import { ConfigurationError, loadConfig } from './infra/config/config';
import { SqlNotificationOutbox } from './infra/notifications/sql-outbox';
import { flushLogs, loggerFor } from './infra/observability/logger';
import { Runtime } from './infra/runtime/runtime';
import { openConfiguredTimerService } from './infra/timers/bullmq/timer-service.provider';
import { systemClock } from './infra/timers/timers.port';
import { openJourneyHost } from './sagas/journeys/journey-host';
import { createJourneyWorkerModule } from './sagas/journeys/journey-worker-module';

const logger = loggerFor('worker');

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.eventStore !== 'postgresql') {
    throw new ConfigurationError(['OHIP_EVENT_STORE: must be postgresql for the worker, which shares the database with the API process']);
  }

  // 1. Open the engines and the command bus.
  const runtime = await Runtime.open(config, logger, []);
  const nest = await NestFactory.createApplicationContext(createJourneyWorkerModule(runtime.store), { logger: false });
  const commandBus = nest.get(CommandBus);
  // OHIP_TIMERS picks the same timer engine as the API's, so both processes see the same timers.
  const timers = await openConfiguredTimerService(config, runtime.sql, loggerFor('timers'), {
    pollIntervalMs: config.logistics.journeyTimerPollMs,
    leaseMs: config.logistics.journeyTimerLeaseMs,
  });
  const notifications = await SqlNotificationOutbox.open(runtime.sql);

  // 2. Build the saga, register its timer handlers, then start the runners and the timers.
  const host = await openJourneyHost({
    store: runtime.store,
    sql: runtime.sql,
    timers,
    notifications,
    startFollowUp: async (command) => {
      await commandBus.execute(command);
    },
    config: config.logistics,
    clock: systemClock,
    logger: loggerFor('journeys'),
  });
  for (const runner of host.runners) await runner.start();
  timers.start();
  logger.info({ partitions: host.runners.length, partners: host.partners.ids() }, 'saga worker running');

  // 3. Stop on a signal: the runners first, so no new step starts, then the timers and engines.
  const stop = async (signal: string) => {
    logger.info({ signal }, 'saga worker stopping');
    for (const runner of host.runners) await runner.stop();
    await timers.stop();
    await nest.close();
    await runtime.close();
    flushLogs();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'saga worker start-up failed');
  }
  flushLogs();
  process.exit(1);
});
