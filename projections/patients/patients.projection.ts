import type {
  ConditionRecordedData,
  ObservationRecordedData,
  PatientRegisteredData,
} from '../../domain/patients/patient-events';
import type { StoredEvent } from '../../infra/event-store/event-store.port';
import type { SqlExecutor } from '../../infra/sql/sql-client';
import { containsErasedPhi } from '../../infra/crypto/erased-phi';
import type { Projection } from '../runner/projection';

// The patient registry and each patient's conditions and observations, for the query API.
// A batch is applied set-wise (a few statements, not one per event), which is what lets a
// rebuild of a million events run at tens of thousands of events a second. Within a batch the
// registrations go in first because a patient's stream always starts with its registration.

export const patientsProjection: Projection = {
  name: 'patients',
  version: 1,
  eventTypes: new Set(['PatientRegistered', 'ConditionRecorded', 'ObservationRecorded']),
  tables: [
    { name: 'patients', orderBy: 'patient_id' },
    { name: 'conditions', orderBy: 'patient_id, condition_id' },
    { name: 'observations', orderBy: 'patient_id, observation_id' },
  ],

  createTables: (schema) => `
    create table ${schema}.patients (
      patient_id text primary key,
      given_names text not null,
      family_name text not null,
      gender text not null,
      birth_date text not null,
      deceased_at timestamptz,
      city text,
      province text,
      preferred_language text not null,
      condition_count integer not null default 0,
      observation_count integer not null default 0,
      last_observation_at timestamptz,
      registered_at timestamptz not null
    );
    create table ${schema}.conditions (
      patient_id text not null,
      condition_id text not null,
      code_system text not null,
      code text not null,
      display text not null,
      clinical_status text not null,
      onset_at timestamptz,
      abated_at timestamptz,
      primary key (patient_id, condition_id)
    );
    create table ${schema}.observations (
      patient_id text not null,
      observation_id text not null,
      category text not null,
      code text not null,
      display text not null,
      value_quantity double precision,
      value_unit text,
      value_text text,
      effective_at timestamptz not null,
      primary key (patient_id, observation_id)
    );
  `,

  createIndexes: (schema) => `
    create index on ${schema}.patients (family_name, given_names);
    create index on ${schema}.observations (patient_id, effective_at desc);
  `,

  async purgePatient(tx: SqlExecutor, schema: string, patientId: string) {
    await tx.query(`delete from ${schema}.observations where patient_id = $1`, [patientId]);
    await tx.query(`delete from ${schema}.conditions where patient_id = $1`, [patientId]);
    await tx.query(`delete from ${schema}.patients where patient_id = $1`, [patientId]);
  },

  // An erased patient's events still arrive, in a rebuild, with their PHI replaced by erasure
  // markers. They are skipped, so the rebuilt read model holds no rows of that patient either.
  async apply(tx: SqlExecutor, schema: string, allEvents: StoredEvent[]) {
    const events = allEvents.filter((event) => !containsErasedPhi(event.data));
    const patients = dataOf<PatientRegisteredData>(events, 'PatientRegistered');
    const conditions = dataOf<ConditionRecordedData>(events, 'ConditionRecorded');
    const observations = dataOf<ObservationRecordedData>(events, 'ObservationRecorded');

    if (patients.length > 0) await insertPatients(tx, schema, patients);
    if (conditions.length > 0) await insertConditions(tx, schema, conditions);
    if (observations.length > 0) await insertObservations(tx, schema, observations);
  },
};

function dataOf<Data>(events: StoredEvent[], type: string): Data[] {
  return events.filter((event) => event.type === type).map((event) => event.data as Data);
}

async function insertPatients(tx: SqlExecutor, schema: string, patients: PatientRegisteredData[]) {
  await tx.query(
    `insert into ${schema}.patients
       (patient_id, given_names, family_name, gender, birth_date, deceased_at, city, province, preferred_language, registered_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[],
                          $8::text[], $9::text[], $10::timestamptz[])
     on conflict (patient_id) do nothing`,
    [
      patients.map((patient) => patient.patientId),
      patients.map((patient) => patient.name.given.join(' ')),
      patients.map((patient) => patient.name.family),
      patients.map((patient) => patient.gender),
      patients.map((patient) => patient.birthDate),
      patients.map((patient) => patient.deceasedAt),
      patients.map((patient) => patient.address?.city ?? null),
      patients.map((patient) => patient.address?.province ?? null),
      patients.map((patient) => patient.preferredLanguage),
      patients.map((patient) => patient.registeredAt),
    ],
  );
}

async function insertConditions(tx: SqlExecutor, schema: string, conditions: ConditionRecordedData[]) {
  await tx.query(
    `with inserted as (
       insert into ${schema}.conditions
         (patient_id, condition_id, code_system, code, display, clinical_status, onset_at, abated_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[])
       on conflict do nothing
       returning patient_id
     )
     update ${schema}.patients p set condition_count = p.condition_count + counted.n
     from (select patient_id, count(*)::int as n from inserted group by patient_id) counted
     where p.patient_id = counted.patient_id`,
    [
      conditions.map((condition) => condition.patientId),
      conditions.map((condition) => condition.conditionId),
      conditions.map((condition) => condition.code.system),
      conditions.map((condition) => condition.code.code),
      conditions.map((condition) => condition.code.display),
      conditions.map((condition) => condition.clinicalStatus),
      conditions.map((condition) => condition.onsetAt),
      conditions.map((condition) => condition.abatedAt),
    ],
  );
}

async function insertObservations(tx: SqlExecutor, schema: string, observations: ObservationRecordedData[]) {
  await tx.query(
    `with inserted as (
       insert into ${schema}.observations
         (patient_id, observation_id, category, code, display, value_quantity, value_unit, value_text, effective_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::text[], $9::timestamptz[])
       on conflict do nothing
       returning patient_id, effective_at
     )
     update ${schema}.patients p
        set observation_count = p.observation_count + counted.n,
            last_observation_at = greatest(p.last_observation_at, counted.latest)
     from (select patient_id, count(*)::int as n, max(effective_at) as latest from inserted group by patient_id) counted
     where p.patient_id = counted.patient_id`,
    [
      observations.map((observation) => observation.patientId),
      observations.map((observation) => observation.observationId),
      observations.map((observation) => observation.category),
      observations.map((observation) => observation.code.code),
      observations.map((observation) => observation.code.display),
      observations.map((observation) => observation.value.quantity),
      observations.map((observation) => observation.value.unit),
      observations.map((observation) => observation.value.text ?? describeComponents(observation)),
      observations.map((observation) => observation.effectiveAt),
    ],
  );
}

// A blood pressure arrives as two components; the list view shows them as "165/105 mm[Hg]".
function describeComponents(observation: ObservationRecordedData): string | null {
  const parts = observation.value.components.filter((component) => component.quantity !== null);
  if (parts.length === 0) return null;
  return parts.map((component) => `${component.code.display} ${Math.round(component.quantity! * 10) / 10} ${component.unit ?? ''}`.trim()).join('; ');
}
