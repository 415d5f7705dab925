import { randomUUID } from 'node:crypto';

// Test support for the Redis-backed suites, following describeWithPostgres in databases.ts: the
// suites run when REDIS_URL is set, are skipped with the reason in the title otherwise, and fail
// under CI=true.

/** Returns REDIS_URL; under CI=true a missing setting is an error so the suite fails instead of skipping. */
export function redisUrlForTests(): string | undefined {
  const url = process.env.REDIS_URL;
  if (!url && process.env.CI === 'true') {
    throw new Error('REDIS_URL is not set, and CI=true requires the Redis suites; run scripts/services.sh first');
  }
  return url;
}

/** Runs `describe` when Redis is configured, otherwise a skip whose title gives the reason. */
export function describeWithRedis(name: string, body: (url: string) => void): void {
  const url = redisUrlForTests();
  if (url) {
    describe(name, () => body(url));
  } else {
    // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
    describe.skip(`${name} (skipped: REDIS_URL is not set; scripts/services.sh starts Redis)`, () => {
      it('needs Redis', () => undefined);
    });
  }
}

/** Returns a key prefix of its own for one test, so tests sharing a Redis never see each other's keys. */
export function testPrefix(label: string): string {
  return `test-${label}-${randomUUID().slice(0, 8)}`;
}

