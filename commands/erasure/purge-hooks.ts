// Caches outside the read models that may hold a patient's data (a triage conversation kept in
// Redis) register a hook here, and the patient's erasure calls each of them.

export type PatientPurgeHook = (patientId: string) => Promise<void>;

const hooks = new Map<string, PatientPurgeHook>();

/** Registers a cache's purge under its name; registering the same name again replaces it. */
export function registerPatientPurgeHook(name: string, hook: PatientPurgeHook): void {
  hooks.set(name, hook);
}

export function patientPurgeHooks(): [string, PatientPurgeHook][] {
  return [...hooks.entries()];
}
