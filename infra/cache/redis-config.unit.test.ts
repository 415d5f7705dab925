import { ConfigurationError, loadConfig } from '../config/config';

// The Redis settings as loadConfig reads them: nothing on Redis by default, a development default
// address outside production, and a named server required in production.

// The other settings production requires, so each case fails only on the Redis ones.
const production = {
  NODE_ENV: 'production',
  OHIP_EVENT_STORE: 'postgresql',
  DATABASE_URL: 'postgres://ohip:ohip@127.0.0.1:5432/ohip',
  OIDC_ISSUER: 'https://sso.example.ca/realms/ohip',
  OHIP_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  OHIP_ALLOW_SANDBOX_PARTNERS: 'true',
};

function problemsOf(environment: Record<string, string>): string[] {
  try {
    loadConfig(environment);
    return [];
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
}

describe('Redis settings', () => {
  it('keeps timers in SQL and caches off by default', () => {
    expect(loadConfig({}).redis).toEqual({ url: undefined, timers: 'sql', caches: false, prefix: 'ohip' });
  });

  it('defaults to the local Redis outside production', () => {
    expect(loadConfig({ OHIP_TIMERS: 'bullmq' }).redis.url).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ OHIP_REDIS_CACHES: 'true' }).redis.url).toBe('redis://127.0.0.1:6379');
  });

  it('requires REDIS_URL for BullMQ in production', () => {
    expect(problemsOf({ ...production, OHIP_TIMERS: 'bullmq' })).toEqual([expect.stringMatching(/^REDIS_URL: is required in production/)]);
    expect(problemsOf({ ...production, OHIP_REDIS_CACHES: 'true' })).toEqual([expect.stringMatching(/^REDIS_URL: is required in production/)]);
    expect(loadConfig({ ...production, OHIP_TIMERS: 'bullmq', REDIS_URL: 'redis://redis:6379' }).redis.url).toBe('redis://redis:6379');
  });

  it('starts production without Redis when nothing needs it', () => {
    expect(problemsOf(production)).toEqual([]);
  });

  it('rejects bad values with the variable named', () => {
    expect(problemsOf({ OHIP_TIMERS: 'cron' })).toEqual([expect.stringMatching(/^OHIP_TIMERS: /)]);
    expect(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379' })).toEqual([expect.stringMatching(/^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/)]);
    expect(problemsOf({ OHIP_REDIS_PREFIX: 'a:b' })).toEqual([expect.stringMatching(/^OHIP_REDIS_PREFIX: /)]);
  });
});
