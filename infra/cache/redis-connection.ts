import { Redis } from 'ioredis';

// Redis connections for the caches and the timer queue. BullMQ requires maxRetriesPerRequest:
// null, so a queue command waits through a Redis restart instead of failing after a few retries.
// The caches bound their waits with a command timeout instead.

/** Opens a connection for BullMQ queues and workers. */
export function openQueueConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

// A cache lookup happens within a request, so a Redis that stops responding must turn into a
// cache miss quickly, not into a request that hangs. 500 ms is far above a healthy round trip.
const CACHE_COMMAND_TIMEOUT_MS = 500;

/** Opens a connection for the read caches: a command fails after a short timeout rather than wait for Redis. */
export function openCacheConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: CACHE_COMMAND_TIMEOUT_MS });
}

/** Resolves once the connection is ready; rejects naming the server when it is not ready within `timeoutMs`. */
export async function waitForRedis(connection: Redis, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (connection.status !== 'ready') {
    if (Date.now() > deadline) {
      const { host, port } = connection.options;
      throw new Error(`Redis at ${host}:${port} did not respond within ${timeoutMs} ms; start it (scripts/services.sh) or set OHIP_REDIS_CACHES=false`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Deletes every key under `prefix`, so a test or a benchmark leaves a shared Redis as it found it. */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
