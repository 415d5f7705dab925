import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pino from 'pino';

import { openQueueConnection } from '../../cache/redis-connection';
import { describeWithRedis } from '../../../test/support/redis';
import type { FiredTimer } from '../timers.port';
import { BullmqTimerService } from './bullmq-timer-service';
import { waitUntil } from './wait-until';

// A timer outlives a Redis restart because Redis writes every change to its append-only file.
// The test stops Redis the way an operator does (`redis-cli shutdown`, which flushes the AOF) and
// starts it with the command line of scripts/services.sh. It runs its own Redis on a free port
// rather than the shared one from REDIS_URL, because stopping the shared server would break the
// other suites running at the same time.

const silent = pino({ level: 'silent' });

describeWithRedis('BullMQ timers across a Redis restart', () => {
  let directory: string;
  let port: number;

  beforeAll(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'ohip-redis-restart-'));
    port = await freePort();
    await startRedis(port, directory);
  });
  afterAll(() => {
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    rmSync(directory, { recursive: true, force: true });
  });

  it('fires a timer once after Redis stopped and started again', async () => {
    const connection = openQueueConnection(`redis://127.0.0.1:${port}`);
    const service = new BullmqTimerService(connection, silent, { prefix: 'restart' });
    const fired: FiredTimer[] = [];
    service.handle('restart', async (timer) => {
      fired.push(timer);
    });
    service.start();
    await service.waitUntilReady();

    const dueAt = new Date(Date.now() + 2_000).toISOString();
    await service.schedule({ timerId: 'restart-1', kind: 'restart', dueAt, payload: { offerId: 'offer-1' } });
    execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown']);
    await waitUntil(async () => !answers(port), 5_000);
    await startRedis(port, directory);

    expect((await service.jobCounts()).delayed).toBe(1);
    await waitUntil(async () => fired.length === 1, 10_000);
    await waitUntil(async () => (await service.jobCounts()).completed === 1, 5_000);
    expect(fired.map((timer) => timer.timerId)).toEqual(['restart-1']);
    expect(Date.parse(fired[0]!.firedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));

    await service.close();
    await connection.quit();
  });
});

// The flags of start_redis in scripts/services.sh, with this test's port and directory.
async function startRedis(port: number, directory: string): Promise<void> {
  execFileSync('redis-server', [
    '--bind', '127.0.0.1', '--port', String(port), '--dir', directory, '--appendonly', 'yes',
    '--daemonize', 'yes', '--logfile', path.join(directory, 'redis.log'), '--pidfile', path.join(directory, 'redis.pid'),
  ]);
  await waitUntil(async () => answers(port), 5_000);
}

function answers(port: number): boolean {
  try {
    return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() === 'PONG';
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}
