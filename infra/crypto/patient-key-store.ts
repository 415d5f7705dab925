// Crypto-shredding keeps one data key per patient and encrypts their PHI in events under it.
// Destroying the key makes every copy of that ciphertext unreadable (events, their backups and
// replicas), while the events themselves stay in the append-only store.

/** A 256-bit AES key, unwrapped and ready for node:crypto. */
export type DataKey = Buffer;

export const DATA_KEY_BYTES = 32;

export interface PatientKeyStore {
  /** Returns the patient's data key and creates it on first use. Throws PatientDataErasedError once it was destroyed. */
  getOrCreateDataKey(patientId: string): Promise<DataKey>;

  /** Returns the patient's data key, or null when it was destroyed or never created. */
  getDataKey(patientId: string): Promise<DataKey | null>;

  /** Destroys the patient's data key for good, so their encrypted PHI can no longer be read. Idempotent. */
  destroyDataKey(patientId: string): Promise<void>;
}

/** A request to encrypt new PHI for a patient whose data key was destroyed. */
export class PatientDataErasedError extends Error {
  constructor(readonly patientId: string) {
    super(
      `the data key of patient ${patientId} was destroyed, so their PHI was erased and no new PHI can be ` +
        'encrypted for them. Register the person again under a new patient id',
    );
    this.name = 'PatientDataErasedError';
  }
}
