import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';

import { DEVELOPMENT_ISSUER } from '../../infra/auth/development-issuer.controller';
import type { DevelopmentIssuer } from '../../infra/auth/development-issuer';
import { ConfigurationError, loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../support/auth';

// Sign-in through the development issuer, the 401 every bad token gets, and the HTTP security
// basics: headers, strict CORS and the rate limit.

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-sign-in-'));
let server: RunningServer;
let issuer: DevelopmentIssuer;

const ALLOWED_ORIGIN = 'https://portal.example.ca';
const RATE_BURST = 60;
const RATE_PER_SECOND = 0.5;

beforeAll(async () => {
  server = await startServer(
    loadConfig({
      OHIP_DATA_DIR: dataDirectory,
      PORT: '0',
      LOG_LEVEL: 'silent',
      OHIP_IMPORT_SHARED_DATA: 'false',
      OHIP_SEED_DEMO_DIRECTORY: 'false',
      OHIP_CORS_ORIGINS: ALLOWED_ORIGIN,
      OHIP_RATE_LIMIT_BURST: String(RATE_BURST),
      OHIP_RATE_LIMIT_PER_SECOND: String(RATE_PER_SECOND),
      OHIP_BEHIND_TLS: 'true',
    }),
  );
  issuer = server.app.get<DevelopmentIssuer>(DEVELOPMENT_ISSUER, { strict: false });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

const PROTECTED = '/api/v1/patients/ee9f8dd8-72d2-4769-8020-89e504b1504b';

async function getWith(route: string, headers: Record<string, string>) {
  const response = await fetch(`${server.url}${route}`, { headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('development issuer', () => {
  it('publishes discovery and keys labelled as development', async () => {
    const discovery = await getWith('/dev-issuer/.well-known/openid-configuration', {});
    const jwks = await getWith('/dev-issuer/jwks.json', {});

    expect(discovery.body).toMatchObject({ issuer: `${server.url}/dev-issuer`, jwks_uri: `${server.url}/dev-issuer/jwks.json`, 'x-ohip-issuer-kind': 'development' });
    expect(jwks.body!.keys).toEqual([expect.objectContaining({ kty: 'EC', crv: 'P-256', alg: 'ES256' })]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
  });

  it('issues an hour-long token that opens the patient\'s own record', async () => {
    const response = await fetch(`${server.url}/dev-issuer/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'patient', patientId: 'sign-in-patient-1' }),
    });
    const token = (await response.json()) as { access_token: string; expires_in: number; issuer_kind: string };

    expect(response.status).toBe(200);
    expect(token).toMatchObject({ expires_in: 3600, issuer_kind: 'development' });
    expect((await getWith('/api/v1/patients/sign-in-patient-1', bearer(token.access_token))).status).toBe(404);
    expect((await getWith('/api/v1/patients/sign-in-patient-2', bearer(token.access_token))).status).toBe(403);
  });

  it('rejects a token request without the role\'s id', async () => {
    const response = await fetch(`${server.url}/dev-issuer/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: 'provider' }) });

    expect(response.status).toBe(400);
  });

  it('serves the sign-in page in English and French', async () => {
    const response = await fetch(`${server.url}/sign-in`);
    const page = await response.text();

    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page).toContain('Development issuer');
    expect(page).toContain('Émetteur de développement');
  });

  it('lists a demo user for every role', async () => {
    const { body } = await getWith('/dev-issuer/users', {});
    const listed = new Set((body!.users as { role: string }[]).map((user) => user.role));

    expect([...listed].sort()).toEqual(['admin', 'analyst', 'auditor', 'patient', 'provider']);
  });
});

describe('bad tokens', () => {
  const claims = { role: 'admin' };

  async function badTokens(): Promise<Record<string, string>> {
    const stranger = await generateKeyPair('ES256');
    const valid = await issuer.sign(claims, { subject: 'bad-token-test', issuedAt: nowSeconds(), expiresAt: nowSeconds() + 600 });
    const [header, , signature] = valid.split('.');
    return {
      expired: await issuer.sign(claims, { subject: 'bad-token-test', issuedAt: nowSeconds() - 7_200, expiresAt: nowSeconds() - 3_600 }),
      malformed: 'not-a-jwt',
      'wrong issuer': await issuer.sign(claims, { subject: 'bad-token-test', issuedAt: nowSeconds(), expiresAt: nowSeconds() + 600, issuer: 'https://issuer.example.ca' }),
      'wrong audience': await issuer.sign(claims, { subject: 'bad-token-test', issuedAt: nowSeconds(), expiresAt: nowSeconds() + 600, audience: 'another-api' }),
      'wrong signature': await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).setSubject('bad-token-test').setIssuer(issuer.issuer).setAudience(issuer.audience).setIssuedAt().setExpirationTime('10m').sign(stranger.privateKey),
      'tampered payload': `${header}.${Buffer.from(JSON.stringify({ sub: 'bad-token-test', role: 'admin', iss: issuer.issuer, aud: issuer.audience, iat: nowSeconds(), exp: nowSeconds() + 99_999 })).toString('base64url')}.${signature}`,
      'alg none': new UnsecuredJWT(claims).setSubject('bad-token-test').setIssuer(issuer.issuer).setAudience(issuer.audience).setIssuedAt().setExpirationTime('10m').encode(),
      'unknown role': await issuer.sign({ role: 'superuser' }, { subject: 'bad-token-test', issuedAt: nowSeconds(), expiresAt: nowSeconds() + 600 }),
      'patient without patient_id': await issuer.sign({ role: 'patient' }, { subject: 'bad-token-test', issuedAt: nowSeconds(), expiresAt: nowSeconds() + 600 }),
    };
  }

  it('answers every bad token with the same 401', async () => {
    const tokens = await badTokens();
    const answers = await Promise.all(Object.entries(tokens).map(async ([kind, token]) => ({ kind, ...(await getWith(PROTECTED, bearer(token))) })));
    const missing = await getWith(PROTECTED, {});
    const bodies = [...answers, { kind: 'missing', ...missing }].map(({ kind, status, body }) => ({ kind, status, body: { ...body, correlationId: undefined } }));

    for (const answer of bodies) {
      expect(answer).toEqual({ kind: answer.kind, status: 401, body: bodies[0]!.body });
    }
    for (const answer of answers) {
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="ohip-forward"/);
    }
    expect(bodies[0]!.body).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/api/v1/patients/:patientId' });
  });

  it('rejects a bad token on a public route too', async () => {
    expect((await getWith('/health', bearer('not-a-jwt'))).status).toBe(401);
  });

  it('rejects a break-glass reason that is too short', async () => {
    const { status, body } = await getWith(PROTECTED, { ...(await authHeaders(server.url, { role: 'admin' })), 'x-break-glass-reason': 'because' });

    expect(status).toBe(422);
    expect(body!.errors).toEqual([{ field: 'X-Break-Glass-Reason', rule: 'must be 10 to 500 characters saying why the record is needed' }]);
  });
});

describe('security basics', () => {
  it('sends the security headers', async () => {
    const { headers } = await getWith('/health', {});

    expect(headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('strict-transport-security')).toContain('max-age=31536000');
  });

  it('allows only the configured origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/api/v1/providers`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight(ALLOWED_ORIGIN);
    const other = await preflight('https://evil.example.com');
    const simple = await getWith('/health', { origin: 'https://evil.example.com' });

    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('names no patient in a problem for a path that names one', async () => {
    const { body } = await getWith('/api/v1/patients/ee9f8dd8-72d2-4769-8020-89e504b1504b/nothing-here', {});

    expect(JSON.stringify(body)).not.toContain('ee9f8dd8');
  });

  it('limits each principal\'s request rate with 429 and Retry-After', async () => {
    const headers = await authHeaders(server.url, { role: 'analyst', subject: 'rate-limited-analyst' });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const started = Date.now();
    for (let index = 0; index < RATE_BURST + 10; index++) {
      const response = await getWith('/api/v1/triage/complaints', headers);
      statuses.push(response.status);
      retryAfter ??= response.headers.get('retry-after');
    }
    const otherPrincipal = await getWith('/api/v1/triage/complaints', await authHeaders(server.url, { role: 'analyst', subject: 'another-analyst' }));

    const refilled = Math.ceil(((Date.now() - started) / 1000) * RATE_PER_SECOND);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(RATE_BURST + refilled);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(otherPrincipal.status).toBe(200);
  });
});

describe('configuration', () => {
  it('refuses production without an OpenID Connect issuer', () => {
    const production = { NODE_ENV: 'production', OHIP_EVENT_STORE: 'postgresql', DATABASE_URL: 'postgres://ohip:ohip@127.0.0.1:5432/ohip', OHIP_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

    expect(() => loadConfig(production)).toThrow(ConfigurationError);
    expect(() => loadConfig(production)).toThrow(/OIDC_ISSUER/);
  });
});
