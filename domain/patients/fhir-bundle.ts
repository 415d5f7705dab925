import { ValidationError, type FieldViolation } from '../shared/errors';
import type {
  CodedConcept,
  ConditionRecordedData,
  ObservationRecordedData,
  ObservationValue,
  PatientRegisteredData,
} from './patient-events';

// Reads a FHIR R4 transaction or collection Bundle that carries one patient's record (the shape
// Synthea and most EHR exports produce) into the data of an ImportPatientRecord command. Every
// problem is collected with the entry it came from, so a client sees all of them at once; a
// bundle with any problem is refused whole.

export interface PatientRecord {
  patient: PatientRegisteredData;
  conditions: ConditionRecordedData[];
  observations: ObservationRecordedData[];
}

interface FhirResource {
  resourceType?: unknown;
  id?: unknown;
  [key: string]: unknown;
}

const CLINICAL_STATUSES = new Set(['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved']);
const GENDERS = new Set(['male', 'female', 'other', 'unknown']);
const DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Resource types this import reads; the rest of a bundle (claims, encounters, ...) is left out. */
export const IMPORTED_RESOURCE_TYPES = ['Patient', 'Condition', 'Observation'] as const;

export function readPatientBundle(bundle: unknown, recordedAt: string): PatientRecord {
  const violations: FieldViolation[] = [];
  const entries = bundleEntries(bundle, violations);

  const patientEntries = entries.filter(({ resource }) => resource.resourceType === 'Patient');
  if (entries.length > 0 && patientEntries.length !== 1) {
    violations.push({ field: 'entry', rule: `must contain exactly one Patient resource, found ${patientEntries.length}` });
  }

  const patientEntry = patientEntries[0];
  const patient = patientEntry ? readPatient(patientEntry, recordedAt, violations) : undefined;
  const patientReferences = new Set(
    patientEntry ? [patientEntry.fullUrl, `Patient/${String(patientEntry.resource.id)}`].filter(Boolean) : [],
  );

  const conditions: ConditionRecordedData[] = [];
  const observations: ObservationRecordedData[] = [];
  for (const entry of entries) {
    const subjectOk = () => requirePatientSubject(entry, patientReferences, violations);
    if (entry.resource.resourceType === 'Condition' && subjectOk()) {
      const condition = readCondition(entry, patient?.patientId ?? '', recordedAt, violations);
      if (condition) conditions.push(condition);
    }
    if (entry.resource.resourceType === 'Observation' && subjectOk()) {
      const observation = readObservation(entry, patient?.patientId ?? '', recordedAt, violations);
      if (observation) observations.push(observation);
    }
  }

  if (violations.length > 0 || !patient) {
    throw new ValidationError(
      `the bundle was rejected: ${violations.length} problem(s), first at ${violations[0]?.field ?? 'entry'}`,
      violations,
    );
  }
  return { patient, conditions, observations };
}

interface BundleEntry {
  index: number;
  fullUrl: string | undefined;
  resource: FhirResource;
}

function bundleEntries(bundle: unknown, violations: FieldViolation[]): BundleEntry[] {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    violations.push({ field: 'resourceType', rule: 'must be "Bundle"' });
    return [];
  }
  if (bundle.type !== 'transaction' && bundle.type !== 'collection' && bundle.type !== 'batch') {
    violations.push({ field: 'type', rule: 'must be "transaction", "batch" or "collection"' });
  }
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) {
    violations.push({ field: 'entry', rule: 'must be a non-empty array' });
    return [];
  }

  const entries: BundleEntry[] = [];
  bundle.entry.forEach((entry: unknown, index: number) => {
    if (!isObject(entry) || !isObject(entry.resource) || typeof entry.resource.resourceType !== 'string') {
      violations.push({ field: `entry[${index}].resource.resourceType`, rule: 'every entry needs a resource with a resourceType' });
      return;
    }
    entries.push({
      index,
      fullUrl: typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined,
      resource: entry.resource as FhirResource,
    });
  });
  return entries;
}

function readPatient(entry: BundleEntry, recordedAt: string, violations: FieldViolation[]): PatientRegisteredData | undefined {
  const at = (field: string) => `entry[${entry.index}].resource.${field}`;
  const resource = entry.resource;
  const before = violations.length;

  const id = stringOrUndefined(resource.id);
  if (!id || !/^[A-Za-z0-9\-.]{1,64}$/.test(id)) {
    violations.push({ field: at('id'), rule: 'must be a FHIR id (1 to 64 letters, digits, "-" or ".")' });
  }
  const names = Array.isArray(resource.name) ? resource.name.filter(isObject) : [];
  const official = names.find((name) => name.use === 'official') ?? names[0];
  const family = stringOrUndefined(official?.family);
  const given = Array.isArray(official?.given) ? official.given.filter((part): part is string => typeof part === 'string') : [];
  if (!family && given.length === 0) {
    violations.push({ field: at('name'), rule: 'must include a family or a given name' });
  }
  const gender = stringOrUndefined(resource.gender) ?? 'unknown';
  if (!GENDERS.has(gender)) {
    violations.push({ field: at('gender'), rule: 'must be one of male, female, other, unknown' });
  }
  const birthDate = stringOrUndefined(resource.birthDate);
  if (!birthDate || !DATE.test(birthDate)) {
    violations.push({ field: at('birthDate'), rule: 'must be a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)' });
  }
  const deceasedAt = stringOrUndefined(resource.deceasedDateTime) ?? null;
  if (deceasedAt !== null && !DATE_TIME.test(deceasedAt)) {
    violations.push({ field: at('deceasedDateTime'), rule: 'must be a FHIR dateTime with a time zone' });
  }
  if (violations.length > before) {
    return undefined;
  }

  return {
    patientId: id!,
    sourceSystem: 'fhir-bundle',
    sourceId: id!,
    name: { given, family: family ?? '', prefix: stringArray(official?.prefix) },
    gender: gender as PatientRegisteredData['gender'],
    birthDate: birthDate!,
    deceasedAt,
    address: readAddress(resource.address),
    phone: readPhone(resource.telecom),
    preferredLanguage: readLanguage(resource.communication),
    registeredAt: recordedAt,
  };
}

function readCondition(
  entry: BundleEntry,
  patientId: string,
  recordedAt: string,
  violations: FieldViolation[],
): ConditionRecordedData | undefined {
  const at = (field: string) => `entry[${entry.index}].resource.${field}`;
  const resource = entry.resource;
  const before = violations.length;

  const id = stringOrUndefined(resource.id);
  if (!id) violations.push({ field: at('id'), rule: 'is required' });
  const code = readCodeableConcept(resource.code, at('code'), violations);
  const status = firstCode(resource.clinicalStatus) ?? 'active';
  if (!CLINICAL_STATUSES.has(status)) {
    violations.push({ field: at('clinicalStatus'), rule: `must be one of ${[...CLINICAL_STATUSES].join(', ')}` });
  }
  const onsetAt = optionalDateTime(resource.onsetDateTime, at('onsetDateTime'), violations);
  const abatedAt = optionalDateTime(resource.abatementDateTime, at('abatementDateTime'), violations);
  if (violations.length > before || !code) {
    return undefined;
  }

  return {
    patientId,
    conditionId: id!,
    code,
    clinicalStatus: status as ConditionRecordedData['clinicalStatus'],
    onsetAt,
    abatedAt,
    recordedAt,
  };
}

function readObservation(
  entry: BundleEntry,
  patientId: string,
  recordedAt: string,
  violations: FieldViolation[],
): ObservationRecordedData | undefined {
  const at = (field: string) => `entry[${entry.index}].resource.${field}`;
  const resource = entry.resource;
  const before = violations.length;

  const id = stringOrUndefined(resource.id);
  if (!id) violations.push({ field: at('id'), rule: 'is required' });
  const code = readCodeableConcept(resource.code, at('code'), violations);
  const effectiveAt = optionalDateTime(resource.effectiveDateTime, at('effectiveDateTime'), violations);
  if (!effectiveAt && violations.length === before) {
    violations.push({ field: at('effectiveDateTime'), rule: 'is required' });
  }
  const value = readObservationValue(resource, at, violations);
  const category = Array.isArray(resource.category) ? firstCode(resource.category[0]) ?? 'unknown' : 'unknown';
  if (violations.length > before || !code || !value) {
    return undefined;
  }

  return { patientId, observationId: id!, category, code, value, effectiveAt: effectiveAt!, recordedAt };
}

function readObservationValue(
  resource: FhirResource,
  at: (field: string) => string,
  violations: FieldViolation[],
): ObservationValue | undefined {
  const value: ObservationValue = { quantity: null, unit: null, text: null, components: [] };

  if (resource.valueQuantity !== undefined) {
    const quantity = readQuantity(resource.valueQuantity, at('valueQuantity'), violations);
    if (!quantity) return undefined;
    value.quantity = quantity.value;
    value.unit = quantity.unit;
  } else if (resource.valueCodeableConcept !== undefined) {
    const concept = readCodeableConcept(resource.valueCodeableConcept, at('valueCodeableConcept'), violations);
    if (!concept) return undefined;
    value.text = concept.display;
  } else if (typeof resource.valueString === 'string') {
    value.text = resource.valueString;
  }

  if (Array.isArray(resource.component)) {
    resource.component.forEach((component: unknown, index: number) => {
      const field = at(`component[${index}]`);
      if (!isObject(component)) {
        violations.push({ field, rule: 'must be an object' });
        return;
      }
      const code = readCodeableConcept(component.code, `${field}.code`, violations);
      const quantity = component.valueQuantity === undefined ? null : readQuantity(component.valueQuantity, `${field}.valueQuantity`, violations);
      if (code) value.components.push({ code, quantity: quantity?.value ?? null, unit: quantity?.unit ?? null });
    });
  }
  return value;
}

function readQuantity(raw: unknown, field: string, violations: FieldViolation[]): { value: number; unit: string | null } | undefined {
  if (!isObject(raw) || typeof raw.value !== 'number' || !Number.isFinite(raw.value)) {
    violations.push({ field: `${field}.value`, rule: 'must be a finite number' });
    return undefined;
  }
  return { value: raw.value, unit: stringOrUndefined(raw.unit) ?? stringOrUndefined(raw.code) ?? null };
}

function readCodeableConcept(raw: unknown, field: string, violations: FieldViolation[]): CodedConcept | undefined {
  const coding = isObject(raw) && Array.isArray(raw.coding) ? raw.coding.find(isObject) : undefined;
  const system = stringOrUndefined(coding?.system);
  const code = stringOrUndefined(coding?.code);
  if (!system || !code) {
    violations.push({ field: `${field}.coding`, rule: 'needs a coding with a system and a code' });
    return undefined;
  }
  const display = stringOrUndefined(coding?.display) ?? (isObject(raw) ? stringOrUndefined(raw.text) : undefined) ?? code;
  return { system, code, display };
}

function requirePatientSubject(entry: BundleEntry, patientReferences: Set<string | undefined>, violations: FieldViolation[]): boolean {
  const subject = entry.resource.subject;
  const reference = isObject(subject) ? stringOrUndefined(subject.reference) : undefined;
  if (!reference || !patientReferences.has(reference)) {
    violations.push({ field: `entry[${entry.index}].resource.subject.reference`, rule: "must refer to the bundle's Patient" });
    return false;
  }
  return true;
}

function optionalDateTime(raw: unknown, field: string, violations: FieldViolation[]): string | null {
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) {
    violations.push({ field, rule: 'must be a FHIR dateTime with a time zone' });
    return null;
  }
  return new Date(raw).toISOString();
}

function readAddress(raw: unknown): PatientRegisteredData['address'] {
  const address = Array.isArray(raw) ? raw.find(isObject) : undefined;
  if (!address) return null;
  return {
    line: stringArray(address.line) ?? [],
    city: stringOrUndefined(address.city) ?? '',
    province: stringOrUndefined(address.state) ?? '',
    postalCode: stringOrUndefined(address.postalCode) ?? '',
    country: stringOrUndefined(address.country) ?? '',
  };
}

function readPhone(raw: unknown): string | null {
  const phone = Array.isArray(raw) ? raw.filter(isObject).find((telecom) => telecom.system === 'phone') : undefined;
  return stringOrUndefined(phone?.value) ?? null;
}

function readLanguage(raw: unknown): 'en' | 'fr' {
  const codes = Array.isArray(raw) ? raw.filter(isObject).map((communication) => firstCode(communication.language)) : [];
  return codes.some((code) => code?.toLowerCase().startsWith('fr')) ? 'fr' : 'en';
}

function firstCode(raw: unknown): string | undefined {
  if (!isObject(raw) || !Array.isArray(raw.coding)) return undefined;
  const coding = raw.coding.find(isObject);
  return stringOrUndefined(coding?.code);
}

function stringArray(raw: unknown): string[] | undefined {
  return Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : undefined;
}

function stringOrUndefined(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.length > 0 ? raw : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
