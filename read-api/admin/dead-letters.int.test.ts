import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Redis } from 'ioredis';
import pino from 'pino';

import { deleteKeysUnder, openQueueConnection } from '../../infra/cache/redis-connection';
import { describeWithRedis, testPrefix } from '../../test/support/redis';
import { loadConfig } from '../../infra/config/config';
import { BullmqTimerService } from '../../infra/timers/bullmq/bullmq-timer-service';
import { waitUntil } from '../../infra/timers/bullmq/wait-until';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../../test/support/auth';

// The dead-letter view on the product started with OHIP_TIMERS=bullmq: a timer whose handler
// failed on its only attempt is listed, and a retry schedules it again. The same product runs with
// OHIP_REDIS_CACHES=true, to check that the caches are wired in.

const silent = pino({ level: 'silent' });

describeWithRedis('dead-letter view on BullMQ timers', (url) => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-dead-letters-'));
  const prefix = testPrefix('dead-letters');
  let connection: Redis;
  let server: RunningServer;
  let timers: BullmqTimerService;

  beforeAll(async () => {
    connection = openQueueConnection(url);
    timers = new BullmqTimerService(connection, silent, { prefix, maxAttempts: 1 });
    await killOneTimer(timers);
    server = await startServer(
      loadConfig({
        OHIP_DATA_DIR: dataDirectory,
        PORT: '0',
        LOG_LEVEL: 'silent',
        OHIP_IMPORT_SHARED_DATA: 'false',
        OHIP_SEED_DEMO_DIRECTORY: 'false',
        OHIP_TIMERS: 'bullmq',
        REDIS_URL: url,
        OHIP_REDIS_PREFIX: prefix,
        OHIP_REDIS_CACHES: 'true',
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await timers.close();
    await deleteKeysUnder(connection, prefix);
    await connection.quit();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  // A handler that always fails, run until the timer is dead, before the product starts, so the
  // product's own worker never races for the job.
  async function killOneTimer(service: BullmqTimerService): Promise<void> {
    service.handle('test-partner-call', async () => {
      throw new RangeError('partner rejected the request');
    });
    service.start();
    await service.schedule({ timerId: 'partner/offer-1', kind: 'test-partner-call', dueAt: new Date().toISOString(), payload: { offerId: 'offer-1' } });
    await waitUntil(async () => (await service.jobCounts()).failed === 1, 10_000);
    await service.stop();
  }

  async function request(method: 'GET' | 'POST', pathAndQuery: string) {
    const response = await fetch(`${server.url}${pathAndQuery}`, { method, headers: await authHeaders(server.url, { role: 'admin' }) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('lists a dead timer without its payload', async () => {
    const { status, body } = await request('GET', '/api/v1/admin/dead-letters');

    expect(status).toBe(200);
    expect(body.items).toEqual([
      { timerId: 'partner/offer-1', kind: 'test-partner-call', dueAt: expect.any(String), attempts: 1, failedAt: expect.any(String), errorName: 'RangeError' },
    ]);
  });

  it('rejects a limit out of range', async () => {
    const { status, body } = await request('GET', '/api/v1/admin/dead-letters?limit=0');

    expect(status).toBe(400);
    expect(JSON.stringify(body)).toContain('limit');
  });

  it('returns 404 when retrying an unknown timer', async () => {
    const { status } = await request('POST', `/api/v1/admin/dead-letters/${encodeURIComponent('partner/offer-404')}/retry`);

    expect(status).toBe(404);
  });

  it('serves availability through the Redis cache', async () => {
    const { status } = await request('GET', '/api/v1/appointments/availability?specialty=family-medicine&lat=45.42&lng=-75.69');

    expect(status).toBe(200);
    expect(await connection.get(`${prefix}:availability:epoch`)).toBe('1');
    expect(await connection.keys(`${prefix}:availability:slots:*`)).not.toEqual([]);
  });

  it('schedules a dead timer again on retry', async () => {
    const { status, body } = await request('POST', `/api/v1/admin/dead-letters/${encodeURIComponent('partner/offer-1')}/retry`);

    expect(status).toBe(202);
    expect(body).toEqual({ timerId: 'partner/offer-1', status: 'scheduled' });
    expect((await request('GET', '/api/v1/admin/dead-letters')).body.items).toEqual([]);
    expect((await timers.jobCounts()).failed).toBe(0);
  });
});
