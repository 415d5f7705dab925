import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CommandBus } from '@nestjs/cqrs';

import {
  AssignPractitionerRoleCommand,
  RateProviderQualityCommand,
  RegisterProviderCommand,
} from '../../commands/providers/provider-commands';
import { RegisterProviderLocationCommand } from '../../commands/providers/provider-location-commands';
import { AggregateRepository, toNewEvents, type CommandOutcome } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import { providerDecider, providerStreamName, type ProviderCommand } from '../../domain/providers';
import { REAL_FACILITIES } from '../../domain/providers/provider.fixtures';
import { loadConfig } from '../../infra/config/config';
import { importStream } from '../../infra/import/import-events';
import { DemoDirectoryStartup } from '../../infra/seed/demo-directory-startup';
import { seedDemoDirectory } from '../../infra/seed/demo-directory-seeder';
import { loggerFor } from '../../infra/observability/logger';
import { startServer, type RunningServer } from '../../server';
import { DIRECTORY_FIXTURES, fixtureCommands, OTTAWA } from '../support/directory-providers';

// The provider directory as a client meets it: GET /api/v1/providers searches practitioners with
// filters, facets and sorts, and rejects a bad query naming the field and the rule. A second
// server checks the demo seed on real Ontario facilities.

// Response bodies are checked field by field below, so they are read as loosely typed JSON.
type Json = any;

async function get(server: RunningServer, route: string): Promise<{ status: number; type: string; body: Json }> {
  const response = await fetch(`${server.url}${route}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
}

function testContext(key: string): CommandContext {
  return { commandId: key, correlationId: randomUUID(), causationId: null, actor: { id: 'e2e-test', role: 'system' }, receivedAt: new Date().toISOString() };
}

async function openServer(): Promise<{ server: RunningServer; dispose(): Promise<void> }> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-directory-'));
  const server = await startServer(loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false' }));
  return {
    server,
    async dispose() {
      await server.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

// Schedules have no HTTP command yet, so OpenSchedule goes straight to the aggregate repository.
async function runFixtureCommand(server: RunningServer, command: ProviderCommand, index: number): Promise<CommandOutcome> {
  const context = testContext(`fixture:${command.providerId}:${index}`);
  const { type: _type, ...data } = command;
  switch (command.type) {
    case 'RegisterProvider':
      return server.app.get(CommandBus).execute(new RegisterProviderCommand(data as Omit<typeof command, 'type'>, context));
    case 'AssignPractitionerRole':
      return server.app.get(CommandBus).execute(new AssignPractitionerRoleCommand(data as Omit<typeof command, 'type'>, context));
    case 'RateProviderQuality':
      return server.app.get(CommandBus).execute(new RateProviderQualityCommand(data as Omit<typeof command, 'type'>, context));
    case 'OpenSchedule':
      return server.app.get(AggregateRepository).handle(providerStreamName(command.providerId), providerDecider, command, context);
  }
}

describe('provider search API', () => {
  let opened: Awaited<ReturnType<typeof openServer>>;
  let server: RunningServer;
  const search = (query: string) => get(server, `/api/v1/providers${query}`);
  const idsOf = (body: Json) => body.items.map((item: { providerId: string }) => item.providerId);

  beforeAll(async () => {
    opened = await openServer();
    server = opened.server;
    let last = 0n;
    for (const fixture of DIRECTORY_FIXTURES) {
      const commands = fixtureCommands(fixture);
      for (const [index, command] of commands.entries()) {
        last = (await runFixtureCommand(server, command, index)).position;
      }
    }
    await server.runtime.waitForProjection('provider_directory', last);
  }, 60_000);

  afterAll(async () => {
    await opened?.dispose();
  });

  describe('filters', () => {
    it('lists every provider with the demo flag', async () => {
      const { status, body } = await search('');

      expect(status).toBe(200);
      expect(body.total).toBe(DIRECTORY_FIXTURES.length);
      expect(body.items.filter((item: { demo: boolean }) => item.demo)).toHaveLength(DIRECTORY_FIXTURES.length - 1);
    });

    it('filters by specialty and labels it in both languages', async () => {
      const { body } = await search('?specialty=mental-health');

      expect(idsOf(body)).toEqual(['ottawa-mental-1']);
      expect(body.items[0].specialties).toEqual([{ code: 'mental-health', label: { en: 'Mental health and addictions', fr: 'Santé mentale et dépendances' } }]);
    });

    it('filters by language, accessibility and telemedicine together', async () => {
      const { body } = await search('?language=fr&accessible=true&telemedicine=true');

      expect(idsOf(body)).toEqual(['ottawa-family-1']);
    });

    it('filters on availability and rating', async () => {
      const { body } = await search('?available=true&rating_min=4.5&sort=wait_time');

      expect(idsOf(body)).toEqual(['ottawa-family-1', 'cornwall-immunization-1', 'toronto-family-1']);
      expect(body.items.map((item: { waitDays: number }) => item.waitDays)).toEqual([2, 4, 5]);
    });

    it('keeps providers within the radius, nearest first', async () => {
      const { body } = await search(`?lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&radius_km=25&sort=distance`);

      expect(idsOf(body)).toEqual(['ottawa-family-1', 'ottawa-mental-1', 'kanata-family-1']);
      expect(body.items[0].distanceKm).toBeCloseTo(0.29, 1);
    });

    it('searches free text in French', async () => {
      const { body } = await search(`?q=${encodeURIComponent('santé mentale')}`);

      expect(idsOf(body)).toEqual(['ottawa-mental-1']);
    });
  });

  describe('sorts, pages and facets', () => {
    it('sorts by rating with the unrated last', async () => {
      const { body } = await search('?sort=rating');

      expect(body.items.map((item: { rating: number | null }) => item.rating)).toEqual([4.9, 4.8, 4.6, 4.5, 4.1, 3.9, null, null]);
    });

    it('pages with a stable total', async () => {
      const { body } = await search('?sort=rating&page=2&pageSize=3');

      expect(body).toMatchObject({ page: 2, pageSize: 3, total: DIRECTORY_FIXTURES.length });
      expect(idsOf(body)).toEqual(['cornwall-immunization-1', 'ottawa-mental-1', 'kanata-family-1']);
    });

    it('counts facets over the filtered set', async () => {
      const { body } = await search('?specialty=family-medicine&facets=true&pageSize=1');

      expect(body.items).toHaveLength(1);
      expect(body.facets.specialty).toEqual([{ value: 'family-medicine', count: 3, label: { en: 'Family medicine', fr: 'Médecine familiale' } }]);
      expect(body.facets.language).toEqual([
        { value: 'en', count: 3 },
        { value: 'fr', count: 1 },
        { value: 'zh', count: 1 },
      ]);
      expect(body.facets.providerType).toEqual([
        { value: 'physician', count: 2 },
        { value: 'nurse-practitioner', count: 1 },
      ]);
    });
  });

  describe('one provider', () => {
    it('returns the provider', async () => {
      const { status, body } = await get(server, '/api/v1/providers/toronto-family-1');

      expect(status).toBe(200);
      expect(body).toMatchObject({ providerId: 'toronto-family-1', name: { display: 'Wei Chen' }, demo: true, waitDays: 5 });
    });

    it('answers an unknown provider with 404', async () => {
      const { status, type } = await get(server, '/api/v1/providers/no-such-provider');

      expect(status).toBe(404);
      expect(type).toContain('application/problem+json');
    });
  });

  describe('bad queries', () => {
    const rejected: [string, number, { field: string; rule: RegExp }][] = [
      [`?lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&radius_km=501`, 422, { field: 'radius_km', rule: /at most 500 km; got 501/ }],
      ['?lat=91&lng=-75', 422, { field: 'lat', rule: /from -90 to 90 degrees; got 91/ }],
      ['?lat=45&lng=-181', 422, { field: 'lng', rule: /from -180 to 180 degrees; got -181/ }],
      ['?lat=45', 422, { field: 'lng', rule: /required with lat/ }],
      ['?sort=distance', 422, { field: 'sort', rule: /needs lat and lng/ }],
      ['?radius_km=10', 422, { field: 'radius_km', rule: /needs lat and lng/ }],
      ['?rating_min=6', 422, { field: 'rating_min', rule: /from 0 to 5; got 6/ }],
      ['?specialty=cardiology', 422, { field: 'specialty', rule: /must be one of family-medicine/ }],
      ['?language=french', 422, { field: 'language', rule: /two-letter ISO 639-1 code/ }],
      ['?page=200&pageSize=100', 422, { field: 'page', rule: /at most 10000/ }],
      ['?lat=north&lng=-75', 400, { field: 'lat', rule: /must be a decimal number/ }],
      ['?radius_km=', 400, { field: 'radius_km', rule: /must be a decimal number/ }],
      ['?accessible=yes', 400, { field: 'accessible', rule: /must be true or false/ }],
      ['?sort=closest', 400, { field: 'sort', rule: /must be relevance, wait_time, distance or rating/ }],
      ['?pageSize=500', 400, { field: 'pageSize', rule: /must be 100 or less/ }],
    ];

    it.each(rejected)('rejects %s with %i', async (query, status, expected) => {
      const response = await search(query);

      expect(response.status).toBe(status);
      expect(response.type).toContain('application/problem+json');
      expect(response.body.errors).toContainEqual({ field: expected.field, rule: expect.stringMatching(expected.rule) });
    });

    it('rejects an unknown parameter', async () => {
      const { status, body } = await search('?radius=10');

      expect(status).toBe(400);
      expect(JSON.stringify(body.errors)).toContain('radius');
    });

    it('changes nothing', async () => {
      await search(`?lat=${OTTAWA.lat}&lng=${OTTAWA.lng}&radius_km=501`);

      expect((await search('')).body.total).toBe(DIRECTORY_FIXTURES.length);
    });
  });
});

describe('demo directory seed', () => {
  let opened: Awaited<ReturnType<typeof openServer>>;
  let server: RunningServer;

  beforeAll(async () => {
    opened = await openServer();
    server = opened.server;
    for (const facility of REAL_FACILITIES) {
      const data = {
        locationId: `on-moh-${facility.facilityId}`,
        ministryId: null,
        serviceType: facility.serviceType,
        serviceDetail: null,
        name: { en: facility.name, fr: null },
        address: { line1: '', line2: null, community: facility.community, postalCode: null },
        coordinates: { lat: facility.lat, lng: facility.lng },
        source: 'e2e-test',
        registeredAt: new Date().toISOString(),
      };
      await server.app.get(CommandBus).execute(new RegisterProviderLocationCommand(data, testContext(`location:${facility.facilityId}`)));
    }
  }, 60_000);

  afterAll(async () => {
    await opened?.dispose();
  });

  it('lists the facility locations apart from the providers', async () => {
    await server.runtime.waitForProjectionsAtHead();
    const { status, body } = await get(server, '/api/v1/provider-locations?pageSize=100');

    expect(status).toBe(200);
    expect(body.total).toBe(REAL_FACILITIES.length);
  });

  it('seeds demo practitioners once the facility import is stored', async () => {
    const marker = { dataset: 'ontario-facilities', sha256: 'e2e', imported: REAL_FACILITIES.length, skipped: 0, rejected: 0, importedAt: new Date().toISOString() };
    await server.runtime.store.appendToStream(importStream('ontario-facilities'), toNewEvents([{ type: 'SharedDataImported', data: marker }], testContext('marker')), 'any');

    const outcome = await server.app.get(DemoDirectoryStartup).finished;
    const { body } = await get(server, '/api/v1/providers?pageSize=100&facets=true');

    expect(outcome?.state).toBe('seeded');
    expect(outcome?.rejected).toBe(0);
    expect(body.total).toBe(outcome?.seeded);
    expect(body.items.every((item: { demo: boolean; credentials: { registrationNumber: string }[] }) => item.demo && item.credentials[0]!.registrationNumber.startsWith('DEMO-'))).toBe(true);
    expect(body.facets.specialty.map((facet: { value: string }) => facet.value)).toEqual(expect.arrayContaining(['family-medicine', 'minor-ailments', 'midwifery']));
  });

  it('places every demo practitioner at a real facility', async () => {
    const { body } = await get(server, '/api/v1/providers?pageSize=100');
    const facilityIds = new Set(REAL_FACILITIES.map((facility) => `on-moh-${facility.facilityId}`));

    expect(body.items.every((item: { location: { locationId: string } }) => facilityIds.has(item.location.locationId))).toBe(true);
  });

  it('skips a second seed of a full directory', async () => {
    const seeded = (await get(server, '/api/v1/providers?pageSize=1')).body.total;

    const outcome = await seedDemoDirectory(
      { commandBus: server.app.get(CommandBus), sql: server.runtime.sql, logger: loggerFor('e2e') },
      { maxProviders: seeded },
    );

    expect(outcome.state).toBe('skipped');
  });
});
