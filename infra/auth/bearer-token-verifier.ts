import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import type { Principal, Role } from './phi-route';
import { ALL_ROLES } from './route-access';

// Verifies OpenID Connect access tokens: signature against the issuer's JWKS, issuer, audience,
// expiry, and the claims that make a principal. Every failure is the same InvalidTokenError, so
// no 401 reveals which check failed.

/** Asymmetric algorithms only: "none" and HMAC tokens are rejected before any key is looked up. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'RS256'];

/** Leeway for clocks that differ between the issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 30;

const IDENTIFIER = /^[A-Za-z0-9\-_.:]{1,200}$/;

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`bearer token rejected: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

export interface TokenVerifierSettings {
  /** The expected iss claim; a function because the development issuer's URL is known only once the server listens. */
  issuer: () => string;
  audience: string;
  /** The issuer's key set, or where to find it. */
  keys: { kind: 'local'; jwks: JSONWebKeySet } | { kind: 'remote'; jwksUrl: URL } | { kind: 'discovery' };
}

export class BearerTokenVerifier {
  private keySet: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly settings: TokenVerifierSettings) {}

  async verify(token: string): Promise<Principal> {
    const keys = await this.keys();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.settings.issuer(),
        audience: this.settings.audience,
        algorithms: ACCEPTED_ALGORITHMS,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw new InvalidTokenError(error instanceof Error ? error.name : 'unreadable');
    }
    return principalFromClaims(payload);
  }

  private keys(): Promise<JWTVerifyGetKey> {
    this.keySet ??= this.loadKeySet().catch((error: unknown) => {
      // A failed discovery is retried on the next request instead of failing every request after.
      this.keySet = undefined;
      throw error;
    });
    return this.keySet;
  }

  private async loadKeySet(): Promise<JWTVerifyGetKey> {
    const { keys } = this.settings;
    if (keys.kind === 'local') return createLocalJWKSet(keys.jwks);
    if (keys.kind === 'remote') return createRemoteJWKSet(keys.jwksUrl);
    return createRemoteJWKSet(await discoverJwksUrl(this.settings.issuer()));
  }
}

/** Reads jwks_uri from the issuer's OpenID Connect discovery document. */
export async function discoverJwksUrl(issuer: string): Promise<URL> {
  const discoveryUrl = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    throw new Error(`OpenID Connect discovery at ${discoveryUrl} failed with HTTP ${response.status}; check OIDC_ISSUER or set OIDC_JWKS_URL`);
  }
  const document = (await response.json()) as { jwks_uri?: unknown };
  if (typeof document.jwks_uri !== 'string') {
    throw new Error(`OpenID Connect discovery at ${discoveryUrl} has no jwks_uri; set OIDC_JWKS_URL`);
  }
  return new URL(document.jwks_uri);
}

/** Maps verified claims to a principal: sub, role, and patient_id or provider_id for those roles. */
export function principalFromClaims(claims: JWTPayload): Principal {
  const { sub, role } = claims;
  if (typeof sub !== 'string' || !IDENTIFIER.test(sub)) throw new InvalidTokenError('sub claim missing or malformed');
  if (typeof role !== 'string' || !ALL_ROLES.includes(role as Role)) throw new InvalidTokenError('role claim missing or unknown');

  const principal: Principal = { subject: sub, role: role as Role };
  if (role === 'patient') {
    principal.patientId = requiredIdentifier(claims.patient_id, 'patient_id');
  }
  if (role === 'provider') {
    principal.providerId = requiredIdentifier(claims.provider_id, 'provider_id');
  }
  return principal;
}

function requiredIdentifier(value: unknown, claim: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) throw new InvalidTokenError(`${claim} claim missing or malformed`);
  return value;
}
