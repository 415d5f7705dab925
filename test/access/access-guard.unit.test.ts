import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import fc from 'fast-check';

import { ForbiddenError, UnauthorizedError } from '../../domain/shared/errors';
import { AccessGuard } from '../../infra/auth/access.guard';
import { BearerTokenVerifier, InvalidTokenError } from '../../infra/auth/bearer-token-verifier';
import { patientFromParam } from '../../infra/auth/patient-from';
import { PHI_ROUTE, type AccessEntry, type PhiRouteOptions, type Principal, type Role } from '../../infra/auth/phi-route';
import { accessGrantOf } from '../../infra/auth/principal';
import { RateLimiter } from '../../infra/auth/rate-limiter';
import { ROUTE_ROLES } from '../../infra/auth/route-access';
import type { SqlClient } from '../../infra/sql/sql-client';

// The access guard itself, with its token verifier, read models and auditor replaced by fakes:
// random callers on random PHI routes, and what it hands to the auditor.

/** Tokens in these tests are the principal's JSON; anything else is a bad token. */
class JsonTokenVerifier {
  verify(token: string): Promise<Principal> {
    try {
      return Promise.resolve(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Principal);
    } catch {
      return Promise.reject(new InvalidTokenError('unreadable'));
    }
  }
}

const tokenFor = (principal: Principal) => Buffer.from(JSON.stringify(principal)).toString('base64url');

interface World {
  careRelationships: Set<string>;
  consentWithheld: Set<string>;
}

function fakeSql(world: World): SqlClient {
  return {
    query: (text: string, params: unknown[] = []) => {
      const key = `${String(params[0])}|${String(params[1])}`;
      if (text.includes('rm_care_relationships')) return Promise.resolve({ rows: world.careRelationships.has(key) ? [{}] : [] });
      if (text.includes('rm_consent')) return Promise.resolve({ rows: world.consentWithheld.has(`${String(params[0])}|${String(params[1])}`) ? [{}] : [] });
      return Promise.resolve({ rows: [] });
    },
  } as unknown as SqlClient;
}

function guardWith(world: World, entries: AccessEntry[]): AccessGuard {
  return new AccessGuard(
    new Reflector(),
    new JsonTokenVerifier() as unknown as BearerTokenVerifier,
    new RateLimiter({ burst: 1_000_000, perSecond: 1_000_000 }),
    fakeSql(world),
    { readStream: () => Promise.resolve([]) } as never,
    { record: (entry: AccessEntry) => Promise.resolve(void entries.push(entry)) },
  );
}

function routeHandler(options: PhiRouteOptions, roles?: Role[]): () => void {
  const handler = () => undefined;
  Reflect.defineMetadata(PHI_ROUTE, options, handler);
  if (roles) Reflect.defineMetadata(ROUTE_ROLES, roles, handler);
  return handler;
}

function contextFor(handler: () => void, patientId: string, headers: Record<string, string>): { context: ExecutionContext; request: Request } {
  const response = { setHeader: () => undefined } as unknown as Response;
  const request = {
    header: (name: string) => headers[name.toLowerCase()],
    params: { patientId },
    query: {},
    baseUrl: '',
    route: { path: '/api/v1/patients/:patientId/things' },
    ip: '127.0.0.1',
    res: response,
  } as unknown as Request;
  const context = {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  return { context, request };
}

const patientIds = fc.constantFrom('p-1', 'p-2', 'p-3');
const providerIds = fc.constantFrom('d-1', 'd-2');
const role = fc.constantFrom<Role>('patient', 'provider', 'admin', 'analyst', 'auditor');
const principal: fc.Arbitrary<Principal> = fc.record({ role, subject: fc.constantFrom('u-1', 'u-2'), patientId: patientIds, providerId: providerIds }).map(({ role: chosen, subject, patientId, providerId }) => ({
  subject,
  role: chosen,
  ...(chosen === 'patient' ? { patientId } : {}),
  ...(chosen === 'provider' ? { providerId } : {}),
}));
const route = fc.record({
  resource: fc.constantFrom('Patient', 'Appointment', 'TriageAssessment', 'Consent'),
  purpose: fc.constantFrom('treatment', 'audit'),
  roles: fc.option(fc.subarray<Role>(['patient', 'provider', 'admin', 'analyst', 'auditor'], { minLength: 1 }), { nil: undefined }),
});
const world: fc.Arbitrary<World> = fc.record({
  careRelationships: fc.subarray(['d-1|p-1', 'd-1|p-2', 'd-2|p-3', 'd-2|p-1']).map((pairs) => new Set(pairs)),
  consentWithheld: fc.subarray(['p-1|d-1', 'p-2|d-1', 'p-3|d-2']).map((pairs) => new Set(pairs)),
});
const breakGlass = fc.option(fc.constant('emergency: patient unconscious in the ED'), { nil: undefined });

async function outcomeOf(promise: Promise<boolean>): Promise<'allowed' | 'forbidden' | 'unauthorized'> {
  try {
    return (await promise) ? 'allowed' : 'forbidden';
  } catch (error) {
    if (error instanceof ForbiddenError) return 'forbidden';
    if (error instanceof UnauthorizedError) return 'unauthorized';
    throw error;
  }
}

describe('access guard', () => {
  it('never allows a patient another patient\'s record', async () => {
    await fc.assert(
      fc.asyncProperty(principal, route, world, patientIds, breakGlass, async (caller, chosen, facts, target, reason) => {
        fc.pre(caller.role === 'patient' && caller.patientId !== target);
        const entries: AccessEntry[] = [];
        const handler = routeHandler({ resource: chosen.resource, purpose: chosen.purpose, patientFrom: patientFromParam('patientId') }, chosen.roles);
        const { context } = contextFor(handler, target, { authorization: `Bearer ${tokenFor(caller)}`, ...(reason ? { 'x-break-glass-reason': reason } : {}) });

        expect(await outcomeOf(guardWith(facts, entries).canActivate(context))).toBe('forbidden');
        expect(entries).toEqual([expect.objectContaining({ actor: caller.subject, role: 'patient', patientId: target, result: 'denied', route: '/api/v1/patients/:patientId/things' })]);
      }),
      { numRuns: 300 },
    );
  });

  it('allows a provider only in care and within consent, or by break-glass', async () => {
    await fc.assert(
      fc.asyncProperty(principal, route, world, patientIds, breakGlass, async (caller, chosen, facts, target, reason) => {
        fc.pre(caller.role === 'provider' && (chosen.roles === undefined || chosen.roles.includes('provider')));
        const entries: AccessEntry[] = [];
        const handler = routeHandler({ resource: chosen.resource, purpose: chosen.purpose, patientFrom: patientFromParam('patientId') }, chosen.roles);
        const { context, request } = contextFor(handler, target, { authorization: `Bearer ${tokenFor(caller)}`, ...(reason ? { 'x-break-glass-reason': reason } : {}) });
        const inCare = facts.careRelationships.has(`${caller.providerId}|${target}`) && !facts.consentWithheld.has(`${target}|${caller.providerId}`);

        const outcome = await outcomeOf(guardWith(facts, entries).canActivate(context));

        expect(outcome).toBe(inCare || reason !== undefined ? 'allowed' : 'forbidden');
        if (outcome === 'allowed') expect(accessGrantOf(request)).toEqual({ breakGlassReason: inCare ? undefined : reason });
        expect(entries.map((entry) => entry.result)).toEqual(outcome === 'allowed' ? [] : ['denied']);
      }),
      { numRuns: 300 },
    );
  });

  it('records a denied attempt without a token as anonymous', async () => {
    const entries: AccessEntry[] = [];
    const { context } = contextFor(routeHandler({ resource: 'Patient', patientFrom: patientFromParam('patientId') }), 'p-1', {});

    expect(await outcomeOf(guardWith({ careRelationships: new Set(), consentWithheld: new Set() }, entries).canActivate(context))).toBe('unauthorized');
    expect(entries).toEqual([expect.objectContaining({ actor: 'anonymous', role: 'anonymous', patientId: 'p-1', result: 'denied', resource: 'Patient', purpose: 'treatment' })]);
  });
});
