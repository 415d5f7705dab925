import type { Request } from 'express';

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
