import { Module, type DynamicModule, type INestApplication, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import type { AppConfig } from '../config/config';
import { loggerFor } from '../observability/logger';
import { AccessGuard } from './access.guard';
import { BearerTokenVerifier } from './bearer-token-verifier';
import { DevelopmentIssuer } from './development-issuer';
import { DEVELOPMENT_ISSUER, DevelopmentIssuerController } from './development-issuer.controller';
import { RateLimiter } from './rate-limiter';

/**
 * Sign-in and access control: the global AccessGuard, the token verifier for the configured
 * OpenID Connect issuer, and, without one, the built-in development issuer.
 */
export async function createAuthModule(config: AppConfig): Promise<DynamicModule> {
  const rateLimiter = { provide: RateLimiter, useValue: new RateLimiter(config.security.rateLimit) };
  const guard = { provide: APP_GUARD, useClass: AccessGuard };

  if (config.auth.issuer) {
    const issuer = config.auth.issuer;
    const verifier = new BearerTokenVerifier({
      issuer: () => issuer,
      audience: config.auth.audience,
      keys: config.auth.jwksUrl ? { kind: 'remote', jwksUrl: new URL(config.auth.jwksUrl) } : { kind: 'discovery' },
    });
    return authModule([rateLimiter, guard, { provide: BearerTokenVerifier, useValue: verifier }], []);
  }

  const developmentIssuer = await DevelopmentIssuer.open(config.dataDirectory, config.auth.audience);
  loggerFor('auth').warn(
    { issuer: 'development' },
    'development issuer in use: it signs a token for any identity; set OIDC_ISSUER to use a real OpenID Connect provider',
  );
  const verifier = new BearerTokenVerifier({
    issuer: () => developmentIssuer.issuer,
    audience: config.auth.audience,
    keys: { kind: 'local', jwks: developmentIssuer.jwks() },
  });
  return authModule(
    [rateLimiter, guard, { provide: BearerTokenVerifier, useValue: verifier }, { provide: DEVELOPMENT_ISSUER, useValue: developmentIssuer }],
    [DevelopmentIssuerController],
  );
}

function authModule(providers: Provider[], controllers: DynamicModule['controllers']): DynamicModule {
  @Module({})
  class AuthModule {}
  return { module: AuthModule, providers, controllers };
}

/** Tells the development issuer, when it runs, the URL the server listens on: its tokens' iss claim. */
export function announceServerUrl(app: INestApplication, url: string): void {
  let issuer: DevelopmentIssuer | undefined;
  try {
    issuer = app.get<DevelopmentIssuer>(DEVELOPMENT_ISSUER, { strict: false });
  } catch {
    return; // a configured OpenID Connect issuer runs without the development one
  }
  issuer.useBaseUrl(url);
}
