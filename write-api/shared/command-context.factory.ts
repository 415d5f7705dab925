import { randomUUID } from 'node:crypto';

import type { Request } from 'express';

import type { CommandContext } from '../../commands/shared/command-context';
import type { Actor } from '../../infra/event-store/event-store.port';
import { ValidationError } from '../../domain/shared/errors';
import { principalOf } from '../../infra/auth/principal';
import { requestScope } from '../../infra/observability/logger';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9\-_.:]{8,100}$/;

/**
 * Builds a command's context from the request. A client that may retry sends Idempotency-Key;
 * the same key always maps to the same event ids, so the retry stores nothing twice.
 */
export function commandContextFrom(request: Request, now: Date = new Date()): CommandContext {
  const key = request.header('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw ValidationError.forField('Idempotency-Key', 'must be 8 to 100 letters, digits, "-", "_", "." or ":"');
  }

  return {
    commandId: key ?? randomUUID(),
    correlationId: requestScope.getStore()?.correlationId ?? randomUUID(),
    causationId: null,
    actor: actorOf(request),
    receivedAt: now.toISOString(),
  };
}

/** The signed-in principal as the events record it; 'anonymous' only on a public route. */
function actorOf(request: Request): Actor {
  const principal = principalOf(request);
  return principal ? { id: principal.subject, role: principal.role } : { id: 'anonymous', role: 'anonymous' };
}
