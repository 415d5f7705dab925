import path from 'node:path';

import { z } from 'zod';

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
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
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
  readYourWritesTimeoutMs: number;
  logLevel: string;
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
    readYourWritesTimeoutMs: env.OHIP_READ_YOUR_WRITES_TIMEOUT_MS,
    logLevel: env.LOG_LEVEL,
  };
}
