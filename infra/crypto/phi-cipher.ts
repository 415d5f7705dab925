import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import type { EventDefinition } from '../../domain/shared/events';
import type { DataKey, PatientKeyStore } from './patient-key-store';
import { phiPathDepth, replaceAtPhiPath } from './phi-paths';

// Encrypts the PHI fields of event data under the patient's data key before the event is stored,
// and decrypts them on read. Each value becomes an envelope that names its format version, so the
// scheme can change without rewriting old events.

export interface PhiEnvelope {
  $phi: 'v1';
  iv: string;
  ct: string;
  tag: string;
}

/** The value of every PHI field once the patient's data key was destroyed. */
export interface ErasedPhi {
  $phi: 'erased';
}

export const ERASED_PHI: Readonly<ErasedPhi> = Object.freeze({ $phi: 'erased' });

const IV_BYTES = 12;

/** A PHI value that failed authentication: it was altered, or moved from another patient or field. */
export class PhiDecryptionError extends Error {
  constructor(
    readonly patientId: string,
    readonly path: string,
    cause?: unknown,
  ) {
    super(
      `PHI field "${path}" of patient ${patientId} failed to decrypt: the ciphertext was altered, or it ` +
        'was copied from another patient or field. Restore the event from a backup',
      { cause },
    );
    this.name = 'PhiDecryptionError';
  }
}

export class PhiCipher {
  constructor(private readonly keys: PatientKeyStore) {}

  /** Returns a copy of `data` with every PHI value of `definition` encrypted. The input is not changed. */
  async encryptFields<Data>(definition: EventDefinition, data: Data, patientId: string): Promise<Data> {
    const paths = orderedPaths(definition);
    if (paths.length === 0) {
      return data;
    }

    const key = await this.keys.getOrCreateDataKey(patientId);
    const copy = structuredClone(data);
    for (const path of paths) {
      replaceAtPhiPath(copy, path, (value) => encryptValue(key, patientId, path, value));
    }
    return copy;
  }

  /**
   * Returns a copy of `data` with every PHI value of `definition` decrypted, or replaced by
   * `{ "$phi": "erased" }` when the patient's data key was destroyed. Throws PhiDecryptionError
   * for a value that fails authentication.
   */
  async decryptFields<Data>(definition: EventDefinition, data: Data, patientId: string): Promise<Data> {
    const paths = orderedPaths(definition).reverse();
    if (paths.length === 0) {
      return data;
    }

    const key = await this.keys.getDataKey(patientId);
    const copy = structuredClone(data);
    for (const path of paths) {
      replaceAtPhiPath(copy, path, (value) => decryptValue(key, patientId, path, value));
    }
    return copy;
  }
}

/**
 * Orders paths deepest first, so when "name" and "name.family" are both PHI the outer envelope
 * wraps the inner one. At equal depth "tags[]" comes before "tags" for the same reason.
 */
function orderedPaths(definition: EventDefinition): string[] {
  return [...new Set(definition.phiFields)].sort((a, b) => phiPathDepth(b) - phiPathDepth(a) || b.length - a.length);
}

function encryptValue(key: DataKey, patientId: string, path: string, value: unknown): PhiEnvelope {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(fieldAad(patientId, path));

  const plaintext = Buffer.from(JSON.stringify(value), 'utf8');
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    $phi: 'v1',
    iv: iv.toString('base64'),
    ct: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
  };
}

function decryptValue(key: DataKey | null, patientId: string, path: string, value: unknown): unknown {
  if (isErased(value)) {
    return value;
  }
  if (!isEnvelope(value)) {
    throw new Error(
      `PHI field "${path}" of patient ${patientId} is not an encrypted envelope. The event was stored ` +
        'without encryption, or its definition lists a field that was never encrypted',
    );
  }
  if (key === null) {
    return { ...ERASED_PHI };
  }

  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(value.iv, 'base64'));
    decipher.setAAD(fieldAad(patientId, path));
    decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
    const plaintext = Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64')), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8'));
  } catch (cause) {
    throw new PhiDecryptionError(patientId, path, cause);
  }
}

// Binding the patient and the declared path into the tag stops a ciphertext from being replayed
// under another patient or field. The declared path, not an array index, is used, so reordering
// elements of one PHI array is not detected.
function fieldAad(patientId: string, path: string): Buffer {
  return Buffer.from(JSON.stringify(['phi', 'v1', patientId, path]), 'utf8');
}

function isEnvelope(value: unknown): value is PhiEnvelope {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return candidate.$phi === 'v1' && typeof candidate.iv === 'string' && typeof candidate.ct === 'string' && typeof candidate.tag === 'string';
}

function isErased(value: unknown): value is ErasedPhi {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).$phi === 'erased';
}
