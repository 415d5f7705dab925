import { Controller, HttpCode, Inject, Optional, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';

import { erasePatient } from '../../commands/erasure/patient-erasure';
import type { PatientPurgeHook } from '../../commands/erasure/purge-hooks';
import { TRIAGE_SESSION_CACHE } from '../../infra/cache/cache-tokens';
import type { TriageSessionCache } from '../../infra/cache/triage-session-cache';
import { UnauthorizedError } from '../../domain/shared/errors';
import { principalOf } from '../../infra/auth/principal';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { loggerFor } from '../../infra/observability/logger';
import { Runtime } from '../../infra/runtime/runtime';
import { patientIdParam } from '../patients/patients-write.controller';

const logger = loggerFor('erasure');

@Controller('api/v1/patients')
export class ErasureController {
  constructor(
    @Inject(Runtime) private readonly runtime: Runtime,
    @Optional() @Inject(TRIAGE_SESSION_CACHE) private readonly triageCache: TriageSessionCache | null = null,
  ) {}

  /** Erases the patient's PHI for good; the patient themself or an administrator may ask. */
  @Post(':patientId/erasure')
  @Roles('patient', 'admin')
  @HttpCode(200)
  async erase(
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const principal = principalOf(request);
    if (!principal) {
      throw new UnauthorizedError('erasing a record requires signing in as the patient or an administrator');
    }
    const correlationId = String(response.getHeader('X-Correlation-Id') ?? '') || undefined;
    const triageCache = this.triageCache;
    const caches: [string, PatientPurgeHook][] = triageCache
      ? [['triage-session-cache', async (id) => void (await triageCache.purgePatient(id))]]
      : [];
    return erasePatient(this.runtime, logger, patientId, principal, { correlationId, caches });
  }
}
