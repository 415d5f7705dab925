import type { Role } from '../../infra/auth/phi-route';

/** Who a test acts as. */
export interface TestIdentity {
  role: Role;
  patientId?: string;
  providerId?: string;
  /** The token's sub claim; defaults to one derived from the role and id. */
  subject?: string;
  /** Sent as X-Break-Glass-Reason, for a provider or admin reading without a care relationship. */
  breakGlassReason?: string;
}

const tokens = new Map<string, Promise<string>>();

/**
 * The headers a test sends to act as an identity against a running product at baseUrl. Every
 * API test goes through this function, so the way a test signs in is decided in one place: it requests
 * a token from the product's development issuer, as the sign-in page does, and keeps it per product
 * and identity for the test run (tokens live an hour).
 */
export async function authHeaders(baseUrl: string, identity: TestIdentity): Promise<Record<string, string>> {
  const { breakGlassReason, ...signedIn } = identity;
  const key = `${baseUrl} ${JSON.stringify(signedIn)}`;
  let token = tokens.get(key);
  if (!token) {
    token = requestToken(baseUrl, signedIn);
    tokens.set(key, token);
    token.catch(() => tokens.delete(key));
  }

  return {
    authorization: `Bearer ${await token}`,
    ...(breakGlassReason === undefined ? {} : { 'x-break-glass-reason': breakGlassReason }),
  };
}

async function requestToken(baseUrl: string, identity: Omit<TestIdentity, 'breakGlassReason'>): Promise<string> {
  const response = await fetch(`${baseUrl}/dev-issuer/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(identity),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || typeof body.access_token !== 'string') {
    throw new Error(`the development issuer at ${baseUrl} refused a token for ${JSON.stringify(identity)}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.access_token;
}
