import { ConfigurationError, loadConfig } from './infra/config/config';
import { flushLogs, loggerFor } from './infra/observability/logger';
import { startServer } from './server';

const logger = loggerFor('main');

/**
 * Longest a graceful shutdown may take. Requests in flight and a projection batch finish well
 * within it; past it (a database that is gone, a stuck connection) the process exits anyway.
 */
const SHUTDOWN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startServer(config);
  logger.info({ url: server.url, eventStore: config.eventStore, dataDirectory: config.dataDirectory, startupMs: Math.round(process.uptime() * 1000) }, 'serving');
  process.stdout.write(`\nOHIP Forward is running. Open ${server.url}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight, stopping projections');
    setTimeout(() => {
      logger.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      flushLogs();
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    server
      .close()
      .then(() => {
        logger.info('stopped');
        flushLogs();
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        flushLogs();
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigurationError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    logger.fatal({ err: error }, 'start-up failed');
  }
  flushLogs();
  process.exit(1);
});
