import type { EventDefinition } from '../../domain/shared/events';

/** Marks a public data set as imported, so the next start skips it unless the file changed. */
export interface SharedDataImportedData {
  dataset: string;
  sha256: string;
  imported: number;
  skipped: number;
  rejected: number;
  importedAt: string;
}

export const importEventDefinitions: EventDefinition<'SharedDataImported'>[] = [
  { type: 'SharedDataImported', schemaVersion: 1, phiFields: [] },
];

export const importStream = (dataset: string) => `shared-data-import-${dataset}`;
