import 'reflect-metadata';

import type { Server } from 'node:http';

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { createAppModule } from './app.module';
import { featureProjections } from './features';
import { announceServerUrl } from './infra/auth/auth.module';
import { securityHeaders, strictCors } from './infra/auth/security-headers';
import type { AppConfig } from './infra/config/config';
import { ProblemDetailsFilter } from './infra/http/problem-details.filter';
import { requestContext } from './infra/http/request-context.middleware';
import { ImportStatus } from './infra/import/import-status';
import { SharedDataImporter } from './infra/import/shared-data-importer';
import { startKafkaRelayIfConfigured } from './infra/kafka/start-relay';
import { loggerFor, rootLogger } from './infra/observability/logger';
import { Runtime } from './infra/runtime/runtime';
import { coreProjections } from './projections';

/**
 * Large enough for one patient's FHIR bundle (the largest Synthea bundle in the demo data is
 * 1.25 MB), small enough that a client cannot tie the process up with one body.
 */
const MAX_BODY = '5mb';
/** How long an idle HTTP connection stays open: longer than a load balancer's usual 60 s. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export interface RunningServer {
  app: INestApplication;
  runtime: Runtime;
  url: string;
  /**
   * Resolves when the start-up import has finished and the read models show it (immediately when
   * the import is switched off).
   */
  imported: Promise<void>;
  close(): Promise<void>;
}

/** Opens the engines, starts the projections, serves HTTP and starts the shared-data import. */
export async function startServer(config: AppConfig): Promise<RunningServer> {
  rootLogger.level = config.logLevel;
  const logger = loggerFor('server');
  const runtime = await Runtime.open(config, logger, [...coreProjections, ...featureProjections]);
  await runtime.startProjections();
  const kafkaRelay = await startKafkaRelayIfConfigured(config, runtime.store, runtime.sql);

  const app = await NestFactory.create<NestExpressApplication>(createAppModule(runtime), { logger: ['error', 'warn'], bodyParser: false });
  app.use(requestContext);
  app.use(securityHeaders(config.security));
  app.use(strictCors(config.security.corsOrigins));
  app.useBodyParser('json', { limit: MAX_BODY, type: ['application/json', 'application/fhir+json'] });
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.disable('x-powered-by');
  await app.listen(config.port, config.host);

  // A load balancer in front reuses an idle connection for as long as its own idle timeout (60 s
  // is a common default). Node's 5 s would close connections under it, and a request sent at that
  // moment fails with a reset, so idle connections are kept a little longer than that.
  const httpServer = app.getHttpServer() as Server;
  httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  announceServerUrl(app, url);

  const imported = config.importSharedData
    ? new SharedDataImporter(app.get(CommandBus), runtime.store, app.get(ImportStatus), loggerFor('import'))
        .importAll()
        .then(() => runtime.waitForProjectionsAtHead())
        .catch((error: unknown) => logger.error({ err: error }, 'shared data import stopped'))
    : Promise.resolve();

  return {
    app,
    runtime,
    url,
    imported,
    async close() {
      await app.close();
      await imported;
      await kafkaRelay?.stop();
      await runtime.close();
    },
  };
}
