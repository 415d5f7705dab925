import type { SqlExecutor } from '../../infra/sql/sql-client';

export const CHECKPOINT_SCHEMA = `
create table if not exists projection_checkpoints (
  name text primary key,
  version integer not null,
  position bigint not null,
  updated_at timestamptz not null default now()
);
`;

export interface Checkpoint {
  version: number;
  position: bigint;
}

export async function readCheckpoint(sql: SqlExecutor, name: string): Promise<Checkpoint | undefined> {
  const { rows } = await sql.query<{ version: number; position: string }>(
    'select version, position::text as position from projection_checkpoints where name = $1',
    [name],
  );
  return rows[0] ? { version: rows[0].version, position: BigInt(rows[0].position) } : undefined;
}

export async function writeCheckpoint(sql: SqlExecutor, name: string, checkpoint: Checkpoint): Promise<void> {
  await sql.query(
    `insert into projection_checkpoints (name, version, position, updated_at) values ($1, $2, $3::bigint, now())
     on conflict (name) do update set version = excluded.version, position = excluded.position, updated_at = now()`,
    [name, checkpoint.version, checkpoint.position.toString()],
    { preparedName: 'write_projection_checkpoint' },
  );
}

export async function deleteCheckpoint(sql: SqlExecutor, name: string): Promise<void> {
  await sql.query('delete from projection_checkpoints where name = $1', [name]);
}
