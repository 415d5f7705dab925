import fc from 'fast-check';

import { decideAccess, type AccessFacts, type RouteAccess } from '../../infra/auth/access-policy';
import type { Principal, Role } from '../../infra/auth/phi-route';

// Properties of the access policy over random callers, routes and facts. The guard decides every
// request with decideAccess, so these hold for every route of the product.

const roles: Role[] = ['patient', 'provider', 'admin', 'analyst', 'auditor'];
const patientIds = fc.constantFrom('p-1', 'p-2', 'p-3', 'ee9f8dd8-72d2-4769-8020-89e504b1504b');

const principal: fc.Arbitrary<Principal> = fc.oneof(
  fc.record({ subject: fc.string({ minLength: 1, maxLength: 8 }), role: fc.constant<Role>('patient'), patientId: patientIds }),
  fc.record({ subject: fc.string({ minLength: 1, maxLength: 8 }), role: fc.constant<Role>('provider'), providerId: fc.constantFrom('d-1', 'd-2') }),
  fc.record({ subject: fc.string({ minLength: 1, maxLength: 8 }), role: fc.constantFrom<Role>('admin', 'analyst', 'auditor') }),
);

const phiRoute: fc.Arbitrary<RouteAccess> = fc.record({
  isPublic: fc.constant(false),
  roles: fc.option(fc.subarray(roles, { minLength: 1 }), { nil: undefined }),
  phi: fc.record({
    resource: fc.constantFrom('Patient', 'Appointment', 'TriageAssessment', 'Consent', 'WaitlistOffer'),
    population: fc.option(fc.boolean(), { nil: undefined }),
    purpose: fc.option(fc.constantFrom('treatment', 'audit'), { nil: undefined }),
  }),
});

const facts: fc.Arbitrary<AccessFacts> = fc.record({
  patientId: fc.option(patientIds, { nil: undefined }),
  careRelationship: fc.boolean(),
  withheldByConsent: fc.boolean(),
  breakGlassReason: fc.option(fc.string({ minLength: 10, maxLength: 40 }), { nil: undefined }),
});

describe('access policy properties', () => {
  it('never allows a patient another patient\'s record', () => {
    fc.assert(
      fc.property(principal, phiRoute, facts, (caller, route, found) => {
        fc.pre(caller.role === 'patient' && found.patientId !== caller.patientId);

        expect(decideAccess(route, caller, found).result).toBe('denied');
      }),
      { numRuns: 2_000 },
    );
  });

  it('never allows a provider a record withheld by consent without break-glass', () => {
    fc.assert(
      fc.property(principal, phiRoute, facts, (caller, route, found) => {
        fc.pre(caller.role === 'provider' && found.withheldByConsent && found.breakGlassReason === undefined);

        expect(decideAccess(route, caller, found).result).toBe('denied');
      }),
    );
  });

  it('never opens a PHI route to an analyst', () => {
    fc.assert(
      fc.property(principal, phiRoute, facts, (caller, route, found) => {
        fc.pre(caller.role === 'analyst');

        expect(decideAccess(route, caller, found).result).toBe('denied');
      }),
    );
  });

  it('flags every break-glass grant with its reason', () => {
    fc.assert(
      fc.property(principal, phiRoute, facts, (caller, route, found) => {
        const decision = decideAccess(route, caller, found);
        fc.pre(decision.result === 'allowed' && decision.breakGlassReason !== undefined);

        expect(['provider', 'admin']).toContain(caller.role);
        expect(decision).toEqual({ result: 'allowed', breakGlassReason: found.breakGlassReason });
      }),
    );
  });

  it('denies every caller without a principal a protected route', () => {
    fc.assert(
      fc.property(phiRoute, facts, (route, found) => {
        expect(decideAccess(route, undefined, found)).toMatchObject({ result: 'denied', status: 401 });
      }),
    );
  });
});
