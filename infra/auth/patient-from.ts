import type { Request } from 'express';

import { principalOf } from './principal';

// Small readers for @PhiRoute's patientFrom: where in the request the patient is named.

export const patientFromParam =
  (name: string) =>
  (request: Request): string | undefined => {
    const value = request.params[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

export const patientFromQuery =
  (name: string) =>
  (request: Request): string | undefined => {
    const value = request.query[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };

/** For routes that name another record; the route's resolvePatient finds the patient. */
export const patientFromRecord = (): string | undefined => undefined;

/**
 * For starting a triage session: the patient the body names, else the signed-in patient
 * themself. A provider who names no patient starts an anonymous session, which only break-glass
 * opens.
 */
export const patientFromTriageStart = (request: Request): string | undefined => {
  const named = (request.body as { patientId?: unknown } | undefined)?.patientId;
  if (typeof named === 'string' && named !== '') return named;
  const principal = principalOf(request);
  return principal?.role === 'patient' ? principal.patientId : undefined;
};
