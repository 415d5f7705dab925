import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { exportJWK, generateKeyPair, importJWK, SignJWT, type JSONWebKeySet, type JWK, type KeyLike } from 'jose';

import type { Principal } from './phi-route';

// The built-in OpenID Connect issuer of the embedded product. It signs a token for any identity
// it is asked for, which is what demos and tests need and why configuration refuses it in
// production. Its ES256 key is kept in the data directory, so tokens survive a restart.

export const DEVELOPMENT_ISSUER_PATH = '/dev-issuer';

/** Access tokens are short-lived; a client signs in again after an hour. */
export const TOKEN_LIFETIME_SECONDS = 3_600;

const ALGORITHM = 'ES256';

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  /** Tells a client that this token came from the development issuer, not a real one. */
  issuer_kind: 'development';
}

export class DevelopmentIssuer {
  private baseUrl: string | undefined;

  private constructor(
    private readonly privateKey: KeyLike,
    private readonly publicJwk: JWK,
    readonly audience: string,
  ) {}

  /** Loads the signing key from the data directory, creating it on the first start. */
  static async open(dataDirectory: string, audience: string): Promise<DevelopmentIssuer> {
    const keyFile = path.join(dataDirectory, 'dev-issuer', 'signing-key.jwk.json');
    let privateJwk: JWK;
    if (existsSync(keyFile)) {
      privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
    } else {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALGORITHM, use: 'sig' };
      mkdirSync(path.dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
    }

    const { d: _private, ...publicJwk } = privateJwk;
    const privateKey = (await importJWK(privateJwk, ALGORITHM)) as KeyLike;
    return new DevelopmentIssuer(privateKey, publicJwk, audience);
  }

  /** Sets the issuer URL once the server listens; a token's iss claim is this URL. */
  useBaseUrl(serverUrl: string): void {
    this.baseUrl = `${serverUrl}${DEVELOPMENT_ISSUER_PATH}`;
  }

  get issuer(): string {
    if (!this.baseUrl) {
      throw new Error('the development issuer has no URL yet; call useBaseUrl once the server listens');
    }
    return this.baseUrl;
  }

  jwks(): JSONWebKeySet {
    return { keys: [this.publicJwk] };
  }

  discoveryDocument() {
    return {
      issuer: this.issuer,
      jwks_uri: `${this.issuer}/jwks.json`,
      token_endpoint: `${this.issuer}/token`,
      authorization_endpoint: `${this.baseUrl?.replace(DEVELOPMENT_ISSUER_PATH, '')}/sign-in`,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [ALGORITHM],
      claims_supported: ['sub', 'role', 'patient_id', 'provider_id'],
      'x-ohip-issuer-kind': 'development',
      'x-ohip-warning': 'development issuer: it signs a token for any identity and is refused in production',
    };
  }

  /** Signs an access token for the principal, valid from `now` for TOKEN_LIFETIME_SECONDS. */
  async issue(principal: Principal, now: Date = new Date(), lifetimeSeconds = TOKEN_LIFETIME_SECONDS): Promise<IssuedToken> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const claims = {
      role: principal.role,
      ...(principal.patientId ? { patient_id: principal.patientId } : {}),
      ...(principal.providerId ? { provider_id: principal.providerId } : {}),
    };
    const token = await this.sign(claims, { subject: principal.subject, issuedAt, expiresAt: issuedAt + lifetimeSeconds });
    return { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds, issuer_kind: 'development' };
  }

  /**
   * Signs arbitrary claims with the issuer's key; tests use it to build expired or mis-addressed
   * tokens that only the checks after the signature can reject.
   */
  sign(
    claims: Record<string, unknown>,
    options: { subject: string; issuedAt: number; expiresAt: number; issuer?: string; audience?: string },
  ): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: ALGORITHM, kid: this.publicJwk.kid, typ: 'at+jwt' })
      .setSubject(options.subject)
      .setIssuer(options.issuer ?? this.issuer)
      .setAudience(options.audience ?? this.audience)
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresAt)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }
}
