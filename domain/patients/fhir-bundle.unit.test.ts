import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { sharedDataDirectory } from '../../infra/config/shared-data';
import { ValidationError } from '../shared/errors';
import { readPatientBundle } from './fhir-bundle';

const syntheaDirectory = path.join(sharedDataDirectory(), 'fhir', 'synthea');
const recordedAt = '2026-12-01T12:00:00.000Z';

function loadBundle(file: string): { entry: { resource: Record<string, unknown> }[] } {
  return JSON.parse(readFileSync(path.join(syntheaDirectory, file), 'utf8'));
}

function rejection(bundle: unknown): ValidationError {
  try {
    readPatientBundle(bundle, recordedAt);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the bundle was accepted');
}

describe('FHIR patient bundle import', () => {
  const files = readdirSync(syntheaDirectory).filter((file) => file.endsWith('.json'));

  it.each(files)('reads every condition and observation of %s', (file) => {
    const bundle = loadBundle(file);
    const count = (type: string) => bundle.entry.filter((entry) => entry.resource.resourceType === type).length;

    const record = readPatientBundle(bundle, recordedAt);

    expect(record.conditions).toHaveLength(count('Condition'));
    expect(record.observations).toHaveLength(count('Observation'));
    expect(record.patient.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps blood pressure components', () => {
    const record = readPatientBundle(loadBundle('Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json'), recordedAt);

    const pressure = record.observations.find((observation) => observation.code.code === '55284-4');

    expect(pressure?.value.components.map((component) => component.code.code).sort()).toEqual(['8462-4', '8480-6']);
  });

  it('names the entry of an observation without a code', () => {
    const bundle = loadBundle('Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json');
    const index = bundle.entry.findIndex((entry) => entry.resource.resourceType === 'Observation');
    delete bundle.entry[index]!.resource.code;

    expect(rejection(bundle).violations).toContainEqual({ field: `entry[${index}].resource.code.coding`, rule: 'needs a coding with a system and a code' });
  });

  it('rejects a condition about someone else', () => {
    const bundle = loadBundle('Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json');
    const index = bundle.entry.findIndex((entry) => entry.resource.resourceType === 'Condition');
    bundle.entry[index]!.resource.subject = { reference: 'urn:uuid:00000000-0000-0000-0000-000000000000' };

    expect(rejection(bundle).violations.map((violation) => violation.field)).toContain(`entry[${index}].resource.subject.reference`);
  });

  it('rejects a bundle without a patient', () => {
    const bundle = loadBundle('Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json');
    bundle.entry = bundle.entry.filter((entry) => entry.resource.resourceType !== 'Patient');

    expect(rejection(bundle).violations[0]).toEqual({ field: 'entry', rule: 'must contain exactly one Patient resource, found 0' });
  });

  it('rejects an impossible birth date', () => {
    const bundle = loadBundle('Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json');
    const index = bundle.entry.findIndex((entry) => entry.resource.resourceType === 'Patient');
    bundle.entry[index]!.resource.birthDate = 'last spring';

    expect(rejection(bundle).violations.map((violation) => violation.field)).toContain(`entry[${index}].resource.birthDate`);
  });

  it('rejects something that is not a bundle', () => {
    expect(rejection({ resourceType: 'Patient' }).violations[0]).toEqual({ field: 'resourceType', rule: 'must be "Bundle"' });
  });

  it('rejects an empty bundle', () => {
    expect(rejection({ resourceType: 'Bundle', type: 'transaction', entry: [] }).violations[0]!.field).toBe('entry');
  });
});
