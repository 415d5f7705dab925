import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Logger } from 'pino';

import type { Projection } from '../../projections/runner/projection';
import { ProjectionRunner } from '../../projections/runner/projection-runner';
import type { AppConfig } from '../config/config';
import { CachedPatientKeyStore } from '../crypto/cached-patient-key-store';
import { resolveMasterKey } from '../crypto/master-key';
import type { PatientKeyStore } from '../crypto/patient-key-store';
import { PhiCipher } from '../crypto/phi-cipher';
import { PhiEventCodec } from '../crypto/phi-event-codec';
import { SqlPatientKeyStore } from '../crypto/sql-patient-key-store';
import { EsdbEventStore } from '../event-store/esdb/esdb-event-store';
import { eventRegistry } from '../event-store/event-registry';
import type { EventStore } from '../event-store/event-store.port';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { PGliteClient } from '../sql/pglite-client';
import { PostgresClient } from '../sql/postgres-client';
import type { SqlClient } from '../sql/sql-client';

/**
 * The engines one process runs on, chosen by configuration: the event store, the SQL database
 * that holds the read models (and, for the SQL stores, the events too), and the projection
 * runners that keep the read models current.
 */
export class Runtime {
  private constructor(
    readonly config: AppConfig,
    readonly store: EventStore,
    readonly sql: SqlClient,
    readonly projections: Map<string, ProjectionRunner>,
    private readonly logger: Logger,
    /** The patients' PHI data keys; destroying one erases that patient's PHI in every event. */
    readonly patientKeys: PatientKeyStore,
    private readonly stopFollowingKeys?: () => Promise<void>,
  ) {}

  static async open(config: AppConfig, logger: Logger, projections: Projection[]): Promise<Runtime> {
    const sql = await openSql(config);
    const keyTable = await SqlPatientKeyStore.create(sql, resolveMasterKey(config, logger));
    const patientKeys = new CachedPatientKeyStore(keyTable);
    const stopFollowingKeys = await keyTable.followDestructions(
      (patientId) => patientKeys.forget(patientId),
      () => {
        logger.warn('key destruction notifications resumed after a lost connection, so every cached key was dropped');
        patientKeys.forgetAll();
      },
    );
    const store = await openStore(config, sql, new PhiEventCodec(new PhiCipher(patientKeys), eventRegistry));
    const runners = new Map(
      projections.map((projection) => [
        projection.name,
        new ProjectionRunner(store, sql, projection, logger.child({ component: 'projection' })),
      ]),
    );
    logger.info({ eventStore: store.kind, readModels: sql.kind }, 'engines opened');
    return new Runtime(config, store, sql, runners, logger, patientKeys, stopFollowingKeys);
  }

  async startProjections(): Promise<void> {
    for (const runner of this.projections.values()) {
      await runner.start();
    }
  }

  /** Waits until the named projection has applied the event at `position`. */
  async waitForProjection(name: string, position: bigint): Promise<boolean> {
    const runner = this.projections.get(name);
    if (!runner) {
      return false;
    }
    try {
      await runner.waitFor(position, this.config.readYourWritesTimeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /** Waits until every projection has applied everything stored so far. */
  async waitForProjectionsAtHead(timeoutMs = 60_000): Promise<void> {
    const head = await this.store.headPosition();
    await Promise.all([...this.projections.values()].map((runner) => runner.waitFor(head, timeoutMs)));
  }

  async close(): Promise<void> {
    for (const runner of this.projections.values()) {
      await runner.stop();
    }
    await this.stopFollowingKeys?.();
    await this.store.close();
    await this.sql.close();
    this.logger.info('engines closed');
  }
}

async function openSql(config: AppConfig): Promise<SqlClient> {
  if (config.eventStore === 'pglite') {
    // PGlite ships CommonJS builds of its extensions but only ESM type declarations for them.
    const { cube } = require('@electric-sql/pglite/contrib/cube') as { cube: unknown };
    const { earthdistance } = require('@electric-sql/pglite/contrib/earthdistance') as { earthdistance: unknown };
    const directory = path.join(config.dataDirectory, 'pglite');
    mkdirSync(directory, { recursive: true });
    return PGliteClient.open(directory, { cube, earthdistance });
  }
  return PostgresClient.fromUrl(config.databaseUrl!, 20);
}

async function openStore(config: AppConfig, sql: SqlClient, phi: PhiEventCodec): Promise<EventStore> {
  if (config.eventStore === 'eventstoredb') {
    // NOTE: events in EventStoreDB are stored without PHI encryption, so erasing a patient there
    // purges the read models but leaves their PHI readable in the events.
    return EsdbEventStore.fromConnectionString(config.esdbConnectionString!);
  }
  return SqlEventStore.create(sql, { phi });
}
