import { readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

// docker-compose.yml is never started here (no Docker engine), so this checks what can be checked
// without one: the file parses, every service says how to tell it is healthy, and nothing is
// published beyond the host's loopback address.

interface ComposeService {
  image?: string;
  healthcheck?: { test?: unknown };
  ports?: string[];
  environment?: Record<string, string>;
}

const compose = parse(readFileSync(path.join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = Object.entries(compose.services);

describe('docker-compose.yml', () => {
  it('describes the production topology', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'elasticsearch', 'eventstoredb', 'kafka', 'keycloak', 'orthanc', 'postgres', 'redis', 'worker']);
  });

  it.each(services)('gives %s a health check', (_name, service) => {
    expect(service.healthcheck?.test).toEqual(expect.any(Array));
  });

  it.each(services)('binds the ports of %s to 127.0.0.1', (_name, service) => {
    for (const port of service.ports ?? []) {
      expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('runs Redis with its append-only file', () => {
    expect(compose.services.redis!.healthcheck).toBeDefined();
    expect(JSON.stringify(compose.services.redis)).toContain('"--appendonly","yes"');
  });

  it('gives the api and the worker the same production settings', () => {
    const api = compose.services.api!.environment!;
    const worker = compose.services.worker!.environment!;

    expect(api.NODE_ENV).toBe('production');
    expect(api.OHIP_TIMERS).toBe('bullmq');
    expect(worker.DATABASE_URL).toBe(api.DATABASE_URL);
    expect(worker.REDIS_URL).toBe(api.REDIS_URL);
  });
});
