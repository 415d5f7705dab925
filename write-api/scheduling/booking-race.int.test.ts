import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { createScratchDatabase, describeWithPostgres, type ScratchDatabase } from '../../test/support/databases';
import { runBookingRace } from './booking-race';

// 1,000 concurrent booking attempts on 100 slots: exactly 100 bookings, 900 conflicts that offer
// alternatives, no slot booked twice, and read models that agree with the events. It runs on
// the embedded PGlite product and, when DATABASE_URL is set, on PostgreSQL.

function raceSuite(name: string, environment: () => Promise<{ env: Record<string, string>; cleanup(): Promise<void> }>) {
  describe(`booking race on ${name}`, () => {
    let server: RunningServer;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      const prepared = await environment();
      cleanup = prepared.cleanup;
      server = await startServer(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false', ...prepared.env }));
    }, 120_000);

    afterAll(async () => {
      await server?.close();
      await cleanup?.();
    });

    it('books each of 100 slots once among 1,000 attempts', async () => {
      const result = await runBookingRace(server, { slots: 100, attempts: 1_000, spareSlots: 20 });

      expect(result.otherStatuses).toEqual({});
      expect(result.booked).toBe(100);
      expect(result.conflicts).toBe(900);
      expect(result.conflictsWithAlternatives).toBe(900);
      expect(result.doubleBookedSlots).toBe(0);
      expect(result.readModelMismatches).toBe(0);
    }, 240_000);
  });
}

raceSuite('PGlite', async () => {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-race-'));
  return { env: { OHIP_DATA_DIR: dataDirectory }, cleanup: async () => rmSync(dataDirectory, { recursive: true, force: true }) };
});

describeWithPostgres('PostgreSQL', (url) => {
  raceSuite('PostgreSQL', async () => {
    const database: ScratchDatabase = await createScratchDatabase(url);
    return { env: { OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: database.url, OHIP_DATA_DIR: tmpdir() }, cleanup: () => database.drop() };
  });
});
