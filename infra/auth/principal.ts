import type { Request } from 'express';

import type { Principal } from './phi-route';

// The access guard puts the verified principal on the request; the write API reads it to record
// the real actor of each command.

const PRINCIPAL = Symbol('principal');
const ACCESS_GRANT = Symbol('access-grant');

/** The guard's reason for letting a PHI read through, for the entry the audit interceptor records. */
export interface AccessGrant {
  /** Set when only break-glass opened the record; the access is flagged for review. */
  breakGlassReason: string | undefined;
}

type RequestWithPrincipal = Request & { [PRINCIPAL]?: Principal; [ACCESS_GRANT]?: AccessGrant };

export function attachPrincipal(request: Request, principal: Principal): void {
  (request as RequestWithPrincipal)[PRINCIPAL] = principal;
}

/** Returns the caller, or undefined on a public route called without a token. */
export function principalOf(request: Request): Principal | undefined {
  return (request as RequestWithPrincipal)[PRINCIPAL];
}

export function attachAccessGrant(request: Request, grant: AccessGrant): void {
  (request as RequestWithPrincipal)[ACCESS_GRANT] = grant;
}

/** Returns the guard's grant for an allowed PHI read, or undefined on any other route. */
export function accessGrantOf(request: Request): AccessGrant | undefined {
  return (request as RequestWithPrincipal)[ACCESS_GRANT];
}
