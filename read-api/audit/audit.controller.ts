import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { auditAccessesProjection } from '../../infra/audit/audit-accesses.projection';
import { AuditChainVerifier } from '../../infra/audit/audit-chain-verifier';
import { searchAccesses } from '../../infra/audit/audit-search';
import { replayJourney } from '../../infra/audit/patient-journey';
import { patientFromParam } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';
import { SqlEventStore } from '../../infra/event-store/sql/sql-event-store';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Runtime } from '../../infra/runtime/runtime';

// The auditor's API: who accessed which patient's record and when, a patient's journey as it
// stood at any past point, and a check of the audit streams' hash chains.

const patientIdParam = z.string().regex(/^[A-Za-z0-9\-_.]{1,100}$/, 'must be 1 to 100 letters, digits, "-", "_" or "."');

const accessQuery = z
  .object({
    patientId: patientIdParam.optional(),
    actorId: z.string().min(1).max(200).optional(),
    from: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    to: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    limit: z.coerce.number().int().min(1).max(1_000).default(100),
  })
  .strict();

const journeyQuery = z
  .object({
    asOf: z.string().datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
    asOfPosition: z.string().regex(/^\d{1,19}$/, 'must be a global position (a non-negative integer)').optional(),
  })
  .strict();

@Controller('api/v1/audit')
@Roles('auditor')
export class AuditController {
  private readonly verifier: AuditChainVerifier;

  constructor(@Inject(Runtime) private readonly runtime: Runtime) {
    this.verifier = new AuditChainVerifier(runtime.store, runtime.sql);
  }

  // The index applies new entries about once a second. Waiting for it to reach the last committed
  // event ends that wait at once, so a search shows every access recorded before it was sent. If
  // the index is still behind after the read-your-writes timeout, the search reports that.
  @Get('accesses')
  async accesses(@Query(new ZodValidationPipe(accessQuery)) query: z.infer<typeof accessQuery>) {
    const store = this.runtime.store;
    const committed = store instanceof SqlEventStore ? await store.lastCommittedPosition() : await store.headPosition();
    const caughtUp = await this.runtime.waitForProjection(auditAccessesProjection.name, committed);
    return { items: await searchAccesses(this.runtime.sql, query), caughtUp };
  }

  @Get('verify')
  async verifyAll() {
    return this.verifier.verifyAll();
  }

  @Get('patients/:patientId/verify')
  async verifyPatient(@Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string) {
    return this.verifier.verifyPatient(patientId);
  }

  @Get('patients/:patientId/journey')
  @PhiRoute({ resource: 'PatientJourney', patientFrom: patientFromParam('patientId'), purpose: 'audit' })
  async journey(
    @Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string,
    @Query(new ZodValidationPipe(journeyQuery)) query: z.infer<typeof journeyQuery>,
  ) {
    const entries = await replayJourney(this.runtime.store, this.runtime.sql, {
      patientId,
      asOf: query.asOf ? new Date(query.asOf) : undefined,
      asOfPosition: query.asOfPosition ? BigInt(query.asOfPosition) : undefined,
    });
    return { patientId, asOf: query.asOf ?? null, asOfPosition: query.asOfPosition ?? null, entries };
  }
}
