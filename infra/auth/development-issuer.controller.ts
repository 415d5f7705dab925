import { readFileSync } from 'node:fs';

import { Body, Controller, Get, Header, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';

import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { repositoryPath } from '../config/shared-data';
import { DEMO_USERS } from './demo-users';
import { DEVELOPMENT_ISSUER_PATH, DevelopmentIssuer, TOKEN_LIFETIME_SECONDS } from './development-issuer';
import { Public } from './route-access';

// The development issuer's endpoints and its sign-in page. The module registers this controller
// only when no OIDC_ISSUER is configured, and configuration refuses that in production.

export const DEVELOPMENT_ISSUER = Symbol('DevelopmentIssuer');

const identifier = z.string().regex(/^[A-Za-z0-9\-_.:]{1,100}$/, 'must be 1 to 100 letters, digits, "-", "_", "." or ":"');

const tokenRequest = z
  .discriminatedUnion('role', [
    z.object({ role: z.literal('patient'), patientId: identifier, subject: identifier.optional() }).strict(),
    z.object({ role: z.literal('provider'), providerId: identifier, subject: identifier.optional() }).strict(),
    z.object({ role: z.enum(['admin', 'analyst', 'auditor']), subject: identifier.optional() }).strict(),
  ]);

type TokenRequest = z.infer<typeof tokenRequest>;

/** The page's script and styles are inline, so the policy allows them and nothing from elsewhere. */
const SIGN_IN_PAGE_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

@Public()
@Controller()
export class DevelopmentIssuerController {
  private readonly page = readFileSync(repositoryPath('web', 'sign-in.html'), 'utf8');

  constructor(@Inject(DEVELOPMENT_ISSUER) private readonly issuer: DevelopmentIssuer) {}

  @Get(`${DEVELOPMENT_ISSUER_PATH}/.well-known/openid-configuration`)
  discovery() {
    return this.issuer.discoveryDocument();
  }

  @Get(`${DEVELOPMENT_ISSUER_PATH}/jwks.json`)
  jwks() {
    return this.issuer.jwks();
  }

  @Get(`${DEVELOPMENT_ISSUER_PATH}/users`)
  users() {
    return { issuerKind: 'development', tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS, users: DEMO_USERS };
  }

  /** Signs a token for the identity in the body; in a real deployment the OpenID Connect provider does this after a sign-in. */
  @Post(`${DEVELOPMENT_ISSUER_PATH}/token`)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  token(@Body(new ZodValidationPipe(tokenRequest)) body: TokenRequest) {
    const subject = body.subject ?? defaultSubject(body);
    return this.issuer.issue({
      subject,
      role: body.role,
      ...(body.role === 'patient' ? { patientId: body.patientId } : {}),
      ...(body.role === 'provider' ? { providerId: body.providerId } : {}),
    });
  }

  @Get('sign-in')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', SIGN_IN_PAGE_POLICY)
  signInPage(): string {
    return this.page;
  }
}

function defaultSubject(body: TokenRequest): string {
  if (body.role === 'patient') return `patient-${body.patientId}`;
  if (body.role === 'provider') return `provider-${body.providerId}`;
  return `demo-${body.role}`;
}
