import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { patientIdParam } from '../../write-api/patients/patients-write.controller';
import { pagingQuery, type Page } from '../shared/paging';
import { patientFromParam } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';

const listQuery = pagingQuery.extend({ q: z.string().min(2, 'must be at least 2 characters').max(100).optional() }).strict();

interface PatientRow {
  patient_id: string;
  given_names: string;
  family_name: string;
  gender: string;
  birth_date: string;
  deceased_at: Date | null;
  city: string | null;
  province: string | null;
  preferred_language: string;
  condition_count: number;
  observation_count: number;
  last_observation_at: Date | null;
  total?: string;
}

@Controller('api/v1/patients')
export class PatientsReadController {
  constructor(@Inject(READ_MODEL_SQL) private readonly sql: SqlClient) {}

  @PhiRoute({ resource: 'Patient', patientFrom: () => undefined, population: true })
  @Get()
  async list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>): Promise<Page<ReturnType<typeof toPatient>>> {
    const filter = `($1::text is null or family_name ilike $1 || '%' or given_names ilike $1 || '%')`;
    const { rows } = await this.sql.query<PatientRow>(
      `select * from rm_patients.patients where ${filter} order by family_name, given_names, patient_id limit $2 offset $3`,
      [query.q ?? null, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const { rows: counted } = await this.sql.query<{ total: string }>(
      `select count(*)::text as total from rm_patients.patients where ${filter}`,
      [query.q ?? null],
    );
    return { items: rows.map(toPatient), page: query.page, pageSize: query.pageSize, total: Number(counted[0]?.total ?? 0) };
  }

  @PhiRoute({ resource: 'Patient', patientFrom: patientFromParam('patientId') })
  @Get(':patientId')
  async get(@Param('patientId', new ZodValidationPipe(patientIdParam)) patientId: string) {
    const { rows } = await this.sql.query<PatientRow>('select * from rm_patients.patients where patient_id = $1', [patientId]);
    if (!rows[0]) {
      throw new NotFoundError(`patient ${patientId} was not found`);
    }

    const { rows: conditions } = await this.sql.query<Record<string, unknown>>(
      `select condition_id, code_system, code, display, clinical_status, onset_at, abated_at
       from rm_patients.conditions where patient_id = $1 order by onset_at desc nulls last, condition_id`,
      [patientId],
    );
    const { rows: observations } = await this.sql.query<Record<string, unknown>>(
      `select observation_id, category, code, display, value_quantity, value_unit, value_text, effective_at
       from rm_patients.observations where patient_id = $1 order by effective_at desc, observation_id limit 50`,
      [patientId],
    );

    return {
      ...toPatient(rows[0]),
      conditions: conditions.map((row) => ({
        conditionId: row.condition_id,
        code: { system: row.code_system, code: row.code, display: row.display },
        clinicalStatus: row.clinical_status,
        onsetAt: row.onset_at,
        abatedAt: row.abated_at,
      })),
      recentObservations: observations.map((row) => ({
        observationId: row.observation_id,
        category: row.category,
        code: row.code,
        display: row.display,
        value: { quantity: row.value_quantity, unit: row.value_unit, text: row.value_text },
        effectiveAt: row.effective_at,
      })),
    };
  }
}

function toPatient(row: PatientRow) {
  return {
    patientId: row.patient_id,
    name: { given: row.given_names, family: row.family_name },
    gender: row.gender,
    birthDate: row.birth_date,
    deceasedAt: row.deceased_at,
    city: row.city,
    province: row.province,
    preferredLanguage: row.preferred_language,
    conditionCount: row.condition_count,
    observationCount: row.observation_count,
    lastObservationAt: row.last_observation_at,
  };
}
