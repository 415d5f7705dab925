import { existsSync } from 'node:fs';
import path from 'node:path';

// The public data sets (Ontario facilities, Synthea bundles, KTAS triage rows, DICOM files) live
// beside the repository in ../shared/data, the same place on a developer machine and in CI.
// OHIP_SHARED_DATA overrides it, for a deployment that keeps the data elsewhere.
const repositoryRoot = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

export function sharedDataDirectory(): string {
  const configured = process.env.OHIP_SHARED_DATA;
  if (configured) {
    return path.resolve(configured);
  }
  return path.resolve(repositoryRoot, '..', 'shared', 'data');
}

export function sharedDataFile(...segments: string[]): string {
  const file = path.join(sharedDataDirectory(), ...segments);
  if (!existsSync(file)) {
    throw new Error(
      `shared data file ${file} is missing; set OHIP_SHARED_DATA to the folder that holds ` +
        'providers/, fhir/ and triage/',
    );
  }
  return file;
}

export function repositoryPath(...segments: string[]): string {
  return path.join(repositoryRoot, ...segments);
}
