import fc from 'fast-check';

import type { SqlClient } from '../../infra/sql/sql-client';
import { dumpProjection } from '../../test/support/read-models';
import { directoryFixtureEvents } from '../../test/support/directory-providers';
import { openPGliteWithEarthDistance } from '../../test/support/directory-database';
import { liveSchema } from '../runner/projection';
import { providerDirectoryProjection } from './provider-directory.projection';

// A rebuild must end equal to the live read model, whatever batches the runner cut the events
// into, so the rows cannot depend on where a batch starts or ends.

const schema = liveSchema(providerDirectoryProjection);
let sql: SqlClient;

async function buildInBatches(sizes: number[]): Promise<Record<string, unknown[]>> {
  await sql.exec(`drop schema if exists ${schema} cascade; create schema ${schema}; ${providerDirectoryProjection.createTables(schema)}`);
  const events = directoryFixtureEvents();
  let start = 0;
  for (const size of sizes) {
    if (start >= events.length) break;
    const batch = events.slice(start, start + size);
    await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, batch));
    start += size;
  }
  if (start < events.length) {
    await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, events.slice(start)));
  }
  return dumpProjection(sql, providerDirectoryProjection, schema);
}

beforeAll(async () => {
  sql = await openPGliteWithEarthDistance();
});

afterAll(async () => {
  await sql?.close();
});

describe('provider directory projection', () => {
  it('gives the same rows for any batching', async () => {
    const oneBatch = await buildInBatches([10_000]);

    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 40 }), async (sizes) => {
        expect(await buildInBatches(sizes)).toEqual(oneBatch);
      }),
      { numRuns: 25 },
    );
  });

  it('keeps the first role location and adds later specialties', async () => {
    await buildInBatches([10_000]);
    const [event] = directoryFixtureEvents().filter((candidate) => candidate.type === 'PractitionerRoleAssigned' && candidate.streamId === 'provider-toronto-family-1');
    const data = event!.data as { location: Record<string, unknown>; specialty: string; acceptedInsurance: string[] };
    const secondRole = {
      ...event!,
      globalPosition: 10_000n,
      data: { ...data, roleId: 'second', specialty: 'immunization', acceptedInsurance: ['UHIP'], location: { ...data.location, facilityId: 'elsewhere', lat: 0, lng: 0 } },
    };

    await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, [secondRole]));
    const { rows } = await sql.query<{ specialties: string[]; accepted_insurance: string[]; location_id: string }>(
      `select specialties, accepted_insurance, location_id from ${schema}.providers where provider_id = 'toronto-family-1'`,
    );

    expect(rows[0]).toEqual({ specialties: ['family-medicine', 'immunization'], accepted_insurance: ['OHIP', 'UHIP'], location_id: 'on-moh-9005' });
  });

  it('ignores events of other contexts', async () => {
    await buildInBatches([10_000]);
    const before = await dumpProjection(sql, providerDirectoryProjection, schema);
    const other = { ...directoryFixtureEvents()[0]!, type: 'PatientRegistered', data: { patientId: 'p-1' }, globalPosition: 20_000n };

    await sql.transaction((tx) => providerDirectoryProjection.apply(tx, schema, [other]));

    expect(await dumpProjection(sql, providerDirectoryProjection, schema)).toEqual(before);
  });
});
