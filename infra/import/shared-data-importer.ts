import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { CommandBus } from '@nestjs/cqrs';
import { parse } from 'csv-parse/sync';
import type { Logger } from 'pino';

import { ImportPatientRecordCommand } from '../../commands/patients/patient-commands';
import { RegisterProviderLocationCommand } from '../../commands/providers/provider-location-commands';
import { toNewEvents } from '../../commands/shared/aggregate-repository';
import type { CommandContext } from '../../commands/shared/command-context';
import { readPatientBundle } from '../../domain/patients/fhir-bundle';
import { facilityToLocation, type FacilityRow } from '../../domain/providers/ontario-facilities';
import { DomainError } from '../../domain/shared/errors';
import { sharedDataDirectory } from '../config/shared-data';
import type { EventStore } from '../event-store/event-store.port';
import { importRecordsTotal } from '../observability/metrics';
import { importStream, type SharedDataImportedData } from './import-events';
import type { DatasetProgress, ImportStatus } from './import-status';

/** Commands in flight at once; the store serializes them anyway on PGlite, this only hides latency. */
const IMPORT_CONCURRENCY = 16;
const IMPORTER = { id: 'shared-data-importer', role: 'system' };

/**
 * Brings the public data sets in on first start, through the same commands a user would send:
 * the Ontario Ministry of Health facility list as provider locations, and Synthea FHIR bundles as
 * patient registrations with their conditions and observations. Each command id is derived from
 * the record, so an interrupted import resumes without storing anything twice, and a data set
 * whose file is unchanged since its last import is skipped.
 */
export class SharedDataImporter {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly store: EventStore,
    private readonly status: ImportStatus,
    private readonly logger: Logger,
  ) {}

  async importAll(): Promise<void> {
    const root = sharedDataDirectory();
    await this.importDataset('ontario-facilities', [path.join(root, 'providers', 'ON_MOH_service_provider_locations.csv')], (files, progress) =>
      this.importFacilities(files[0]!, progress),
    );

    const bundleDirectory = path.join(root, 'fhir', 'synthea');
    const bundles = readdirSync(bundleDirectory).filter((file) => file.endsWith('.json')).sort().map((file) => path.join(bundleDirectory, file));
    await this.importDataset('synthea-patients', bundles, (files, progress) => this.importBundles(files, progress));
  }

  private async importDataset(
    dataset: string,
    files: string[],
    run: (files: string[], progress: DatasetProgress) => Promise<void>,
  ): Promise<void> {
    const progress: DatasetProgress = { dataset, state: 'running', imported: 0, skipped: 0, rejected: 0 };
    const sha256 = hashFiles(files);
    const previous = await this.store.readStream(importStream(dataset), { direction: 'backwards', maxCount: 1 });
    if ((previous[0]?.data as SharedDataImportedData | undefined)?.sha256 === sha256) {
      this.status.update({ ...progress, state: 'skipped' });
      this.logger.info({ dataset }, 'shared data already imported; skipped');
      return;
    }

    const started = Date.now();
    this.status.update(progress);
    try {
      await run(files, progress);
    } catch (error) {
      this.status.update({ ...progress, state: 'failed' });
      this.logger.error({ dataset, err: error }, 'shared data import failed');
      return;
    }

    const marker: SharedDataImportedData = { dataset, sha256, imported: progress.imported, skipped: progress.skipped, rejected: progress.rejected, importedAt: new Date().toISOString() };
    await this.store.appendToStream(importStream(dataset), toNewEvents([{ type: 'SharedDataImported', data: marker }], this.context(`marker:${dataset}:${sha256}`)), 'any');
    this.status.update({ ...progress, state: 'done' });
    this.logger.info({ dataset, imported: progress.imported, skipped: progress.skipped, rejected: progress.rejected, ms: Date.now() - started }, 'shared data imported');
  }

  private async importFacilities(file: string, progress: DatasetProgress): Promise<void> {
    const rows = parse(readFileSync(file), { bom: true, columns: true, skip_empty_lines: true, relax_quotes: true }) as FacilityRow[];
    const registeredAt = new Date().toISOString();

    await forEachConcurrently(rows, IMPORT_CONCURRENCY, async (row) => {
      const mapped = facilityToLocation(row, registeredAt);
      if ('skipped' in mapped) {
        progress.skipped++;
        importRecordsTotal.inc({ dataset: 'ontario-facilities', outcome: 'skipped' });
        return;
      }
      await this.dispatch('ontario-facilities', progress, new RegisterProviderLocationCommand(mapped.location, this.context(`facility:${mapped.location.locationId}`)));
    });
  }

  private async importBundles(files: string[], progress: DatasetProgress): Promise<void> {
    for (const [index, file] of files.entries()) {
      const context = this.context(`synthea:${path.basename(file)}`);
      try {
        const record = readPatientBundle(JSON.parse(readFileSync(file, 'utf8')), context.receivedAt);
        await this.dispatch('synthea-patients', progress, new ImportPatientRecordCommand(record, context));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        progress.rejected++;
        // The bundle's position, not its file name: export file names often carry the patient's name.
        this.logger.warn({ dataset: 'synthea-patients', bundle: index + 1, of: files.length, problems: error.violations.length, firstField: error.violations[0]?.field }, 'bundle rejected');
      }
    }
  }

  private async dispatch(dataset: string, progress: DatasetProgress, command: object): Promise<void> {
    try {
      await this.commandBus.execute(command);
      progress.imported++;
      importRecordsTotal.inc({ dataset, outcome: 'imported' });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      progress.rejected++;
      importRecordsTotal.inc({ dataset, outcome: 'rejected' });
    }
    if ((progress.imported + progress.rejected) % 1000 === 0) {
      this.status.update(progress);
    }
  }

  private context(recordKey: string): CommandContext {
    return {
      commandId: `import:${recordKey}`,
      correlationId: randomUUID(),
      causationId: null,
      actor: IMPORTER,
      receivedAt: new Date().toISOString(),
    };
  }
}

function hashFiles(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(path.basename(file)).update(readFileSync(file));
  }
  return hash.digest('hex');
}

async function forEachConcurrently<Item>(items: Item[], concurrency: number, work: (item: Item) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
