import type { Role } from '../../infra/auth/phi-route';

// The declared access policy of every route, written out by hand as the specification the route
// matrix test checks the running product against. A route the product serves that is missing
// here fails the test, so a new route gets a deliberate decision.

export type RouteRule =
  /** Anyone, without a token. */
  | { kind: 'public' }
  /** Any signed-in caller of these roles. */
  | { kind: 'roles'; roles: readonly Role[] }
  /**
   * One patient's record: the patient, a provider in their care and not withheld by consent, or
   * break-glass; `roles` narrows who may ask at all.
   */
  | { kind: 'patient-record'; roles?: readonly Role[] }
  /**
   * A record of the caller's own, made when the request names no patient: every patient of
   * `roles` may, anyone else of `roles` only by break-glass.
   */
  | { kind: 'own-record'; roles: readonly Role[] }
  /** A record found by its own id, for which the matrix has no fixture: unknown, so only break-glass opens it. */
  | { kind: 'unknown-record'; roles?: readonly Role[] }
  /** Many patients' records at once: break-glass only. */
  | { kind: 'population' }
  /** A patient's record read for an audit: auditors only. */
  | { kind: 'audit-record' };

export interface RoutePolicy {
  rule: RouteRule;
  /** Query string the route needs to name its patient (the matrix substitutes the fixture ids). */
  query?: string;
}

const anySignedIn: readonly Role[] = ['patient', 'provider', 'admin', 'analyst', 'auditor'];

export const ROUTE_POLICY: Readonly<Record<string, RoutePolicy>> = {
  'GET /': { rule: { kind: 'public' } },
  'GET /health': { rule: { kind: 'public' } },
  'GET /ready': { rule: { kind: 'public' } },
  'GET /metrics': { rule: { kind: 'roles', roles: ['admin'] } },
  'GET /api/v1/projections': { rule: { kind: 'roles', roles: ['admin'] } },
  'POST /api/v1/projections/:name/rebuild': { rule: { kind: 'roles', roles: ['admin'] } },

  'GET /sign-in': { rule: { kind: 'public' } },
  'GET /dev-issuer/.well-known/openid-configuration': { rule: { kind: 'public' } },
  'GET /dev-issuer/jwks.json': { rule: { kind: 'public' } },
  'GET /dev-issuer/users': { rule: { kind: 'public' } },
  'POST /dev-issuer/token': { rule: { kind: 'public' } },

  'GET /api/v1/provider-locations': { rule: { kind: 'public' } },
  'GET /api/v1/provider-locations/:locationId': { rule: { kind: 'public' } },
  'POST /api/v1/provider-locations': { rule: { kind: 'roles', roles: ['admin'] } },
  'GET /api/v1/providers': { rule: { kind: 'public' } },
  'GET /api/v1/providers/:providerId': { rule: { kind: 'public' } },

  'GET /api/v1/patients': { rule: { kind: 'population' } },
  'GET /api/v1/patients/:patientId': { rule: { kind: 'patient-record' } },
  'POST /api/v1/patients': { rule: { kind: 'roles', roles: ['admin', 'provider'] } },
  'POST /api/v1/patients/:patientId/observations': { rule: { kind: 'roles', roles: ['provider'] } },
  'POST /api/v1/fhir/Bundle': { rule: { kind: 'roles', roles: ['admin'] } },

  'GET /api/v1/patients/:patientId/consents': { rule: { kind: 'patient-record' } },
  'GET /api/v1/fhir/Consent': { rule: { kind: 'patient-record' }, query: '?patient={patientId}' },
  'POST /api/v1/patients/:patientId/consents': { rule: { kind: 'roles', roles: ['patient'] } },
  'DELETE /api/v1/patients/:patientId/consents/:directiveId': { rule: { kind: 'roles', roles: ['patient'] } },

  'GET /api/v1/appointments/availability': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin', 'analyst'] } },
  'GET /api/v1/appointments': { rule: { kind: 'patient-record' }, query: '?patientId={patientId}' },
  'GET /api/v1/appointments/:appointmentId': { rule: { kind: 'patient-record' } },
  'POST /api/v1/slots': { rule: { kind: 'roles', roles: ['provider', 'admin'] } },
  'POST /api/v1/appointments/book': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'PATCH /api/v1/appointments/:appointmentId/reschedule': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'DELETE /api/v1/appointments/:appointmentId/cancel': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },

  'GET /api/v1/waitlist/offers': { rule: { kind: 'patient-record' }, query: '?patientId={patientId}' },
  'GET /api/v1/waitlist/:specialty': { rule: { kind: 'population' } },
  'GET /api/v1/waitlist/:specialty/estimate': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin', 'analyst'] } },
  'POST /api/v1/waitlist/add': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'POST /api/v1/waitlist/offers/:offerId/accept': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'POST /api/v1/waitlist/offers/:offerId/decline': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'GET /api/v1/notifications/outbox': { rule: { kind: 'patient-record' }, query: '?patientId={patientId}' },

  'GET /api/v1/triage/complaints': { rule: { kind: 'roles', roles: anySignedIn } },
  'GET /api/v1/triage/assessment/:sessionId': { rule: { kind: 'patient-record' } },
  // The matrix sends an empty body. A patient then starts a session of their own, and a provider
  // names no patient. Respond and escalate name no session, so only break-glass passes the guard.
  'POST /api/v1/triage/start': { rule: { kind: 'own-record', roles: ['patient', 'provider'] } },
  'POST /api/v1/triage/respond': { rule: { kind: 'unknown-record', roles: ['patient', 'provider'] } },
  'POST /api/v1/triage/escalate': { rule: { kind: 'unknown-record', roles: ['patient', 'provider'] } },

  'GET /api/v1/audit/accesses': { rule: { kind: 'roles', roles: ['auditor'] } },
  'GET /api/v1/audit/verify': { rule: { kind: 'roles', roles: ['auditor'] } },
  'GET /api/v1/audit/patients/:patientId/verify': { rule: { kind: 'roles', roles: ['auditor'] } },
  'GET /api/v1/audit/patients/:patientId/journey': { rule: { kind: 'audit-record' } },
  'GET /api/v1/patients/:patientId/export': { rule: { kind: 'patient-record', roles: ['patient'] } },
  'POST /api/v1/patients/:patientId/erasure': { rule: { kind: 'roles', roles: ['patient', 'admin'] } },
  'GET /api/v1/admin/dead-letters': { rule: { kind: 'roles', roles: ['admin'] } },
  'POST /api/v1/admin/dead-letters/:timerId/retry': { rule: { kind: 'roles', roles: ['admin'] } },

  'GET /app': { rule: { kind: 'public' } },
  'GET /app/:file': { rule: { kind: 'public' } },
  'GET /portal': { rule: { kind: 'public' } },
  'GET /portal/:file': { rule: { kind: 'public' } },
  'GET /audit': { rule: { kind: 'public' } },
  'GET /audit/:file': { rule: { kind: 'public' } },

  'GET /api/v1/portal/schedule': { rule: { kind: 'roles', roles: ['provider'] } },
  'GET /api/v1/portal/alerts': { rule: { kind: 'roles', roles: ['provider'] } },
  'POST /api/v1/portal/alerts/:alertId/acknowledge': { rule: { kind: 'roles', roles: ['provider'] } },
  'GET /api/v1/portal/stream': { rule: { kind: 'roles', roles: ['provider'] } },

  'GET /api/v1/patients/:patientId/check-ins': { rule: { kind: 'patient-record' } },
  'GET /api/v1/patients/:patientId/monitoring': { rule: { kind: 'patient-record' } },
  'POST /api/v1/monitoring-plans': { rule: { kind: 'roles', roles: ['provider', 'admin'] } },
  'POST /api/v1/check-ins/:checkInId/answers': { rule: { kind: 'unknown-record' } },
  'POST /api/v1/patients/:patientId/doses': { rule: { kind: 'patient-record' } },
  'PUT /api/v1/patients/:patientId/contact-preferences': { rule: { kind: 'patient-record' } },
  'POST /api/v1/notifications/twilio/status': { rule: { kind: 'public' } },

  'GET /api/v1/journeys/:journeyId': { rule: { kind: 'unknown-record' } },
  'POST /api/v1/journeys/:journeyId/transport-needs': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
  'POST /api/v1/journeys/:journeyId/appointments/:appointmentId/attendance': { rule: { kind: 'roles', roles: ['provider', 'admin'] } },
  'POST /api/v1/journeys/:journeyId/emergency-visit': { rule: { kind: 'roles', roles: ['provider', 'admin'] } },
  'POST /api/v1/journeys/:journeyId/rides': { rule: { kind: 'roles', roles: ['provider', 'admin'] } },
  'POST /api/v1/rides/:rideId/partner-updates': { rule: { kind: 'roles', roles: ['admin'] } },
  'GET /api/v1/rides/:rideId': { rule: { kind: 'unknown-record' } },
  'GET /api/v1/transport/quote': { rule: { kind: 'roles', roles: ['patient', 'provider', 'admin'] } },
};
