import { randomBytes } from 'node:crypto';

import type { SqlClient } from '../sql/sql-client';
import { assertMasterKey, unwrapDataKey, wrapDataKey } from './key-wrapping';
import { DATA_KEY_BYTES, PatientDataErasedError, type DataKey, type PatientKeyStore } from './patient-key-store';

// A destroyed key keeps its row, with no key bytes and the time of destruction, so the store can
// tell "erased" from "never had PHI" and rejects a request for a fresh key for an erased patient.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS phi_data_keys (
    patient_id   text PRIMARY KEY,
    wrapped_key  text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz,
    CONSTRAINT phi_data_keys_key_xor_destroyed CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
  );
`;

/** The NOTIFY channel on which a destroyed key's patient id is announced. */
const KEY_DESTROYED_CHANNEL = 'ohip_patient_key_destroyed';

interface KeyRow {
  wrapped_key: string | null;
  destroyed_at: unknown;
}

/** Patient data keys in table phi_data_keys, wrapped with AES-256-GCM under a 32-byte master key. */
export class SqlPatientKeyStore implements PatientKeyStore {
  private constructor(
    private readonly sql: SqlClient,
    private readonly masterKey: Buffer,
  ) {}

  static async create(sql: SqlClient, masterKey: Uint8Array): Promise<SqlPatientKeyStore> {
    assertMasterKey(masterKey);
    await sql.exec(SCHEMA);
    return new SqlPatientKeyStore(sql, Buffer.from(masterKey));
  }

  async getOrCreateDataKey(patientId: string): Promise<DataKey> {
    const candidate = randomBytes(DATA_KEY_BYTES);
    await this.sql.query(
      `INSERT INTO phi_data_keys (patient_id, wrapped_key) VALUES ($1, $2) ON CONFLICT (patient_id) DO NOTHING`,
      [patientId, wrapDataKey(this.masterKey, patientId, candidate)],
    );

    // A separate statement takes a new snapshot, so it reads the row of a concurrent writer that won the insert.
    const row = await this.readRow(patientId);
    if (!row || row.wrapped_key === null) {
      throw new PatientDataErasedError(patientId);
    }
    return unwrapDataKey(this.masterKey, patientId, row.wrapped_key);
  }

  async getDataKey(patientId: string): Promise<DataKey | null> {
    const row = await this.readRow(patientId);
    if (!row || row.wrapped_key === null) {
      return null;
    }
    return unwrapDataKey(this.masterKey, patientId, row.wrapped_key);
  }

  // NOTE: PostgreSQL keeps the old row version, with the wrapped key, until VACUUM reclaims it, and
  // WAL archives and backups keep it longer. Erasure is complete only once those are gone.
  // The notification goes out when the statement commits, to every process that follows
  // destructions, so none of them keeps decrypting with a key it still has in memory.
  async destroyDataKey(patientId: string): Promise<void> {
    await this.sql.query(
      `WITH destroyed AS (
         INSERT INTO phi_data_keys (patient_id, wrapped_key, destroyed_at) VALUES ($1, NULL, now())
         ON CONFLICT (patient_id) DO UPDATE
           SET wrapped_key = NULL, destroyed_at = COALESCE(phi_data_keys.destroyed_at, now())
         RETURNING patient_id
       )
       SELECT pg_notify('${KEY_DESTROYED_CHANNEL}', patient_id) FROM destroyed`,
      [patientId],
    );
  }

  /**
   * Calls onDestroyed with the patient of every key any process destroys from now on, and onGap
   * when some may have been missed. Resolves to a function that stops following, or to
   * undefined on PGlite, where this process makes every destruction itself.
   */
  async followDestructions(onDestroyed: (patientId: string) => void, onGap: () => void): Promise<(() => Promise<void>) | undefined> {
    if (!this.sql.listen) return undefined;
    return this.sql.listen(KEY_DESTROYED_CHANNEL, onDestroyed, onGap);
  }

  private async readRow(patientId: string): Promise<KeyRow | undefined> {
    const { rows } = await this.sql.query<KeyRow>(
      `SELECT wrapped_key, destroyed_at FROM phi_data_keys WHERE patient_id = $1`,
      [patientId],
    );
    return rows[0];
  }
}
