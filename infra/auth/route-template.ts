import type { Request } from 'express';

/** Returns the matched route's template (/api/v1/patients/:patientId), never the path, which can name a patient. */
export function routeTemplateOf(request: Request): string {
  const route = (request as Request & { route?: { path?: string } }).route?.path;
  return route ? `${request.baseUrl}${route}` : 'unmatched';
}
