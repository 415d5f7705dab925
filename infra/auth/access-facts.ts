import type { SqlExecutor } from '../sql/sql-client';
import { consentCategoriesOf } from './access-policy';

// The read-model look-ups behind an access decision: is there a care relationship, and does a
// consent directive withhold the resource. Both read tables built by projections/care-relationships
// and projections/consent, so a decision follows the events as soon as those projections apply them.

export async function hasCareRelationship(sql: SqlExecutor, providerId: string, patientId: string): Promise<boolean> {
  const { rows } = await sql.query(
    `select 1 from rm_care_relationships.relationships where provider_id = $1 and patient_id = $2 and active limit 1`,
    [providerId, patientId],
    { preparedName: 'auth_care_relationship' },
  );
  return rows.length > 0;
}

export async function isWithheldByConsent(sql: SqlExecutor, patientId: string, providerId: string, resource: string): Promise<boolean> {
  const { rows } = await sql.query(
    `select 1 from rm_consent.directives
     where patient_id = $1 and status = 'active' and (provider_id is null or provider_id = $2) and category = any($3::text[])
     limit 1`,
    [patientId, providerId, consentCategoriesOf(resource)],
    { preparedName: 'auth_consent_withheld' },
  );
  return rows.length > 0;
}
