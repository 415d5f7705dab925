import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ZodError } from 'zod';

import { DomainError, type FieldViolation } from '../../domain/shared/errors';
import { routeTemplateOf } from '../auth/route-template';
import { loggerFor, requestScope } from '../observability/logger';

// Turns every error that reaches the edge into RFC 9457 problem details. The detail of a 5xx is a
// fixed sentence: an unexpected error's message may carry data from the request, which can be PHI.

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  correlationId: string | undefined;
  errors?: FieldViolation[];
  [extension: string]: unknown;
}

const logger = loggerFor('http');

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The instance is the route template, never the path: a path can name a patient.
    const problem = toProblem(error, routeTemplateOf(request));

    if (problem.status >= 500) {
      logger.error({ err: error instanceof Error ? { type: error.name, stack: error.stack } : undefined, route: problem.instance }, 'request failed');
    }
    response.status(problem.status).type('application/problem+json').json(problem);
  }
}

export function toProblem(error: unknown, instance: string): ProblemDetails {
  const correlationId = requestScope.getStore()?.correlationId;
  const base = { instance, correlationId };

  if (error instanceof DomainError) {
    return {
      ...base,
      ...error.extensions,
      type: `https://ohip-forward.ca/problems/${slug(error.title)}`,
      title: error.title,
      status: error.status,
      detail: error.message,
      ...(error.violations.length > 0 ? { errors: error.violations } : {}),
    };
  }

  if (error instanceof ZodError) {
    const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', rule: issue.message }));
    return {
      ...base,
      type: 'https://ohip-forward.ca/problems/request-failed-validation',
      title: 'Request failed validation',
      status: 400,
      detail: errors.map((violation) => `${violation.field}: ${violation.rule}`).join('; '),
      errors,
    };
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    return {
      ...base,
      type: `https://ohip-forward.ca/problems/http-${status}`,
      title: httpTitle(status),
      status,
      detail: status === 404 ? 'No route matches this method and path; check the path against the API documentation.' : publicMessage(error),
    };
  }

  return {
    ...base,
    type: 'https://ohip-forward.ca/problems/internal-error',
    title: 'Internal server error',
    status: 500,
    detail: 'The server failed to handle the request; quote the correlation id when you report it.',
  };
}

// Body-parser failures (malformed JSON, too large) arrive as HttpExceptions whose message is safe.
function publicMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return error.message;
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not found',
    405: 'Method not allowed',
    413: 'Payload too large',
    415: 'Unsupported media type',
    429: 'Too many requests',
  };
  return titles[status] ?? 'HTTP error';
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
