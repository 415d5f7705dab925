import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { loggerFor } from '../observability/logger';
import { Runtime } from '../runtime/runtime';
import { AvailabilityCache } from './availability-cache';
import { AVAILABILITY_CACHE, TRIAGE_SESSION_CACHE } from './cache-tokens';
import { openCacheConnection, waitForRedis } from './redis-connection';
import { TriageSessionCache } from './triage-session-cache';

// The Redis caches, when OHIP_REDIS_CACHES=true: the availability cache, invalidated by the slots
// projection, and the triage conversation cache. With the flag off both tokens resolve to null
// and no connection is opened.

const CACHE_CONNECTION = Symbol('RedisCacheConnection');
// Starting with the cache on but Redis away would leave entries from before this start in place,
// so the start waits this long for Redis and then stops with a message.
const REDIS_START_TIMEOUT_MS = 10_000;

/** Closes the caches' connection when the application shuts down. */
@Injectable()
class CacheConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(CACHE_CONNECTION) private readonly connection: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.quit();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: CACHE_CONNECTION,
      inject: [Runtime],
      useFactory: (runtime: Runtime) => (runtime.config.redis.caches ? openCacheConnection(runtime.config.redis.url!) : null),
    },
    {
      provide: AVAILABILITY_CACHE,
      inject: [Runtime, CACHE_CONNECTION],
      useFactory: (runtime: Runtime, connection: Redis | null) => (connection ? openAvailabilityCache(runtime, connection) : null),
    },
    {
      provide: TRIAGE_SESSION_CACHE,
      inject: [Runtime, CACHE_CONNECTION],
      useFactory: (runtime: Runtime, connection: Redis | null) =>
        connection ? new TriageSessionCache(connection, loggerFor('triage-session-cache'), { prefix: runtime.config.redis.prefix }) : null,
    },
    CacheConnectionCloser,
  ],
  exports: [AVAILABILITY_CACHE, TRIAGE_SESSION_CACHE],
})
export class RedisCachesModule {}

// The slots projection is already running when the application module is created, so batches it
// committed before the listener existed are covered by starting a new epoch, which retires every
// entry stored so far. The listener comes first so that no batch falls between the two.
async function openAvailabilityCache(runtime: Runtime, connection: Redis): Promise<AvailabilityCache> {
  const logger = loggerFor('availability-cache');
  const cache = new AvailabilityCache(connection, runtime.sql, logger, { prefix: runtime.config.redis.prefix });
  const slots = runtime.projections.get('slots');
  if (!slots) {
    throw new Error('OHIP_REDIS_CACHES=true needs the slots projection to invalidate the availability cache, and it is not registered');
  }

  await waitForRedis(connection, REDIS_START_TIMEOUT_MS);
  slots.onCommitted((change) => cache.slotsCommitted(change));
  await cache.slotsCommitted({ kind: 'rebuilt' });
  logger.info({ prefix: runtime.config.redis.prefix }, 'availability cache on Redis');
  return cache;
}
