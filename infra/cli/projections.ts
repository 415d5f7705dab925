import { featureProjections } from '../../features';
import { coreProjections } from '../../projections';
import { loadConfig } from '../config/config';
import { flushLogs, loggerFor } from '../observability/logger';
import { Runtime } from '../runtime/runtime';

// Runs or maintains the projections outside the HTTP process, against the configured database.
//
//   node dist/infra/cli/projections.js run              follow the store until SIGTERM
//   node dist/infra/cli/projections.js rebuild NAME     replay NAME from position 0 and swap it in
//   node dist/infra/cli/projections.js status           print each projection's checkpoint
//
// With the embedded PGlite store the HTTP process holds the database, so use
// POST /api/v1/projections/NAME/rebuild there instead.

const logger = loggerFor('projections-cli');

async function main(): Promise<void> {
  const [command = 'run', name] = process.argv.slice(2);
  const runtime = await Runtime.open(loadConfig(), logger, [...coreProjections, ...featureProjections]);

  switch (command) {
    case 'run': {
      await runtime.startProjections();
      logger.info({ projections: [...runtime.projections.keys()] }, 'projections running');
      const stop = () => void runtime.close().then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      return;
    }
    case 'rebuild': {
      const runner = name ? runtime.projections.get(name) : undefined;
      if (!runner) {
        throw new Error(`unknown projection "${name ?? ''}"; known: ${[...runtime.projections.keys()].join(', ')}`);
      }
      await runner.start();
      const result = await runner.rebuild();
      process.stdout.write(`${JSON.stringify({ projection: name, ...result })}\n`);
      await runtime.close();
      return;
    }
    case 'status': {
      const { rows } = await runtime.sql.query('select name, version, position::text as position, updated_at from projection_checkpoints order by name');
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      await runtime.close();
      return;
    }
    default:
      throw new Error(`unknown command "${command}"; use run, rebuild NAME or status`);
  }
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'projections command failed');
  flushLogs();
  process.exit(1);
});
