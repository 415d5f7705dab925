import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CommandBus } from '@nestjs/cqrs';

import { AssignPractitionerRoleCommand, RegisterProviderCommand } from '../../../commands/providers/provider-commands';
import type { CommandOutcome } from '../../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../../commands/shared/command-context';
import { startServer, type RunningServer } from '../../../server';
import { DIRECTORY_FIXTURES, fixtureCommands } from '../../../test/support/directory-providers';
import { loadConfig } from '../../config/config';
import { SqlEventStore } from '../../event-store/sql/sql-event-store';
import { rootLogger } from '../../observability/logger';
import { PGliteClient } from '../../sql/pglite-client';
import { PROVIDER_SEARCH_ENGINE, ProviderSearchEngine } from './provider-search-engine';
import { searchEngineSkipReason, searchEngineUrlForTests } from './search-engine-for-tests';

// The product with OHIP_PROVIDER_SEARCH=opensearch: GET /api/v1/providers returns results from the
// OpenSearch index that the product keeps from its own events, and a named engine that does not
// respond stops the start instead of falling back to the read model.

const opensearchUrl = searchEngineUrlForTests('opensearch');
const describeOnOpenSearch = opensearchUrl ? describe : skipWithReason;

function environment(dataDirectory: string, url: string): NodeJS.ProcessEnv {
  return {
    OHIP_DATA_DIR: dataDirectory,
    PORT: '0',
    LOG_LEVEL: 'silent',
    OHIP_IMPORT_SHARED_DATA: 'false',
    OHIP_SEED_DEMO_DIRECTORY: 'false',
    OHIP_PROVIDER_SEARCH: 'opensearch',
    OPENSEARCH_URL: url,
  };
}

function testContext(key: string): CommandContext {
  return { commandId: key, correlationId: randomUUID(), causationId: null, actor: { id: 'e2e-test', role: 'system' }, receivedAt: new Date().toISOString() };
}

describeOnOpenSearch('product with provider search on OpenSearch', () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-search-engine-'));
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(loadConfig(environment(dataDirectory, opensearchUrl!)));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('finds a provider registered through the commands', async () => {
    const fixture = DIRECTORY_FIXTURES[0]!;
    const bus = server.app.get(CommandBus);
    let last = 0n;
    for (const [index, command] of fixtureCommands(fixture).entries()) {
      const { type, ...data } = command;
      const context = testContext(`${fixture.providerId}:${index}`);
      let outcome: CommandOutcome | undefined;
      if (type === 'RegisterProvider') outcome = await bus.execute(new RegisterProviderCommand(data as never, context));
      if (type === 'AssignPractitionerRole') outcome = await bus.execute(new AssignPractitionerRoleCommand(data as never, context));
      last = outcome?.position ?? last;
    }
    await server.app.get<typeof PROVIDER_SEARCH_ENGINE, ProviderSearchEngine>(PROVIDER_SEARCH_ENGINE).projection.waitFor(last);

    const response = await fetch(`${server.url}/api/v1/providers?q=${encodeURIComponent('médecine familiale Tremblay')}`);
    const body = (await response.json()) as { total: number; items: { providerId: string }[] };

    expect(response.status).toBe(200);
    expect(body.total).toBe(1);
    expect(body.items[0]!.providerId).toBe(fixture.providerId);
  });
});

// NestFactory ends the process when a provider fails to start, so this checks the step that
// fails, not a whole product start.
describe('search engine start on an unreachable server', () => {
  it('rejects instead of searching the read model', async () => {
    const sql = await PGliteClient.open();
    const store = await SqlEventStore.create(sql);
    try {
      // Port 1 on the loopback address has no listener, so the connection is refused at once.
      const engine = { engine: 'opensearch', url: 'http://127.0.0.1:1' } as const;

      await expect(ProviderSearchEngine.start(engine, store, rootLogger)).rejects.toThrow(/opensearch at http:\/\/127\.0\.0\.1:1, but the server did not respond/);
    } finally {
      await store.close();
      await sql.close();
    }
  });
});

function skipWithReason(name: string, body: () => void): void {
  // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
  describe.skip(`${name} (${searchEngineSkipReason('opensearch')})`, body);
}
