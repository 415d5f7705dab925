import fc from 'fast-check';

import { describeWithPostgres, openPGliteForTests, openPostgresForTests, type TestSql } from '../../test/support/databases';
import { sqlStateOf, UNIQUE_VIOLATION } from './sql-client';

// A prepared statement must return exactly what the same statement returns unprepared: PGlite runs it
// through its own path (bind, execute and sync on a statement parsed once), and a parameter or
// column type handled differently there would change what the event store reads and writes.

const INSERT = `insert into notes (note_id, body, tags, amount, payload, noted_at)
                select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[])
                returning note_id`;
const SELECT = `select note_id, body, amount, amount::text as amount_text, payload::jsonb as payload, noted_at,
                       tags is null as untagged, array_length(string_to_array(tags, ','), 1) as tag_count
                from notes where note_id = any($1::text[]) order by note_id`;

const note = fc.record({
  body: fc.option(fc.string({ maxLength: 40 }), { nil: null }),
  tags: fc.option(fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 3 }).map((tags) => tags.join(',')), { nil: null }),
  amount: fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n }),
  payload: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.boolean())), { nil: null }),
  notedAt: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
});

function describePreparedStatements(adapter: string, open: () => Promise<TestSql>) {
  describe(`prepared statements on ${adapter}`, () => {
    let database: TestSql;
    let run = 0;

    beforeAll(async () => {
      database = await open();
      await database.sql.exec(`create table notes (note_id text primary key, body text, tags text, amount bigint, payload text, noted_at timestamptz)`);
    });

    afterAll(async () => {
      await database.dispose();
    });

    it('match the unprepared results', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(note, { minLength: 1, maxLength: 6 }), async (notes) => {
          run += 1;
          const ids = notes.map((_, index) => `run${run}-${index}`);
          const params = [
            ids,
            notes.map((each) => each.body),
            notes.map((each) => each.tags),
            notes.map((each) => each.amount.toString()),
            notes.map((each) => (each.payload === null ? null : JSON.stringify(each.payload))),
            notes.map((each) => each.notedAt.toISOString()),
          ];

          const inserted = await database.sql.query<{ note_id: string }>(INSERT, params, { preparedName: 'insert_notes' });
          const prepared = await database.sql.query(SELECT, [ids], { preparedName: 'select_notes' });
          const plain = await database.sql.query(SELECT, [ids]);

          expect(inserted.rows.map((row) => row.note_id).sort()).toEqual([...ids].sort());
          expect(prepared.rows).toEqual(plain.rows);
          expect(prepared.rows).toHaveLength(notes.length);
        }),
        { numRuns: 30 },
      );
    });

    it('keep working after a failed run', async () => {
      await database.sql.query(INSERT, [['dup'], ['first'], [null], ['1'], [null], [new Date().toISOString()]], { preparedName: 'insert_notes' });

      const duplicate = database.sql.query(INSERT, [['dup'], ['again'], [null], ['2'], [null], [new Date().toISOString()]], { preparedName: 'insert_notes' });

      const failure: unknown = await duplicate.then(() => undefined, (error: unknown) => error);
      expect(sqlStateOf(failure)).toBe(UNIQUE_VIOLATION);
      const { rows } = await database.sql.query<{ body: string }>(SELECT, [['dup']], { preparedName: 'select_notes' });
      expect(rows.map((row) => row.body)).toEqual(['first']);
    });

    it('roll back with their transaction', async () => {
      const attempt = database.sql.transaction(async (tx) => {
        await tx.query(INSERT, [['rolled'], ['gone'], [null], ['3'], [null], [new Date().toISOString()]], { preparedName: 'insert_notes' });
        throw new Error('abandon the transaction');
      });

      await expect(attempt).rejects.toThrow('abandon the transaction');
      const { rows } = await database.sql.query(SELECT, [['rolled']], { preparedName: 'select_notes' });
      expect(rows).toEqual([]);
    });
  });
}

describePreparedStatements('PGlite', openPGliteForTests);
describeWithPostgres('prepared statements on PostgreSQL', (url) => describePreparedStatements('PostgreSQL', () => openPostgresForTests(url)));
