import type { DataKey, PatientKeyStore } from './patient-key-store';

// Every encrypted event needs its patient's data key, and the import writes thousands of events
// per patient, so keys are kept in memory for a short time instead of being read for each event.

const DEFAULT_TTL_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 10_000;

interface CachedKey {
  key: DataKey | null;
  expiresAt: number;
}

/**
 * A PatientKeyStore that keeps keys for `ttlMs`. Destroying a key drops it from this process's
 * cache at once, and forget() drops a key another process destroyed.
 */
export class CachedPatientKeyStore implements PatientKeyStore {
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly inner: PatientKeyStore,
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

  async getOrCreateDataKey(patientId: string): Promise<DataKey> {
    const cached = this.fresh(patientId);
    if (cached?.key) {
      return cached.key;
    }
    const key = await this.inner.getOrCreateDataKey(patientId);
    this.remember(patientId, key);
    return key;
  }

  async getDataKey(patientId: string): Promise<DataKey | null> {
    const cached = this.fresh(patientId);
    if (cached) {
      return cached.key;
    }
    // A missing key is not kept: it may mean "not created yet" as well as "destroyed".
    const key = await this.inner.getDataKey(patientId);
    if (key) this.remember(patientId, key);
    return key;
  }

  async destroyDataKey(patientId: string): Promise<void> {
    this.cache.delete(patientId);
    await this.inner.destroyDataKey(patientId);
    this.cache.set(patientId, { key: null, expiresAt: Date.now() + this.ttlMs });
  }

  /** Drops a key that another process destroyed. */
  forget(patientId: string): void {
    this.cache.set(patientId, { key: null, expiresAt: Date.now() + this.ttlMs });
  }

  /** Drops every key, after destructions may have been missed. */
  forgetAll(): void {
    this.cache.clear();
  }

  private fresh(patientId: string): CachedKey | undefined {
    const cached = this.cache.get(patientId);
    if (cached && cached.expiresAt > Date.now()) {
      return cached;
    }
    this.cache.delete(patientId);
    return undefined;
  }

  private remember(patientId: string, key: DataKey | null): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(patientId, { key, expiresAt: Date.now() + this.ttlMs });
  }
}
