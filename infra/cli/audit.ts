import { parseArgs } from 'node:util';

import { AuditChainVerifier } from '../audit/audit-chain-verifier';
import { searchAccesses } from '../audit/audit-search';
import { replayJourney } from '../audit/patient-journey';
import { loadConfig } from '../config/config';
import { flushLogs, loggerFor } from '../observability/logger';
import { Runtime } from '../runtime/runtime';

// The auditor's tools outside the HTTP API, against the configured database. Output is JSON.
//
//   npm run audit -- accesses [--patient ID] [--actor ID] [--from ISO] [--to ISO] [--limit N]
//   npm run audit -- journey --patient ID [--as-of ISO] [--position N]
//   npm run audit -- verify [--patient ID]      exits with status 2 when a chain is broken
//
// With the embedded PGlite store the HTTP process holds the database, so stop it first or use
// the /api/v1/audit routes. The journey prints decrypted PHI: run it only as an auditor.

// NOTE: the CLI reads and prints PHI without recording an access event, because it has no
// signed-in auditor to name; access to it rests on access to the database host.

const logger = loggerFor('audit-cli');

const usage = 'use accesses, journey --patient ID or verify; see the header of infra/cli/audit.ts for the options';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      patient: { type: 'string' },
      actor: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      'as-of': { type: 'string' },
      position: { type: 'string' },
    },
  });
  const [command] = positionals;
  if (command !== 'accesses' && command !== 'journey' && command !== 'verify') {
    throw new Error(`unknown command "${command ?? ''}": ${usage}`);
  }

  const runtime = await Runtime.open(loadConfig(), logger, []);
  try {
    switch (command) {
      case 'accesses': {
        const { rows } = await runtime.sql.query<{ present: boolean }>(`select to_regclass('rm_audit_accesses.accesses') is not null as present`);
        if (!rows[0]?.present) {
          throw new Error('the read model audit_accesses does not exist in this database yet; start the product once, or run `npm run projections -- run`, then search again');
        }
        const limit = values.limit === undefined ? undefined : Number(values.limit);
        print(await searchAccesses(runtime.sql, { patientId: values.patient, actorId: values.actor, from: values.from, to: values.to, limit }));
        return 0;
      }
      case 'journey': {
        if (!values.patient) throw new Error(`journey needs --patient ID: ${usage}`);
        if (values.position !== undefined && !/^\d+$/.test(values.position)) {
          throw new Error(`--position "${values.position}" is not a global position; pass a non-negative integer`);
        }
        print(
          await replayJourney(runtime.store, runtime.sql, {
            patientId: values.patient,
            asOf: values['as-of'] ? new Date(values['as-of']) : undefined,
            asOfPosition: values.position ? BigInt(values.position) : undefined,
          }),
        );
        return 0;
      }
      case 'verify': {
        const verifier = new AuditChainVerifier(runtime.store, runtime.sql);
        if (values.patient) {
          const report = await verifier.verifyPatient(values.patient);
          print(report);
          return report.valid ? 0 : 2;
        }
        const result = await verifier.verifyAll();
        print(result);
        return result.broken.length === 0 ? 0 : 2;
      }
    }
  } finally {
    await runtime.close();
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

main().then(
  (status) => {
    flushLogs();
    process.exit(status);
  },
  (error: unknown) => {
    logger.fatal({ err: error }, 'audit command failed');
    flushLogs();
    process.exit(1);
  },
);
