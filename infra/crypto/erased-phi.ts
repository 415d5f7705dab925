// Tells read-model code that a value, or some value inside event data, is the marker a PHI field
// reads back as once the patient's data key was destroyed.

export function isErasedPhi(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>).$phi === 'erased';
}

/** True when any value in `data`, at any depth, is an erasure marker. */
export function containsErasedPhi(data: unknown): boolean {
  if (isErasedPhi(data)) return true;
  if (Array.isArray(data)) return data.some(containsErasedPhi);
  if (typeof data === 'object' && data !== null) return Object.values(data).some(containsErasedPhi);
  return false;
}
