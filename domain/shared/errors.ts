// The product's one error hierarchy. Each error carries the HTTP status it becomes at the edge,
// where infra/http turns it into RFC 9457 problem details (and the FHIR facade into an
// OperationOutcome). Expected business outcomes are events, not errors; these are for requests
// that must change nothing.

export interface FieldViolation {
  /** JSON pointer-like path of the offending field, e.g. "vitals.heartRate". */
  field: string;
  /** The rule that was broken, in words a client developer can act on. */
  rule: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;

  constructor(
    message: string,
    readonly violations: FieldViolation[] = [],
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is well formed but breaks a rule of the domain (a field value out of range). */
export class ValidationError extends DomainError {
  readonly status = 422;
  readonly title = 'Request failed validation';

  static forField(field: string, rule: string): ValidationError {
    return new ValidationError(`${field}: ${rule}`, [{ field, rule }]);
  }
}

/** The request body or query could not be read at all (wrong types, missing fields). */
export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly title = 'Bad request';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}

/** The request contradicts the current state: a stale version, a finished session, a taken slot. */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class UnavailableError extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
}
