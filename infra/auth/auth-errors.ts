import { DomainError, UnauthorizedError } from '../../domain/shared/errors';

// One 401 for every token failure (missing, malformed, expired, wrong issuer, audience or
// signature): a caller learns that it must sign in, never which check its token failed.

export const WWW_AUTHENTICATE = 'Bearer realm="ohip-forward"';

export function signInRequired(): UnauthorizedError {
  return new UnauthorizedError('A valid bearer token is required: sign in and send it as Authorization: Bearer <token>.');
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly title = 'Too many requests';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests from this client; retry after ${retryAfterSeconds} s.`);
  }
}
