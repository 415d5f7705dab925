import { randomBytes } from 'node:crypto';

import { DATA_KEY_BYTES, PatientDataErasedError, type DataKey, type PatientKeyStore } from './patient-key-store';

/** A key store in process memory, for unit tests of code that encrypts PHI. Keys are lost on exit. */
export class InMemoryPatientKeyStore implements PatientKeyStore {
  private readonly keys = new Map<string, DataKey | 'destroyed'>();

  getOrCreateDataKey(patientId: string): Promise<DataKey> {
    const existing = this.keys.get(patientId);
    if (existing === 'destroyed') {
      return Promise.reject(new PatientDataErasedError(patientId));
    }
    if (existing) {
      return Promise.resolve(existing);
    }

    const created = randomBytes(DATA_KEY_BYTES);
    this.keys.set(patientId, created);
    return Promise.resolve(created);
  }

  getDataKey(patientId: string): Promise<DataKey | null> {
    const existing = this.keys.get(patientId);
    return Promise.resolve(existing === undefined || existing === 'destroyed' ? null : existing);
  }

  destroyDataKey(patientId: string): Promise<void> {
    this.keys.set(patientId, 'destroyed');
    return Promise.resolve();
  }
}
