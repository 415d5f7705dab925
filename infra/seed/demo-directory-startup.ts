import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';

import type { EventStore } from '../event-store/event-store.port';
import { importStream } from '../import/import-events';
import { loggerFor } from '../observability/logger';
import { Runtime } from '../runtime/runtime';
import { seedDemoDirectory, type DemoSeedOutcome } from './demo-directory-seeder';

/** The facility import can take minutes on a slow disk; past this the seed gives up and logs it. */
const CATCH_UP_TIMEOUT_MS = 600_000;
const FACILITY_DATASET = 'ontario-facilities';

/**
 * Seeds the demo directory in the background once the Ontario facilities are imported: at start
 * when an earlier run imported them, or as soon as this run's import stores its marker. With the
 * import switched off and no earlier import, it seeds nothing.
 */
@Injectable()
export class DemoDirectoryStartup implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = loggerFor('demo-directory');
  private readonly stopping = new AbortController();
  private running: Promise<DemoSeedOutcome | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly runtime: Runtime,
    private readonly commandBus: CommandBus,
  ) {}

  /** Resolves when this start's seed has finished and the directory shows it (undefined if none ran). */
  get finished(): Promise<DemoSeedOutcome | undefined> {
    return this.running;
  }

  onApplicationBootstrap(): void {
    if (!this.runtime.config.seedDemoDirectory) {
      this.logger.info('demo directory seed switched off (OHIP_SEED_DEMO_DIRECTORY=false)');
      return;
    }
    this.running = this.seedAfterFacilityImport().catch((error: unknown) => {
      this.logger.error({ err: error }, 'demo directory seed failed');
      return undefined;
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  private async seedAfterFacilityImport(): Promise<DemoSeedOutcome | undefined> {
    const marker = await waitForFacilityImport(this.runtime.store, this.stopping.signal);
    if (marker === undefined) return undefined;

    const caughtUp =
      (await this.waitForProjection('provider_locations', marker)) &&
      (await this.waitForProjection('provider_directory', await this.runtime.store.headPosition()));
    if (!caughtUp) return undefined;
    const outcome = await seedDemoDirectory(
      { commandBus: this.commandBus, sql: this.runtime.sql, logger: this.logger, signal: this.stopping.signal },
      {},
    );
    await this.waitForProjection('provider_directory', outcome.lastPosition);

    const { state, seeded, rejected, ms } = outcome;
    this.logger.info({ state, seeded, rejected, ms }, 'demo directory seed finished');
    return outcome;
  }

  /** Returns false when shutdown began first, so shutdown never waits for a slow catch-up. */
  private async waitForProjection(name: string, position: bigint): Promise<boolean> {
    const runner = this.runtime.projections.get(name);
    if (!runner) {
      throw new Error(`projection ${name} is not running; add it to the feature projections`);
    }
    const signal = this.stopping.signal;
    const caughtUp = runner.waitFor(position, CATCH_UP_TIMEOUT_MS).then(() => true);
    const stopped = new Promise<false>((resolve) => {
      if (signal.aborted) resolve(false);
      signal.addEventListener('abort', () => resolve(false), { once: true });
    });
    const result = await Promise.race([caughtUp, stopped]);
    // Once shutdown won the race, a later timeout of the abandoned wait is of no interest.
    if (!result) caughtUp.catch(() => undefined);
    return result;
  }
}

/**
 * Resolves with the position of the facility import's marker event, stored earlier or appended
 * later, or with undefined when `signal` aborts first.
 */
export async function waitForFacilityImport(store: EventStore, signal: AbortSignal): Promise<bigint | undefined> {
  const head = await store.headPosition();
  const [previous] = await store.readStream(importStream(FACILITY_DATASET), { direction: 'backwards', maxCount: 1 });
  if (previous) return previous.globalPosition;

  return new Promise((resolve) => {
    const markerStream = importStream(FACILITY_DATASET);
    const subscription = store.subscribeToAll({
      after: head,
      handler: async (events) => {
        const marker = events.find((event) => event.streamId === markerStream);
        if (!marker) return;
        resolve(marker.globalPosition);
        // Not awaited: stop() waits for this handler to return.
        void subscription.stop();
      },
    });
    const abort = () => void subscription.stop().then(() => resolve(undefined));
    if (signal.aborted) abort();
    else signal.addEventListener('abort', abort, { once: true });
  });
}
