import { randomUUID } from 'node:crypto';

import type { Request } from 'express';

import type { CommandContext } from '../../commands/shared/command-context';
import { ValidationError } from '../../domain/shared/errors';
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
    // NOTE: until sign-in exists every request acts as the anonymous development user, so the
    // events record no real actor yet.
    actor: { id: 'anonymous', role: 'development' },
    receivedAt: now.toISOString(),
  };
}
