import { ConfigurationError, loadConfig } from './infra/config/config';
import { flushLogs, loggerFor } from './infra/observability/logger';
import { startServer } from './server';

const logger = loggerFor('main');

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
