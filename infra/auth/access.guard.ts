import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';

import { ForbiddenError, UnavailableError, ValidationError } from '../../domain/shared/errors';
import type { EventStore } from '../event-store/event-store.port';
import { loggerFor, requestScope } from '../observability/logger';
import type { SqlClient } from '../sql/sql-client';
import { EVENT_STORE, READ_MODEL_SQL } from '../tokens';
import { hasCareRelationship, isWithheldByConsent } from './access-facts';
import { BREAK_GLASS_REASON, decideAccess, NO_FACTS, type AccessDecision, type AccessFacts, type RouteAccess } from './access-policy';
import { signInRequired, TooManyRequestsError, WWW_AUTHENTICATE } from './auth-errors';
import { BearerTokenVerifier, InvalidTokenError } from './bearer-token-verifier';
import { ACCESS_AUDITOR, NO_SINGLE_PATIENT, PHI_ROUTE, type AccessAuditor, type PhiRouteOptions, type Principal, type Role } from './phi-route';
import { attachAccessGrant, attachPrincipal } from './principal';
import { RateLimiter } from './rate-limiter';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './route-access';
import { routeTemplateOf } from './route-template';

export const BREAK_GLASS_HEADER = 'x-break-glass-reason';

/**
 * Roles for routes that other contexts add without @Roles, by route prefix: the audit API is the
 * auditors'. Any other undecorated route is open to admins only.
 */
const DEFAULT_ROLES_BY_PREFIX: readonly [string, readonly Role[]][] = [['/api/v1/audit', ['auditor']]];

const logger = loggerFor('access');

/**
 * The global guard: verifies the bearer token, limits the request rate, and decides each route by
 * its @Public, @Roles and @PhiRoute metadata. The guard hands a denied attempt on a PHI route
 * (401 or 403) to the access auditor. The audit interceptor records an allowed one after the
 * handler, with the grant this guard attaches to the request.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: BearerTokenVerifier,
    private readonly rateLimiter: RateLimiter,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(ACCESS_AUDITOR) private readonly auditor?: AccessAuditor,
  ) {
    if (!auditor) {
      logger.warn('no access auditor is registered, so reads of PHI are not recorded');
    }
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const route = this.routeAccessOf(context, request);
    const phi = this.reflector.getAllAndOverride<PhiRouteOptions | undefined>(PHI_ROUTE, [context.getHandler(), context.getClass()]);

    let principal: Principal | undefined;
    try {
      principal = await this.authenticate(request, route.isPublic);
    } catch (error) {
      // Rejected tokens count against the caller's address, so guessing tokens is rate limited too.
      this.limitRate(request, response, undefined);
      throw error;
    }
    this.limitRate(request, response, principal);
    if (principal) attachPrincipal(request, principal);

    let facts = NO_FACTS;
    if (phi) {
      facts = principal ? await this.factsFor(request, principal, phi) : { ...NO_FACTS, patientId: await this.patientOf(request, phi) };
    }
    const decision = decideAccess(route, principal, facts);
    if (decision.result === 'allowed') {
      // The audit interceptor records allowed reads once the handler returns, and it reads the
      // break-glass reason from this grant.
      if (phi) attachAccessGrant(request, { breakGlassReason: decision.breakGlassReason });
      return true;
    }
    if (phi) await this.record(request, principal, phi, facts, decision);

    if (decision.status === 401) {
      response.setHeader('WWW-Authenticate', WWW_AUTHENTICATE);
      throw signInRequired();
    }
    throw new ForbiddenError(`Access denied: ${decision.reason}.`);
  }

  private routeAccessOf(context: ExecutionContext, request: Request): RouteAccess {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const phi = this.reflector.getAllAndOverride<PhiRouteOptions | undefined>(PHI_ROUTE, targets);
    const template = routeTemplateOf(request);
    const roles =
      this.reflector.getAllAndOverride<Role[] | undefined>(ROUTE_ROLES, targets) ??
      DEFAULT_ROLES_BY_PREFIX.find(([prefix]) => template.startsWith(prefix))?.[1];
    return { isPublic, roles, phi: phi ? { resource: phi.resource, population: phi.population, purpose: phi.purpose } : undefined };
  }

  /** Verifies the bearer token and returns its principal, or undefined without one. A bad token is a 401 even on a public route. */
  private async authenticate(request: Request, isPublic: boolean): Promise<Principal | undefined> {
    const header = request.header('authorization');
    if (header === undefined) return undefined;

    const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(header);
    try {
      if (!match?.[1]) throw new InvalidTokenError('not a bearer token');
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) {
        logger.error({ err: error }, 'bearer token verification failed: the issuer keys could not be loaded');
        throw new UnavailableError('The identity provider could not be reached to verify the token; retry shortly.');
      }
      logger.info({ reason: error.reason, route: routeTemplateOf(request), publicRoute: isPublic }, 'bearer token rejected');
      request.res?.setHeader('WWW-Authenticate', `${WWW_AUTHENTICATE}, error="invalid_token"`);
      throw signInRequired();
    }
  }

  private limitRate(request: Request, response: Response, principal: Principal | undefined): void {
    const client = principal ? `principal:${principal.subject}` : `address:${request.ip ?? 'unknown'}`;
    const decision = this.rateLimiter.take(client, Date.now());
    if (!decision.allowed) {
      response.setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw new TooManyRequestsError(decision.retryAfterSeconds);
    }
  }

  private async factsFor(request: Request, principal: Principal, phi: PhiRouteOptions): Promise<AccessFacts> {
    const patientId = await this.patientOf(request, phi);
    const breakGlassReason = breakGlassReasonOf(request);
    const provider = principal.role === 'provider' && principal.providerId && patientId !== undefined ? principal.providerId : undefined;

    return {
      patientId,
      careRelationship: provider ? await hasCareRelationship(this.sql, provider, patientId!) : false,
      withheldByConsent: provider ? await isWithheldByConsent(this.sql, patientId!, provider, phi.resource) : false,
      breakGlassReason,
    };
  }

  private async patientOf(request: Request, phi: PhiRouteOptions): Promise<string | undefined> {
    if (phi.population) return undefined;
    return phi.patientFrom(request) ?? (await phi.resolvePatient?.(request, { sql: this.sql, store: this.store }));
  }

  private async record(request: Request, principal: Principal | undefined, phi: PhiRouteOptions, facts: AccessFacts, decision: Extract<AccessDecision, { result: 'denied' }>): Promise<void> {
    if (!this.auditor) return;
    try {
      await this.auditor.record({
        actor: principal?.subject ?? 'anonymous',
        role: principal?.role ?? 'anonymous',
        purpose: phi.purpose ?? 'treatment',
        patientId: facts.patientId ?? NO_SINGLE_PATIENT,
        resource: phi.resource,
        route: routeTemplateOf(request),
        result: decision.result,
        correlationId: requestScope.getStore()?.correlationId ?? 'none',
        accessedAt: new Date().toISOString(),
      });
    } catch (error) {
      // The attempt is refused either way; the failure to record it is logged for the operators.
      logger.error({ err: error, route: routeTemplateOf(request), resource: phi.resource }, 'denied access could not be recorded');
    }
  }
}

/** Reads the break-glass reason, or undefined without the header. A reason of the wrong length is a 422. */
function breakGlassReasonOf(request: Request): string | undefined {
  const reason = request.header(BREAK_GLASS_HEADER)?.trim();
  if (reason === undefined) return undefined;
  if (reason.length < BREAK_GLASS_REASON.minLength || reason.length > BREAK_GLASS_REASON.maxLength) {
    throw ValidationError.forField('X-Break-Glass-Reason', `must be ${BREAK_GLASS_REASON.minLength} to ${BREAK_GLASS_REASON.maxLength} characters saying why the record is needed`);
  }
  return reason;
}
