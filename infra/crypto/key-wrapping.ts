import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { DATA_KEY_BYTES, type DataKey } from './patient-key-store';

// Data keys rest in the database encrypted ("wrapped") under one master key from configuration,
// so a copy of the database alone does not reveal any PHI. The patient id is authenticated with
// the key, so a wrapped key copied onto another patient's row fails to unwrap.

const IV_BYTES = 12;
const TAG_BYTES = 16;
const MASTER_KEY_BYTES = 32;

export function assertMasterKey(masterKey: Uint8Array): void {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new Error(
      `the PHI master key is ${masterKey.length} bytes long but AES-256 needs ${MASTER_KEY_BYTES}. ` +
        'Generate one with `openssl rand -base64 32`',
    );
  }
}

/** Encrypts a data key under the master key. The result is base64 of IV, tag and ciphertext, in that order. */
export function wrapDataKey(masterKey: Uint8Array, patientId: string, dataKey: DataKey): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(wrappingAad(patientId));

  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

export function unwrapDataKey(masterKey: Uint8Array, patientId: string, wrapped: string): DataKey {
  const bytes = Buffer.from(wrapped, 'base64');
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const ciphertext = bytes.subarray(IV_BYTES + TAG_BYTES);

  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv);
    decipher.setAAD(wrappingAad(patientId));
    decipher.setAuthTag(tag);
    const dataKey = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    if (dataKey.length !== DATA_KEY_BYTES) {
      throw new Error(`unwrapped key is ${dataKey.length} bytes`);
    }
    return dataKey;
  } catch (cause) {
    throw new Error(
      `the wrapped data key of patient ${patientId} failed to unwrap: the master key is not the one it ` +
        'was wrapped with, or the row was altered or copied from another patient',
      { cause },
    );
  }
}

function wrappingAad(patientId: string): Buffer {
  return Buffer.from(JSON.stringify(['phi_data_keys', 'v1', patientId]), 'utf8');
}
