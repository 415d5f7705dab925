import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';

import { accessGrantOf, principalOf } from '../auth/principal';
import { Runtime } from '../runtime/runtime';
import { ACCESS_AUDITOR, PHI_ROUTE, type AccessAuditor, type AccessEntry, type PhiRouteOptions } from '../auth/phi-route';

// Records every allowed read of a @PhiRoute route before its response is sent. Denied attempts
// never reach the handler; the access guard records those itself.
//
// Which patients a response is about, in this order: the patient the request names
// (options.patientFrom); else the patient of the record the route names (options.resolvePatient);
// else every distinct `patientId` in the response body: the body's own, that of each element of
// a body that is an array, and that of each element of the body's array-valued properties (a list
// wrapped as { items: [...] }). A response that names no patient, such as an empty list, records
// no access. A population route (a registry search) therefore records one access per patient listed.

@Injectable()
export class PhiAccessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(ACCESS_AUDITOR) private readonly auditor: AccessAuditor,
    @Inject(Runtime) private readonly runtime: Runtime,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.getAllAndOverride<PhiRouteOptions | undefined>(PHI_ROUTE, [context.getHandler(), context.getClass()]);
    if (!options || context.getType() !== 'http') {
      return next.handle();
    }

    const request = context.switchToHttp().getRequest<Request>();
    const correlationId = String(context.switchToHttp().getResponse<Response>().getHeader('X-Correlation-Id') ?? 'none');

    // A read that names the patient and was granted by the ordinary rules is an access to a real
    // patient's record, known before the record is read. Its entry is therefore stored while the
    // handler reads, and the response waits for both, so the read costs the longer of the two and
    // not their sum. The entry is kept even if the handler then fails, because the access was
    // attempted. Writes and break-glass reads record after the handler, so a body or an id that
    // fails validation stores nothing.
    const named = options.population ? undefined : options.patientFrom(request);
    const grantedForRead = request.method === 'GET' && accessGrantOf(request)?.breakGlassReason === undefined;
    if (named !== undefined && grantedForRead) {
      const recorded = this.auditor.record(allowedEntry(request, options, named, correlationId));
      recorded.catch(() => undefined);
      return next.handle().pipe(mergeMap((body: unknown) => from(recorded.then(() => body))));
    }

    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            const named = options.population ? undefined : await this.patientNamedBy(request, options);
            const patients = named !== undefined ? [named] : patientsIn(body);
            await Promise.all(patients.map((patientId) => this.auditor.record(allowedEntry(request, options, patientId, correlationId))));
            return body;
          })(),
        ),
      ),
    );
  }

  private async patientNamedBy(request: Request, options: PhiRouteOptions): Promise<string | undefined> {
    return options.patientFrom(request) ?? (await options.resolvePatient?.(request, { sql: this.runtime.sql, store: this.runtime.store }));
  }
}

function allowedEntry(request: Request, options: PhiRouteOptions, patientId: string, correlationId: string): AccessEntry {
  const principal = principalOf(request);
  return {
    actor: principal?.subject ?? 'anonymous',
    role: principal?.role ?? 'anonymous',
    purpose: options.purpose ?? 'treatment',
    patientId,
    resource: options.resource,
    route: routeTemplateOf(request),
    result: 'allowed',
    correlationId,
    accessedAt: new Date().toISOString(),
    breakGlassReason: accessGrantOf(request)?.breakGlassReason,
  };
}

/** The Express route template, e.g. /api/v1/patients/:patientId. */
export function routeTemplateOf(request: Request): string {
  const route = (request as Request & { route?: { path?: string } }).route?.path;
  return route ? `${request.baseUrl}${route}` : 'unmatched';
}

export function patientsIn(body: unknown): string[] {
  const found = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'object' && value !== null && typeof (value as { patientId?: unknown }).patientId === 'string') {
      found.add((value as { patientId: string }).patientId);
    }
  };

  if (Array.isArray(body)) {
    body.forEach(collect);
  } else if (typeof body === 'object' && body !== null) {
    collect(body);
    for (const value of Object.values(body)) {
      if (Array.isArray(value)) value.forEach(collect);
    }
  }
  return [...found];
}
