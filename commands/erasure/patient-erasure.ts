import { randomUUID } from 'node:crypto';

import type { Logger } from 'pino';

import { erasureStream, type PatientErasedData } from '../../domain/identity/audit-chain';
import { patientStream } from '../../domain/patients/patient-events';
import { ForbiddenError, NotFoundError } from '../../domain/shared/errors';
import type { Principal } from '../../infra/auth/phi-route';
import { liveSchema } from '../../projections/runner/projection';
import type { Runtime } from '../../infra/runtime/runtime';
import { patientPurgeHooks, type PatientPurgeHook } from './purge-hooks';

// Erases a patient: destroys their data key, so the PHI in every event they have can no longer be
// decrypted, purges their rows from every read model that declares how, empties the caches that
// registered a purge hook, and records PatientErased (ids only). The events themselves stay.
// Each step can be repeated, so a request that failed half way is completed by sending it again.

export interface ErasureResult {
  patientId: string;
  erasedAt: string;
  purgedReadModels: string[];
  /** False when the patient had already been erased; the steps were run again all the same. */
  firstErasure: boolean;
}

export async function erasePatient(
  runtime: Runtime,
  logger: Logger,
  patientId: string,
  requester: Principal,
  options: { correlationId?: string; caches?: [string, PatientPurgeHook][] } = {},
): Promise<ErasureResult> {
  const correlationId = options.correlationId ?? randomUUID();
  assertMayErase(patientId, requester);

  const [registration] = await runtime.store.readStream(patientStream(patientId), { maxCount: 1 });
  if (!registration) {
    throw new NotFoundError(`patient ${patientId} was not found, so there is nothing to erase. Check the patient id`);
  }

  await runtime.patientKeys.destroyDataKey(patientId);

  // Events decrypted before the key was destroyed may still be on their way into a read model;
  // purging after they have landed keeps them from bringing the rows back.
  await runtime.waitForProjectionsAtHead();
  const purgedReadModels: string[] = [];
  for (const runner of runtime.projections.values()) {
    const projection = runner.projection;
    if (!projection.purgePatient) continue;
    await runtime.sql.transaction((tx) => projection.purgePatient!(tx, liveSchema(projection), patientId));
    purgedReadModels.push(projection.name);
  }

  for (const [name, hook] of [...(options.caches ?? []), ...patientPurgeHooks()]) {
    await hook(patientId);
    logger.info({ patientId, cache: name }, 'patient purged from cache');
  }

  const [earlier] = await runtime.store.readStream(erasureStream(patientId), { maxCount: 1 });
  if (earlier) {
    return { patientId, erasedAt: (earlier.data as PatientErasedData).erasedAt, purgedReadModels, firstErasure: false };
  }

  const data: PatientErasedData = {
    patientId,
    requestedBy: requester.subject,
    requestedByRole: requester.role,
    erasedAt: new Date().toISOString(),
    purgedReadModels,
  };
  await runtime.store.appendToStream(
    erasureStream(patientId),
    [{ eventId: randomUUID(), type: 'PatientErased', schemaVersion: 1, data, correlationId, causationId: null, actor: { id: requester.subject, role: requester.role } }],
    'any',
  );
  logger.info({ patientId, purgedReadModels }, 'patient erased');
  return { patientId, erasedAt: data.erasedAt, purgedReadModels, firstErasure: true };
}

function assertMayErase(patientId: string, requester: Principal): void {
  if (requester.role === 'admin') return;
  if (requester.role === 'patient' && requester.patientId === patientId) return;
  throw new ForbiddenError(`only patient ${patientId} themself or an administrator may erase this record`);
}
