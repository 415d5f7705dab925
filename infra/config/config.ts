import path from 'node:path';

import { z } from 'zod';

import { checkRedisEnvironment, redisConfigFrom, redisEnvironment, type RedisConfig } from '../cache/redis-config';
import { kafkaConfigFrom, kafkaEnvironment, type KafkaConfig } from '../kafka/kafka-config';
import { checkSearchEnvironment, searchConfigFrom, searchEnvironment, type ProviderSearchConfig } from '../search/engine/search-engine-config';
import { checkLogisticsEnvironment, logisticsConfigFrom, logisticsEnvironment, type LogisticsConfig } from '../logistics/logistics-config';
import { parseNotificationConfig, type NotificationConfig } from '../notifications/notification-config';
import { repositoryPath } from './shared-data';

// Configuration comes from the environment and is checked once at start-up; a bad value stops the
// process with a message naming the variable, before anything listens or writes.

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const environmentSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
    HOST: z.string().default('127.0.0.1'),
    OHIP_DATA_DIR: z.string().default(repositoryPath('.data')),
    OHIP_EVENT_STORE: z.enum(['pglite', 'postgresql', 'eventstoredb']).optional(),
    DATABASE_URL: z.string().url().optional(),
    ESDB_CONNECTION_STRING: z.string().optional(),
    OHIP_IMPORT_SHARED_DATA: booleanFlag.default('true'),
    OHIP_SEED_DEMO_DIRECTORY: booleanFlag.default('true'),
    OHIP_SEARCH_CACHE: booleanFlag.default('true'),
    OHIP_READ_YOUR_WRITES_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(5_000),
    OHIP_MASTER_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64 (generate one with `openssl rand -base64 32`)')
      .optional(),
    OHIP_PHI_AUDIT: booleanFlag.default('true'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    OIDC_ISSUER: z.string().url().optional(),
    OIDC_AUDIENCE: z.string().min(1).default('ohip-forward'),
    OIDC_JWKS_URL: z.string().url().optional(),
    OHIP_CORS_ORIGINS: z
      .string()
      .default('')
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''))
      .pipe(z.array(z.string().url('must be a comma-separated list of origins such as https://app.example.ca'))),
    OHIP_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(2_000),
    OHIP_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0.01).max(1_000_000).default(100),
    OHIP_BEHIND_TLS: booleanFlag.default('false'),
    ...logisticsEnvironment,
    ...kafkaEnvironment,
    ...searchEnvironment,
    ...redisEnvironment,
  })
  .superRefine((env, context) => {
    const store = env.OHIP_EVENT_STORE ?? 'pglite';
    if (store === 'postgresql' && !env.DATABASE_URL) {
      context.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required when OHIP_EVENT_STORE=postgresql' });
    }
    if (store === 'eventstoredb' && (!env.ESDB_CONNECTION_STRING || !env.DATABASE_URL)) {
      context.addIssue({
        code: 'custom',
        path: ['ESDB_CONNECTION_STRING'],
        message: 'and DATABASE_URL (for the read models) are required when OHIP_EVENT_STORE=eventstoredb',
      });
    }
    // The embedded database is for one machine; production must name its engine on purpose.
    if (env.NODE_ENV === 'production' && !env.OHIP_EVENT_STORE) {
      context.addIssue({
        code: 'custom',
        path: ['OHIP_EVENT_STORE'],
        message: 'must be set in production (postgresql or eventstoredb); the embedded PGlite default is not chosen silently',
      });
    }
    // The built-in development issuer signs a token for any request, so production must name a real one.
    if (env.NODE_ENV === 'production' && !env.OIDC_ISSUER) {
      context.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'must be set in production to the OpenID Connect issuer URL; the development issuer is refused in production',
      });
    }
    // PHI keys wrapped under a key kept next to the data would protect nothing in production.
    if (env.NODE_ENV === 'production' && !env.OHIP_MASTER_KEY) {
      context.addIssue({ code: 'custom', path: ['OHIP_MASTER_KEY'], message: 'is required in production: the master key that wraps the patients\' PHI data keys' });
    }
    if (env.NODE_ENV === 'production' && !env.OHIP_PHI_AUDIT) {
      context.addIssue({ code: 'custom', path: ['OHIP_PHI_AUDIT'], message: 'cannot be false in production: every read of PHI must be audited' });
    }
    checkLogisticsEnvironment(env, context);
    checkRedisEnvironment(env, context);
    checkSearchEnvironment(env, context);
  });

export interface AppConfig {
  environment: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDirectory: string;
  eventStore: 'pglite' | 'postgresql' | 'eventstoredb';
  databaseUrl: string | undefined;
  esdbConnectionString: string | undefined;
  importSharedData: boolean;
  /** Generate labelled demo practitioners at the imported facilities once the import is done. */
  seedDemoDirectory: boolean;
  /** Keep provider search results per directory position (see CachedProviderSearch). */
  searchCache: boolean;
  /** The engine that serves provider search (OHIP_PROVIDER_SEARCH), PostgreSQL/PGlite unless named. */
  providerSearch: ProviderSearchConfig;
  readYourWritesTimeoutMs: number;
  logLevel: string;
  /** Wraps the patients' PHI data keys; undefined outside production means a key generated in the data directory. */
  masterKey: Buffer | undefined;
  /** Record every read of PHI; false only for measuring the audit's cost, and rejected in production. */
  phiAudit: boolean;
  auth: AuthConfig;
  security: SecurityConfig;
  /** Ride partners and the care-journey saga's settings. */
  logistics: LogisticsConfig;
  /** The integration-event relay to Kafka; off unless KAFKA_BROKERS is set. */
  kafka: KafkaConfig;
  /** BullMQ timers and the Redis caches; both off unless asked for. */
  redis: RedisConfig;
  /** Message delivery (outbox, sandbox, Twilio, SMTP), the care team's address and the escalation rule files. */
  notifications: NotificationConfig;
}

export interface AuthConfig {
  /** The OpenID Connect issuer; undefined runs the built-in development issuer (never in production). */
  issuer: string | undefined;
  audience: string;
  /** The URL of the issuer's keys, for when discovery should not be used. */
  jwksUrl: string | undefined;
}

export interface SecurityConfig {
  /** Origins allowed to call the API from a browser; same-origin pages need none. */
  corsOrigins: string[];
  /** Token bucket per principal (or per address without a token): capacity and refill rate. */
  rateLimit: { burst: number; perSecond: number };
  /** Served behind TLS, so responses carry Strict-Transport-Security. */
  behindTls: boolean;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigurationError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigurationError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }

  const env = parsed.data;
  const notifications = parseNotificationConfig(environment, env.NODE_ENV, env.PORT);
  if (notifications.problems.length > 0) {
    throw new ConfigurationError(notifications.problems);
  }
  return {
    environment: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDirectory: path.resolve(env.OHIP_DATA_DIR),
    eventStore: env.OHIP_EVENT_STORE ?? 'pglite',
    databaseUrl: env.DATABASE_URL,
    esdbConnectionString: env.ESDB_CONNECTION_STRING,
    importSharedData: env.OHIP_IMPORT_SHARED_DATA,
    seedDemoDirectory: env.OHIP_SEED_DEMO_DIRECTORY,
    searchCache: env.OHIP_SEARCH_CACHE,
    providerSearch: searchConfigFrom(env),
    readYourWritesTimeoutMs: env.OHIP_READ_YOUR_WRITES_TIMEOUT_MS,
    logLevel: env.LOG_LEVEL,
    masterKey: env.OHIP_MASTER_KEY ? Buffer.from(env.OHIP_MASTER_KEY, 'base64') : undefined,
    phiAudit: env.OHIP_PHI_AUDIT,
    auth: { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, jwksUrl: env.OIDC_JWKS_URL },
    security: {
      corsOrigins: env.OHIP_CORS_ORIGINS,
      rateLimit: { burst: env.OHIP_RATE_LIMIT_BURST, perSecond: env.OHIP_RATE_LIMIT_PER_SECOND },
      behindTls: env.OHIP_BEHIND_TLS,
    },
    logistics: logisticsConfigFrom(env),
    kafka: kafkaConfigFrom(env),
    redis: redisConfigFrom(env),
    notifications: notifications.value!,
  };
}
