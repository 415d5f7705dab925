import { ValidationError } from '../../domain/shared/errors';
import type { SqlExecutor } from '../sql/sql-client';

// Searches the recorded accesses (read model audit_accesses) by patient, actor and time range.

export interface AccessQuery {
  patientId?: string;
  actorId?: string;
  /** ISO time, inclusive. */
  from?: string;
  /** ISO time, exclusive. */
  to?: string;
  limit?: number;
}

export interface AccessRow {
  patientId: string;
  sequence: number;
  actorId: string;
  actorRole: string;
  purpose: string;
  resource: string;
  route: string | null;
  outcome: 'allowed' | 'denied';
  breakGlass: boolean;
  correlationId: string;
  accessedAt: string;
}

const MAX_LIMIT = 1_000;

export async function searchAccesses(sql: SqlExecutor, query: AccessQuery): Promise<AccessRow[]> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw ValidationError.forField('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  }
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw ValidationError.forField(field, 'must be an ISO 8601 date-time');
    }
  }

  const { rows } = await sql.query<Record<string, unknown>>(
    `select patient_id, sequence::int as sequence, actor_id, actor_role, purpose, resource, route, outcome,
            break_glass, correlation_id, accessed_at
     from rm_audit_accesses.accesses
     where ($1::text is null or patient_id = $1) and ($2::text is null or actor_id = $2)
       and ($3::timestamptz is null or accessed_at >= $3) and ($4::timestamptz is null or accessed_at < $4)
     order by accessed_at, global_position
     limit $5`,
    [query.patientId ?? null, query.actorId ?? null, query.from ?? null, query.to ?? null, limit],
  );
  return rows.map((row) => ({
    patientId: row.patient_id as string,
    sequence: row.sequence as number,
    actorId: row.actor_id as string,
    actorRole: row.actor_role as string,
    purpose: row.purpose as string,
    resource: row.resource as string,
    route: row.route as string | null,
    outcome: row.outcome as 'allowed' | 'denied',
    breakGlass: row.break_glass as boolean,
    correlationId: row.correlation_id as string,
    accessedAt: new Date(row.accessed_at as string).toISOString(),
  }));
}
