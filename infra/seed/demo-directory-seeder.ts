import { randomUUID } from 'node:crypto';

import type { CommandBus } from '@nestjs/cqrs';
import type { Logger } from 'pino';

import {
  AssignPractitionerRoleCommand,
  RateProviderQualityCommand,
  RegisterProviderCommand,
} from '../../commands/providers/provider-commands';
import type { CommandOutcome } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import type { DemoProviderPlan, FacilityLocation, ProviderCommand } from '../../domain/providers';
import { DomainError } from '../../domain/shared/errors';
import type { SqlExecutor } from '../sql/sql-client';
import { DEMO_PROVIDER_LIMIT, planDemoDirectory, type DemoDirectoryOptions } from './demo-directory-plan';

// Registers demo practitioners for real Ontario facilities through the provider commands, as an
// administrator would one by one. Command ids derive from the provider and the command, so a
// seed cut short by a restart resumes without storing anything twice.

/** Providers seeded at once. Each runs its commands in order; the store serializes on PGlite. */
const SEED_CONCURRENCY = 16;
const SEEDER = { id: 'demo-directory-seeder', role: 'system' };

export interface DemoSeedDependencies {
  commandBus: CommandBus;
  /** Reads the facility locations and the directory, both read models. */
  sql: SqlExecutor;
  logger: Logger;
  /** Stops the seed between providers; what was seeded stays. */
  signal?: AbortSignal;
}

export interface DemoSeedOutcome {
  state: 'seeded' | 'skipped' | 'stopped';
  /** Providers whose commands all succeeded in this run. */
  seeded: number;
  rejected: number;
  /** Position of the last event appended, to wait for the directory to show it. */
  lastPosition: bigint;
  ms: number;
}

/**
 * Seeds the demo directory unless it already contains the planned number of demo providers. Needs
 * the provider_locations read model to be current and the directory to be caught up.
 */
export async function seedDemoDirectory(
  dependencies: DemoSeedDependencies,
  options: Partial<DemoDirectoryOptions> = {},
): Promise<DemoSeedOutcome> {
  const started = Date.now();
  const maxProviders = options.maxProviders ?? DEMO_PROVIDER_LIMIT;
  const outcome: DemoSeedOutcome = { state: 'seeded', seeded: 0, rejected: 0, lastPosition: 0n, ms: 0 };

  const present = await countDemoProviders(dependencies.sql);
  if (present >= maxProviders) {
    dependencies.logger.info({ present }, 'demo directory already seeded; skipped');
    return { ...outcome, state: 'skipped' };
  }

  const facilities = await readFacilities(dependencies.sql);
  const now = options.now ?? new Date().toISOString();
  for (const plans of planDemoDirectory(facilities, { ...options, maxProviders, now })) {
    if (dependencies.signal?.aborted) {
      return { ...outcome, state: 'stopped', ms: Date.now() - started };
    }
    await forEachConcurrently(plans, SEED_CONCURRENCY, (plan) => seedProvider(dependencies, plan, outcome));
    dependencies.logger.debug({ seeded: outcome.seeded, rejected: outcome.rejected }, 'demo directory progress');
  }
  return { ...outcome, state: dependencies.signal?.aborted ? 'stopped' : 'seeded', ms: Date.now() - started };
}

async function seedProvider(dependencies: DemoSeedDependencies, plan: DemoProviderPlan, outcome: DemoSeedOutcome): Promise<void> {
  if (dependencies.signal?.aborted) return;
  try {
    for (const command of plan.commands) {
      const busCommand = toBusCommand(command);
      if (!busCommand) continue;
      const result: CommandOutcome = await dependencies.commandBus.execute(busCommand);
      if (result.position > outcome.lastPosition) outcome.lastPosition = result.position;
    }
    outcome.seeded++;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    outcome.rejected++;
    dependencies.logger.warn({ providerId: plan.providerId, error: error.message }, 'demo provider rejected');
  }
}

// Schedules belong to the scheduling work, which opens slots for the providers seeded here, so
// OpenSchedule commands from the plan are left out.
function toBusCommand(command: ProviderCommand): object | undefined {
  const context = seederContext(`${command.providerId}:${command.type}`);
  switch (command.type) {
    case 'RegisterProvider': {
      const { type: _type, ...data } = command;
      return new RegisterProviderCommand(data, context);
    }
    case 'AssignPractitionerRole': {
      const { type: _type, ...data } = command;
      return new AssignPractitionerRoleCommand(data, context);
    }
    case 'RateProviderQuality': {
      const { type: _type, ...data } = command;
      return new RateProviderQualityCommand(data, context);
    }
    case 'OpenSchedule':
      return undefined;
    default:
      throw new Error(`unhandled provider command ${(command as { type: string }).type}`);
  }
}

function seederContext(recordKey: string): CommandContext {
  return {
    commandId: `demo-directory:${recordKey}`,
    correlationId: randomUUID(),
    causationId: null,
    actor: SEEDER,
    receivedAt: new Date().toISOString(),
  };
}

async function countDemoProviders(sql: SqlExecutor): Promise<number> {
  const { rows } = await sql.query<{ present: number }>('select count(*)::int as present from rm_provider_directory.providers where demo');
  return Number(rows[0]?.present ?? 0);
}

async function readFacilities(sql: SqlExecutor): Promise<FacilityLocation[]> {
  const { rows } = await sql.query<{ location_id: string; name_en: string; service_type: string; lat: number; lng: number; community: string }>(
    'select location_id, name_en, service_type, lat, lng, community from rm_provider_locations.locations order by location_id',
  );
  return rows.map((row) => ({
    facilityId: row.location_id,
    name: row.name_en,
    serviceType: row.service_type,
    lat: row.lat,
    lng: row.lng,
    community: row.community,
  }));
}

async function forEachConcurrently<Item>(items: Item[], concurrency: number, work: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      await work(items[next++]!);
    }
  });
  await Promise.all(workers);
}
