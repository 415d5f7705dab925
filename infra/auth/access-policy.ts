import type { ConsentCategory } from '../../domain/consent/consent-events';
import type { PhiRouteOptions, Principal, Role } from './phi-route';

// Who may call a route, as a pure function of the route's metadata, the caller and the facts the
// guard looked up. The guard, the route matrix test and the property tests all go through it.

/**
 * The consent categories each PHI resource contains; a directive withholding any of them withholds
 * the resource. A directive for 'all' withholds every resource.
 * NOTE: the Patient summary includes every condition and cannot leave out the mental-health ones,
 * so a 'mental-health' directive withholds the whole summary from that provider.
 */
const RESOURCE_CATEGORIES: Readonly<Record<string, readonly ConsentCategory[]>> = {
  Patient: ['mental-health'],
  Appointment: ['appointments'],
  WaitlistEntry: ['appointments'],
  WaitlistOffer: ['appointments'],
  Notification: ['appointments'],
  TriageAssessment: ['triage'],
  TriageSession: ['triage'],
  CheckIn: ['monitoring'],
  MonitoringAlert: ['monitoring'],
  Observation: ['monitoring'],
};

export function consentCategoriesOf(resource: string): ConsentCategory[] {
  return ['all', ...(RESOURCE_CATEGORIES[resource] ?? [])];
}

export const BREAK_GLASS_ROLES: readonly Role[] = ['provider', 'admin'];

export interface RouteAccess {
  isPublic: boolean;
  /** Roles the route is limited to; undefined means the default (admins only, unless PHI). */
  roles: readonly Role[] | undefined;
  phi: Pick<PhiRouteOptions, 'resource' | 'population' | 'purpose'> | undefined;
}

/** Facts the guard looks up about the caller and the patient before it decides. */
export interface AccessFacts {
  /** The patient the route reads, or undefined when none could be found. */
  patientId: string | undefined;
  /** The provider caller has a current care relationship with that patient. */
  careRelationship: boolean;
  /** A consent directive of that patient withholds this resource from the provider caller. */
  withheldByConsent: boolean;
  /** A well-formed X-Break-Glass-Reason the caller sent. */
  breakGlassReason: string | undefined;
}

export type AccessDecision =
  | { result: 'allowed'; breakGlassReason?: string }
  | { result: 'denied'; status: 401 | 403; reason: string };

export const NO_FACTS: AccessFacts = { patientId: undefined, careRelationship: false, withheldByConsent: false, breakGlassReason: undefined };

export function decideAccess(route: RouteAccess, principal: Principal | undefined, facts: AccessFacts): AccessDecision {
  if (route.isPublic) return { result: 'allowed' };
  if (!principal) return { result: 'denied', status: 401, reason: 'no valid bearer token' };

  const roles = route.roles ?? (route.phi ? undefined : ['admin']);
  if (roles && !roles.includes(principal.role)) {
    return { result: 'denied', status: 403, reason: `role ${principal.role} may not call this route` };
  }
  if (!route.phi) return { result: 'allowed' };

  const ordinary = decideRecordAccess(route.phi, principal, facts);
  if (ordinary.result === 'allowed') return ordinary;
  if (facts.breakGlassReason !== undefined && BREAK_GLASS_ROLES.includes(principal.role)) {
    return { result: 'allowed', breakGlassReason: facts.breakGlassReason };
  }
  return ordinary;
}

/** Decides a PHI read by the ordinary rules, without break-glass. */
function decideRecordAccess(phi: NonNullable<RouteAccess['phi']>, principal: Principal, facts: AccessFacts): AccessDecision {
  const denied = (reason: string): AccessDecision => ({ result: 'denied', status: 403, reason });

  if (phi.population) return denied('a read of many patients\' records needs break-glass');
  if (facts.patientId === undefined) return denied('the record was not found or names no patient');

  switch (principal.role) {
    case 'patient':
      return principal.patientId !== undefined && principal.patientId === facts.patientId ? { result: 'allowed' } : denied('a patient may read only their own record');
    case 'provider':
      if (!facts.careRelationship) return denied('the provider has no care relationship with this patient');
      if (facts.withheldByConsent) return denied('the patient withheld this record from the provider');
      return { result: 'allowed' };
    case 'admin':
      return denied('an administrator reads clinical records only by break-glass');
    case 'analyst':
      return denied('an analyst reads de-identified read models only');
    case 'auditor':
      // Auditors replay a patient's journey through audit routes; clinical routes stay closed to them.
      return phi.purpose === 'audit' ? { result: 'allowed' } : denied('an auditor reads the audit API, not clinical records');
  }
}

/** Break-glass reasons are free text kept with the access; the bounds keep them meaningful and small. */
export const BREAK_GLASS_REASON = { minLength: 10, maxLength: 500 } as const;
