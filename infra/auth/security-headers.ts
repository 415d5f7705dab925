import type { NextFunction, Request, Response } from 'express';

import type { SecurityConfig } from '../config/config';

// Response headers every route gets, and CORS for the configured origins only. A page that needs
// a looser Content-Security-Policy (the start page and the sign-in page run inline scripts) sets
// its own, which replaces this default.

/** The API returns JSON only, so by default nothing may load, run or frame it. */
const DEFAULT_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** One year, the value HSTS preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains';

const CORS_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const CORS_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Correlation-Id, X-Break-Glass-Reason, Accept-Language';

/** Seconds a browser may cache a preflight response. */
const PREFLIGHT_MAX_AGE = '600';

export function securityHeaders(config: SecurityConfig) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('Content-Security-Policy', DEFAULT_CONTENT_SECURITY_POLICY);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (config.behindTls) response.setHeader('Strict-Transport-Security', HSTS);
    next();
  };
}

/**
 * Lets browsers on the configured origins call the API. A request from any other origin gets no
 * CORS headers, so the browser withholds the response; same-origin pages need no CORS at all.
 */
export function strictCors(allowedOrigins: readonly string[]) {
  const allowed = new Set(allowedOrigins);
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.header('origin');
    const isPreflight = request.method === 'OPTIONS' && request.header('access-control-request-method') !== undefined;
    response.append('Vary', 'Origin');

    if (origin === undefined || !allowed.has(origin)) {
      if (isPreflight) {
        response.status(403).type('application/problem+json').json({
          type: 'https://ohip-forward.ca/problems/http-403',
          title: 'Forbidden',
          status: 403,
          detail: 'This origin may not call the API from a browser; add it to OHIP_CORS_ORIGINS to allow it.',
        });
        return;
      }
      next();
      return;
    }

    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Expose-Headers', 'X-Correlation-Id, Retry-After, WWW-Authenticate');
    if (isPreflight) {
      response.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
      response.setHeader('Access-Control-Allow-Headers', CORS_HEADERS);
      response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      response.status(204).end();
      return;
    }
    next();
  };
}
