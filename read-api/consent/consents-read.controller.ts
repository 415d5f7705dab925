import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { patientFromParam, patientFromQuery } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { patientIdParam } from '../../write-api/patients/patients-write.controller';
import { toFhirConsent, type DirectiveRow } from './fhir-consent';

const fhirConsentQuery = z.object({ patient: patientIdParam }).strict();

/** A patient's consent directives, in the product's shape and as FHIR R4 Consent resources. */
@Controller('api/v1')
export class ConsentsReadController {
  constructor(@Inject(READ_MODEL_SQL) private readonly sql: SqlClient) {}

  @Get('patients/:patientId/consents')
  @PhiRoute({ resource: 'Consent', patientFrom: patientFromParam('patientId') })
  async list(@Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string) {
    const rows = await this.directivesOf(patientId);
    return {
      items: rows.map((row) => ({
        directiveId: row.directive_id,
        category: row.category,
        providerId: row.provider_id,
        note: row.note,
        status: row.status,
        recordedAt: row.recorded_at,
        revokedAt: row.revoked_at,
      })),
    };
  }

  @Get('fhir/Consent')
  @PhiRoute({ resource: 'Consent', patientFrom: patientFromQuery('patient') })
  async search(@Query(new ZodValidationPipe(fhirConsentQuery)) query: z.infer<typeof fhirConsentQuery>) {
    const rows = await this.directivesOf(query.patient);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      total: rows.length,
      entry: rows.map((row) => ({ fullUrl: `Consent/${row.directive_id}`, resource: toFhirConsent(row), search: { mode: 'match' } })),
    };
  }

  private async directivesOf(patientId: string): Promise<DirectiveRow[]> {
    const { rows } = await this.sql.query<DirectiveRow>(
      `select directive_id, patient_id, category, provider_id, note, status, recorded_at, revoked_at
       from rm_consent.directives where patient_id = $1 order by recorded_at desc, directive_id`,
      [patientId],
    );
    return rows;
  }
}
