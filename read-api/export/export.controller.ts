import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import type { Request } from 'express';

import { ForbiddenError, NotFoundError, UnauthorizedError } from '../../domain/shared/errors';
import { patientEvents } from '../../infra/audit/patient-journey';
import { principalOf } from '../../infra/auth/principal';
import { patientFromParam } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { Runtime } from '../../infra/runtime/runtime';
import { patientIdParam } from '../../write-api/patients/patients-write.controller';
import { toFhirConsent, type DirectiveRow } from '../consent/fhir-consent';
import { exportBundle, type FhirResource } from './patient-export';

@Controller('api/v1/patients')
export class PatientExportController {
  constructor(@Inject(Runtime) private readonly runtime: Runtime) {}

  /** Returns the patient's own record as a FHIR Bundle; only the patient themself may export it. */
  @Get(':patientId/export')
  @Roles('patient')
  @PhiRoute({ resource: 'Bundle', patientFrom: patientFromParam('patientId'), purpose: 'patient-request' })
  async export(@Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string, @Req() request: Request) {
    const principal = principalOf(request);
    if (!principal) {
      throw new UnauthorizedError('exporting a record requires signing in as the patient');
    }
    if (principal.role !== 'patient' || principal.patientId !== patientId) {
      throw new ForbiddenError(`only patient ${patientId} themself may export this record`);
    }

    const events = await patientEvents(this.runtime.store, this.runtime.sql, patientId);
    if (!events.some((event) => event.type === 'PatientRegistered')) {
      throw new NotFoundError(`patient ${patientId} was not found`);
    }
    return exportBundle(patientId, events, await this.consentsOf(patientId), new Date().toISOString());
  }

  // The consent read model exists only when the consent context is part of this build.
  private async consentsOf(patientId: string): Promise<FhirResource[]> {
    const { rows: present } = await this.runtime.sql.query<{ present: boolean }>(`select to_regclass('rm_consent.directives') is not null as present`);
    if (!present[0]?.present) return [];

    const { rows } = await this.runtime.sql.query<DirectiveRow>(
      `select directive_id, patient_id, category, provider_id, note, status, recorded_at, revoked_at
       from rm_consent.directives where patient_id = $1 order by recorded_at, directive_id`,
      [patientId],
    );
    return rows.map((row) => toFhirConsent(row) as unknown as FhirResource);
  }
}
