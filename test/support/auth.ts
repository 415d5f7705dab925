import type { Role } from '../../infra/auth/phi-route';

/** Who a test acts as. */
export interface TestIdentity {
  role: Role;
  patientId?: string;
  providerId?: string;
}

/**
 * The headers a test sends to act as an identity against a running product at baseUrl. Every
 * API test goes through this function, so the way a test signs in is decided in one place.
 *
 * NOTE: until sign-in exists a patient is named by the development header and the other roles
 * send nothing, so tests cannot yet tell one role from another.
 */
export async function authHeaders(_baseUrl: string, identity: TestIdentity): Promise<Record<string, string>> {
  return identity.role === 'patient' && identity.patientId ? { 'x-acting-patient-id': identity.patientId } : {};
}
