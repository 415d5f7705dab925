import '../support/quiet-logs';

import pino from 'pino';

import { erasePatient } from '../../commands/erasure/patient-erasure';
import { replayJourney } from '../../infra/audit/patient-journey';
import { ChainedAccessAuditor } from '../../infra/audit/chained-access-auditor';
import type { Runtime } from '../../infra/runtime/runtime';
import { loggerFor } from '../../infra/observability/logger';
import { captureLogs, findInDatabase, newMarkers, runtimeFactories, seedMarkedPatient, type PatientMarkers } from './phi-runtime';

// Crypto-shredding end to end: PHI is encrypted in the events as stored, readable through the
// store, and after the patient's erasure no marker string of theirs is readable anywhere in the
// database or the logs, while the events and a rebuilt read model stay usable.

const admin = { subject: 'admin-1', role: 'admin' as const };

describe.each(runtimeFactories())('PHI erasure on %s', (_engine, open) => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  let markers: PatientMarkers;
  let logs: ReturnType<typeof captureLogs>;

  beforeAll(async () => {
    logs = captureLogs();
    ({ runtime, close } = await open());
    markers = newMarkers();
  }, 60_000);

  afterAll(async () => {
    logs.stop();
    await close();
  });

  const markerStrings = () => [markers.givenName, markers.familyName, markers.healthCardNumber, markers.complaintText, markers.answerText];

  it('stores PHI encrypted and reads it back decrypted', async () => {
    const { sessionId } = await seedMarkedPatient(runtime, markers);
    await runtime.waitForProjectionsAtHead();

    for (const marker of markerStrings()) {
      const { rows } = await runtime.sql.query<{ n: number }>(`select count(*)::int as n from es_events where data::text ilike $1`, [`%${marker}%`]);
      expect({ marker, rows: rows[0]!.n }).toEqual({ marker, rows: 0 });
    }
    const [registered] = await runtime.store.readStream(`patient-${markers.patientId}`);
    expect(registered!.data).toMatchObject({ sourceId: markers.healthCardNumber, name: { family: markers.familyName } });
    const triage = await runtime.store.readStream(`triage-${sessionId}`);
    expect(triage.map((event) => event.data)).toEqual([
      expect.objectContaining({ complaintText: markers.complaintText }),
      expect.objectContaining({ answer: markers.answerText }),
    ]);
    const { rows } = await runtime.sql.query('select family_name from rm_patients.patients where patient_id = $1', [markers.patientId]);
    expect(rows).toEqual([{ family_name: markers.familyName }]);
    expect(await findInDatabase(runtime.sql, markers.familyName)).toEqual(['rm_patients.patients.family_name']);
  });

  it('shows the auditor the journey with PHI decrypted', async () => {
    const journey = await replayJourney(runtime.store, runtime.sql, { patientId: markers.patientId });

    expect(journey.map((entry) => entry.type)).toEqual(['PatientRegistered', 'TriageStarted', 'SymptomReported']);
    expect(journey[1]!.summary).toBe(`Triage session ${journey[1]!.streamId.slice('triage-'.length)} started for complaint knee-pain`);
    expect(journey[2]!.phi).toEqual({ answer: markers.answerText });
    expect(JSON.stringify(journey.map((entry) => entry.summary))).not.toContain(markers.answerText);
  });

  it('leaves no marker readable after erasure', async () => {
    const auditor = new ChainedAccessAuditor(runtime.store, pino({ level: 'silent' }));
    await auditor.record({
      actor: 'provider-9', role: 'provider', purpose: 'treatment', patientId: markers.patientId, resource: 'Patient',
      route: '/api/v1/patients/:patientId', result: 'allowed', correlationId: 'c-1', accessedAt: new Date().toISOString(),
    });

    const result = await erasePatient(runtime, loggerFor('erasure'), markers.patientId, admin);
    await runtime.waitForProjectionsAtHead();

    expect(result.purgedReadModels).toEqual(expect.arrayContaining(['patients', 'appointments', 'waitlist']));
    expect(logs.lines.some((line) => line.includes('patient erased'))).toBe(true);
    for (const marker of markerStrings()) {
      expect({ marker, hits: await findInDatabase(runtime.sql, marker) }).toEqual({ marker, hits: [] });
      expect({ marker, inLogs: logs.lines.some((line) => line.includes(marker)) }).toEqual({ marker, inLogs: false });
    }
  });

  it('reads erased events with erasure markers', async () => {
    const [registered] = await runtime.store.readStream(`patient-${markers.patientId}`);

    expect(registered!.data).toMatchObject({ patientId: markers.patientId, name: { $phi: 'erased' }, sourceId: { $phi: 'erased' } });
    const erasure = await runtime.store.readStream(`erasure-${markers.patientId}`);
    expect(erasure.map((event) => event.type)).toEqual(['PatientErased']);
  });

  it('keeps the access evidence after erasure', async () => {
    const accesses = await runtime.store.readStream(`audit-${markers.patientId}`);

    expect(accesses.map((event) => (event.data as { actorId: string }).actorId)).toEqual(['provider-9']);
  });

  it('rebuilds the patients read model after erasure', async () => {
    const runner = runtime.projections.get('patients')!;

    await runner.rebuild();

    const { rows } = await runtime.sql.query('select patient_id from rm_patients.patients where patient_id = $1', [markers.patientId]);
    expect(rows).toEqual([]);
  });

  it('answers a second erasure without a second event', async () => {
    const again = await erasePatient(runtime, loggerFor('erasure'), markers.patientId, admin);

    expect(again.firstErasure).toBe(false);
    expect(await runtime.store.readStream(`erasure-${markers.patientId}`)).toHaveLength(1);
  });

  it('rejects erasure by another patient', async () => {
    await expect(erasePatient(runtime, loggerFor('erasure'), markers.patientId, { subject: 'p-2', role: 'patient', patientId: 'p-2' })).rejects.toMatchObject({ status: 403 });
  });
});
