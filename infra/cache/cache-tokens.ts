// Injection tokens of the Redis caches. Each resolves to null when OHIP_REDIS_CACHES is off, so
// the code that uses a cache also runs without one.

/** The AvailabilityCache, or null. */
export const AVAILABILITY_CACHE = Symbol('AvailabilityCache');

/** The TriageSessionCache, or null; the erasure of a patient calls its purgePatient. */
export const TRIAGE_SESSION_CACHE = Symbol('TriageSessionCache');
