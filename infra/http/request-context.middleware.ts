import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

import { loggerFor, requestScope } from '../observability/logger';
import { httpRequestDuration } from '../observability/metrics';

const logger = loggerFor('http');
const CORRELATION_ID = /^[A-Za-z0-9\-_.:]{1,100}$/;

/**
 * Gives each request a correlation id (the caller's X-Correlation-Id when it is well formed),
 * echoes it back, and logs and measures the request by its route template, never by its path
 * or body, which can name a patient.
 */
export function requestContext(request: Request, response: Response, next: NextFunction): void {
  const offered = request.header('x-correlation-id');
  const correlationId = offered && CORRELATION_ID.test(offered) ? offered : randomUUID();
  response.setHeader('X-Correlation-Id', correlationId);
  const started = process.hrtime.bigint();

  response.on('finish', () => {
    const route = routeTemplate(request);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    httpRequestDuration.observe({ method: request.method, route, status: String(response.statusCode) }, seconds);
    if (route !== '/metrics' && route !== '/health') {
      logger.info({ correlationId, method: request.method, route, status: response.statusCode, ms: Math.round(seconds * 1000) }, 'request handled');
    }
  });

  requestScope.run({ correlationId }, next);
}

function routeTemplate(request: Request): string {
  const route = (request as Request & { route?: { path?: string } }).route?.path;
  return route ? `${request.baseUrl}${route}` : 'unmatched';
}
