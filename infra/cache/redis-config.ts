import { z } from 'zod';

// What runs on Redis: the durable timers (OHIP_TIMERS=bullmq) and the read caches
// (OHIP_REDIS_CACHES=true). Both are off by default, so the embedded product needs no Redis.
// The caches are switched on by their own flag, not by REDIS_URL alone, because the triage cache
// holds PHI and an operator who points the timers at Redis has not thereby agreed to that.

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

// Outside production, a Redis that is wanted but not named is the one scripts/services.sh starts.
const DEVELOPMENT_REDIS_URL = 'redis://127.0.0.1:6379';

export const redisEnvironment = {
  OHIP_TIMERS: z.enum(['sql', 'bullmq']).default('sql'),
  REDIS_URL: z
    .string()
    .url()
    .refine((value) => /^rediss?:\/\//.test(value), 'must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379')
    .optional(),
  OHIP_REDIS_CACHES: flag.default('false'),
  OHIP_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be 1 to 40 letters, digits, "-" or "_"').default('ohip'),
};

interface RedisEnvironment {
  NODE_ENV: 'development' | 'test' | 'production';
  OHIP_TIMERS: 'sql' | 'bullmq';
  REDIS_URL?: string;
  OHIP_REDIS_CACHES: boolean;
  OHIP_REDIS_PREFIX: string;
}

export interface RedisConfig {
  /** The Redis to use; undefined when nothing runs on Redis. */
  url: string | undefined;
  /** The durable timers' adapter: the SQL table of the store's database, or BullMQ on Redis. */
  timers: 'sql' | 'bullmq';
  /** Cache availability and triage conversations in Redis. */
  caches: boolean;
  /** Prefix of every key the product writes, so several deployments can share one Redis. */
  prefix: string;
}

/** Adds an issue when production wants Redis but REDIS_URL does not name it. */
export function checkRedisEnvironment(env: RedisEnvironment, context: z.RefinementCtx): void {
  const wanted = env.OHIP_TIMERS === 'bullmq' || env.OHIP_REDIS_CACHES;
  if (env.NODE_ENV === 'production' && wanted && !env.REDIS_URL) {
    context.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message: 'is required in production when OHIP_TIMERS=bullmq or OHIP_REDIS_CACHES=true; name the Redis server, such as redis://redis:6379',
    });
  }
}

export function redisConfigFrom(env: RedisEnvironment): RedisConfig {
  const wanted = env.OHIP_TIMERS === 'bullmq' || env.OHIP_REDIS_CACHES;
  return {
    url: env.REDIS_URL ?? (wanted ? DEVELOPMENT_REDIS_URL : undefined),
    timers: env.OHIP_TIMERS,
    caches: env.OHIP_REDIS_CACHES,
    prefix: env.OHIP_REDIS_PREFIX,
  };
}
