import { randomBytes } from 'node:crypto';

import type { EventDefinition } from '../../domain/shared/events';
import { describeWithPostgres, openPGliteForTests, openPostgresForTests, type TestSql } from '../../test/support/databases';
import { PostgresClient } from '../sql/postgres-client';
import { CachedPatientKeyStore } from './cached-patient-key-store';
import { PhiCipher } from './phi-cipher';
import { PatientDataErasedError } from './patient-key-store';
import { SqlPatientKeyStore } from './sql-patient-key-store';

const registered: EventDefinition = { type: 'PatientRegistered', schemaVersion: 1, phiFields: ['name', 'birthDate'] };
const patientData = { patientId: 'p-1', name: 'Marie Tremblay', birthDate: '1961-04-12' };

function describeKeyStore(open: () => Promise<TestSql>): void {
  let database: TestSql;
  const masterKey = randomBytes(32);

  beforeEach(async () => {
    database = await open();
  });

  afterEach(async () => {
    await database.dispose();
  });

  it('returns the same key on every call', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);

    const created = await store.getOrCreateDataKey('p-1');

    expect(created).toHaveLength(32);
    expect(await store.getOrCreateDataKey('p-1')).toEqual(created);
    expect(await store.getDataKey('p-1')).toEqual(created);
  });

  it('agrees on one key under concurrent creation', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);

    const keys = await Promise.all(Array.from({ length: 5 }, () => store.getOrCreateDataKey('p-1')));

    for (const key of keys) {
      expect(key).toEqual(keys[0]);
    }
  });

  it('keeps keys across store instances', async () => {
    const first = await SqlPatientKeyStore.create(database.sql, masterKey);
    const created = await first.getOrCreateDataKey('p-1');

    const second = await SqlPatientKeyStore.create(database.sql, masterKey);

    expect(await second.getDataKey('p-1')).toEqual(created);
  });

  it('returns null for an unknown patient', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);

    expect(await store.getDataKey('p-unknown')).toBeNull();
  });

  it('stores only wrapped keys', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);
    const key = await store.getOrCreateDataKey('p-1');

    const table = await tableText(database);

    expect(table).not.toContain(key.toString('base64'));
    expect(table).not.toContain(key.toString('hex'));
  });

  it('rejects a wrong master key', async () => {
    await (await SqlPatientKeyStore.create(database.sql, masterKey)).getOrCreateDataKey('p-1');
    const wrong = await SqlPatientKeyStore.create(database.sql, randomBytes(32));

    await expect(wrong.getDataKey('p-1')).rejects.toThrow('the wrapped data key of patient p-1 failed to unwrap');
  });

  it('rejects a key copied to another patient', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);
    await store.getOrCreateDataKey('p-1');
    await database.sql.query(
      `INSERT INTO phi_data_keys (patient_id, wrapped_key) SELECT 'p-2', wrapped_key FROM phi_data_keys WHERE patient_id = 'p-1'`,
    );

    await expect(store.getDataKey('p-2')).rejects.toThrow('the wrapped data key of patient p-2 failed to unwrap');
  });

  it('rejects a master key of the wrong size', async () => {
    await expect(SqlPatientKeyStore.create(database.sql, randomBytes(16))).rejects.toThrow(
      'the PHI master key is 16 bytes long but AES-256 needs 32',
    );
  });

  it('round trips PHI through the cipher', async () => {
    const cipher = new PhiCipher(await SqlPatientKeyStore.create(database.sql, masterKey));

    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');

    expect(encrypted.name).toMatchObject({ $phi: 'v1' });
    expect(await cipher.decryptFields(registered, encrypted, 'p-1')).toEqual(patientData);
  });

  it('erases PHI and the wrapped key on destroy', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);
    const cipher = new PhiCipher(store);
    const encrypted = await cipher.encryptFields(registered, patientData, 'p-1');
    const wrapped = await wrappedKeyOf(database, 'p-1');

    await store.destroyDataKey('p-1');

    expect(await store.getDataKey('p-1')).toBeNull();
    expect(await cipher.decryptFields(registered, encrypted, 'p-1')).toEqual({
      patientId: 'p-1',
      name: { $phi: 'erased' },
      birthDate: { $phi: 'erased' },
    });
    const table = await tableText(database);
    expect(table).not.toContain(wrapped);
    expect(table).not.toContain(Buffer.from(wrapped, 'base64').toString('hex'));
    const row = await database.sql.query<{ wrapped_key: string | null; destroyed_at: unknown }>(
      `SELECT wrapped_key, destroyed_at FROM phi_data_keys WHERE patient_id = 'p-1'`,
    );
    expect(row.rows[0].wrapped_key).toBeNull();
    expect(row.rows[0].destroyed_at).not.toBeNull();
  });

  it('rejects a new key after destroy', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);
    await store.getOrCreateDataKey('p-1');
    await store.destroyDataKey('p-1');

    await expect(store.getOrCreateDataKey('p-1')).rejects.toBeInstanceOf(PatientDataErasedError);
  });

  it('destroys a key never created', async () => {
    const store = await SqlPatientKeyStore.create(database.sql, masterKey);

    await store.destroyDataKey('p-1');
    await store.destroyDataKey('p-1');

    await expect(store.getOrCreateDataKey('p-1')).rejects.toBeInstanceOf(PatientDataErasedError);
  });
}

async function tableText(database: TestSql): Promise<string> {
  const { rows } = await database.sql.query<{ row: string }>(`SELECT t::text AS row FROM phi_data_keys t`);
  return rows.map((row) => row.row).join('\n');
}

async function wrappedKeyOf(database: TestSql, patientId: string): Promise<string> {
  const { rows } = await database.sql.query<{ wrapped_key: string }>(
    `SELECT wrapped_key FROM phi_data_keys WHERE patient_id = $1`,
    [patientId],
  );
  return rows[0].wrapped_key;
}

describe('SqlPatientKeyStore on PGlite', () => {
  describeKeyStore(openPGliteForTests);
});

describeWithPostgres('SqlPatientKeyStore on PostgreSQL', (url) => {
  describeKeyStore(() => openPostgresForTests(url, 5));

  // Two processes that share the database: one erases, the other must stop decrypting at once
  // rather than when its cached key expires.
  it('drops a key another process destroyed', async () => {
    const masterKey = randomBytes(32);
    const database = await openPostgresForTests(url, 5);
    const otherProcess = PostgresClient.fromUrl(database.url, 2);
    let stopFollowing: (() => Promise<void>) | undefined;
    try {
      const eraser = await SqlPatientKeyStore.create(database.sql, masterKey);
      const table = await SqlPatientKeyStore.create(otherProcess, masterKey);
      const reader = new CachedPatientKeyStore(table, 60_000);
      stopFollowing = await table.followDestructions(
        (patientId) => reader.forget(patientId),
        () => reader.forgetAll(),
      );
      expect(await reader.getOrCreateDataKey('p-1')).toHaveLength(32);
      expect(await reader.getOrCreateDataKey('p-2')).toHaveLength(32);

      await eraser.destroyDataKey('p-1');

      await waitUntil(async () => (await reader.getDataKey('p-1')) === null, 2_000);
      await expect(reader.getOrCreateDataKey('p-1')).rejects.toBeInstanceOf(PatientDataErasedError);
      expect(await reader.getDataKey('p-2')).toHaveLength(32);
    } finally {
      await stopFollowing?.();
      await otherProcess.close();
      await database.dispose();
    }
  });
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the condition`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
