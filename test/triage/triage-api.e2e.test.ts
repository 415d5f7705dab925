/**
 * @jest-environment ./ml/triage/onnx-jest-environment.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import fc from 'fast-check';

import { triageSessionStream } from '../../commands/triage/triage-session-store';
import { allComplaints, complaintCategories, evaluateTriageRules, plausibleRanges, type VitalSign, type VitalSigns } from '../../domain/triage';
import { loadConfig } from '../../infra/config/config';
import { liveSchema } from '../../projections/runner/projection';
import { triageProjection } from '../../projections/triage/triage.projection';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../support/auth';
import { dumpProjection } from '../support/read-models';

// The triage conversation over HTTP, on the embedded product (PGlite, no shared-data import):
// start, answer, assess, read the assessment, escalate; bad input that must store nothing; and
// the rules staying the floor under the urgency model.

const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-triage-e2e-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false' }));
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dataDirectory, { recursive: true, force: true });
});

// Response bodies are checked field by field below, so they are read as loosely typed JSON.
type Json = any;

// Sessions here are anonymous (no patientId), so no patient's token covers them: the test acts as
// a clinician who reads them by break-glass.
const clinician = () => authHeaders(server.url, { role: 'provider', providerId: 'triage-test-clinician', breakGlassReason: 'triage end-to-end test reads its own sessions' });

async function request(method: 'GET' | 'POST', route: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: Json }> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await clinician()), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.json() };
}

const get = (route: string, headers?: Record<string, string>) => request('GET', route, undefined, headers);
const post = (route: string, body: unknown, headers?: Record<string, string>) => request('POST', route, body, headers);

const adult = { locale: 'en', age: 40, sex: 'female' };

async function startSession(body: Record<string, unknown>): Promise<Json> {
  const started = await post('/api/v1/triage/start', { ...adult, ...body });
  expect(started.status).toBe(201);
  return started.body;
}

async function streamLength(sessionId: string): Promise<number> {
  return (await server.runtime.store.readStream(triageSessionStream(sessionId))).length;
}

async function eventTypes(sessionId: string): Promise<string[]> {
  return (await server.runtime.store.readStream(triageSessionStream(sessionId))).map((event) => event.type);
}

const ankleAnswers = {
  'limb.site': 'ankle-foot',
  'limb.deformedOrColdLimb': false,
  'limb.walkedRightAfter': false,
  'limb.walksNow': false,
  'ankle.malleolarPain': true,
  'ankle.lateralMalleolusTender': true,
  'ankle.medialMalleolusTender': false,
  'ankle.midfootPain': false,
  'injury.mechanism': 'minor',
  'injury.hoursSince': 3,
  'injury.multipleInjuries': false,
  'injury.intoxicated': false,
  'injury.returnVisit': false,
  'injury.skinOnly': false,
  'limb.reducedSensation': false,
  'common.painScore': 6,
  'common.pregnant': 'no',
  'common.alertness': 'alert',
  'common.breathing': 'normal',
} as const;

function answersTo(questions: { id: string }[], answers: Record<string, unknown>) {
  return questions.filter((question) => question.id in answers).map((question) => ({ questionId: question.id, answer: answers[question.id] }));
}

describe('triage conversation', () => {
  it('assesses an ankle injury in English with the Ottawa ankle rule', async () => {
    const started = await startSession({ complaintText: 'I twisted my ankle playing soccer and it hurts to walk' });

    expect(started.complaint).toMatchObject({ id: 'lower-limb-injury', source: 'classified', label: 'Leg, knee, ankle or foot injury' });
    expect(started.suggestions).toHaveLength(3);
    expect(started.suggestions[0].id).toBe('lower-limb-injury');
    expect(started.questions.map((question: { id: string }) => question.id)).toEqual(['limb.site', 'limb.deformedOrColdLimb', 'limb.walkedRightAfter', 'limb.walksNow', 'ankle.malleolarPain']);

    const firstPage = await post('/api/v1/triage/respond', { sessionId: started.sessionId, answers: answersTo(started.questions, ankleAnswers) });
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.status).toBe('in-progress');
    expect(firstPage.body.progress).toEqual({ answered: 5, total: started.progress.total });
    expect(firstPage.body.questions[0].id).toBe('ankle.lateralMalleolusTender');

    const rest = Object.entries(ankleAnswers)
      .filter(([questionId]) => !started.questions.some((question: { id: string }) => question.id === questionId))
      .map(([questionId, answer]) => ({ questionId, answer }));
    const finished = await post('/api/v1/triage/respond', { sessionId: started.sessionId, answers: rest, finish: true });
    const { assessment } = finished.body;

    expect(finished.body.status).toBe('assessed');
    expect(assessment.decisionRules).toContainEqual(
      expect.objectContaining({ ruleId: 'ottawa-ankle', status: 'imaging-recommended', imaging: [{ id: 'ankle-xray', label: 'Ankle X-ray' }] }),
    );
    expect(assessment.suggestedTests).toContainEqual({ id: 'ankle-xray', label: 'Ankle X-ray' });
    expect(assessment.message).toMatch(/^[A-Z]/);
    expect(assessment.locale).toBe('en');
    expect((await get(`/api/v1/triage/assessment/${started.sessionId}`)).body).toEqual(assessment);
  });

  it('tells French chest pain with low SpO2 to call 911', async () => {
    const started = await startSession({ locale: 'fr', age: 58, sex: 'male', complaintId: 'chest-pain' });
    expect(started.questions[0].text).toBe('Est-ce une pression ou un serrement, qui s\'étend au bras, à la mâchoire ou au dos, ou avec sueurs ou nausées?');

    const { status, body } = await post('/api/v1/triage/respond', { sessionId: started.sessionId, vitals: { oxygenSaturation: 85, heartRate: 104 } });

    expect(status).toBe(200);
    expect(body.status).toBe('assessed');
    expect(body.assessment).toMatchObject({ level: 1, urgency: 'critical', action: 'call-911', locale: 'fr' });
    expect(body.assessment.message).toMatch(/^Appelez le 911 maintenant/);
    expect(body.assessment.decidedBy).toContain('respiratory.spo2-below-90');
    expect(body.assessment.findings[0]).toEqual({ ruleId: 'respiratory.spo2-below-90', level: 1, text: 'Saturation en oxygène inférieure à 90 %' });
    expect(await eventTypes(started.sessionId)).toEqual(['TriageStarted', 'VitalSignsRecorded', 'RedFlagDetected', 'RedFlagDetected', 'TriageAssessed']);
  });

  it('describes the assessment in the requested language', async () => {
    const started = await startSession({ locale: 'fr', complaintId: 'chest-pain' });
    await post('/api/v1/triage/respond', { sessionId: started.sessionId, vitals: { oxygenSaturation: 88 } });

    const byHeader = await get(`/api/v1/triage/assessment/${started.sessionId}`, { 'accept-language': 'de-DE, en-CA;q=0.8, fr;q=0.5' });
    const byQuery = await get(`/api/v1/triage/assessment/${started.sessionId}?lang=fr`, { 'accept-language': 'en' });
    const bySession = await get(`/api/v1/triage/assessment/${started.sessionId}`);

    expect(byHeader.body.message).toMatch(/^Call 911 now/);
    expect(byQuery.body.message).toMatch(/^Appelez le 911/);
    expect(bySession.body.locale).toBe('fr');
  });

  it('advises urgent care before the intake is complete', async () => {
    const started = await startSession({ complaintId: 'abdominal-pain' });

    const { body } = await post('/api/v1/triage/respond', { sessionId: started.sessionId, answers: [{ questionId: 'common.paleColdClammy', answer: true }] });

    expect(body.status).toBe('in-progress');
    expect(body.urgentAdvice).toMatchObject({ level: 2, action: 'emergency-department-now' });
    expect(await eventTypes(started.sessionId)).toEqual(['TriageStarted', 'SymptomReported', 'RedFlagDetected']);
  });

  it('assesses without answers or vital signs when the patient finishes', async () => {
    const started = await startSession({ complaintId: 'sore-throat' });

    const { body } = await post('/api/v1/triage/respond', { sessionId: started.sessionId, finish: true });

    expect(body.status).toBe('assessed');
    expect(body.assessment.rulesLevel).toBe(evaluateTriageRules({ complaintId: 'sore-throat', age: 40, sex: 'female', answers: {}, vitals: {} }).level);
  });

  it('lists complaints by CEDIS category in French', async () => {
    const { status, body } = await get('/api/v1/triage/complaints?lang=fr');
    const categories = complaintCategories();

    expect(status).toBe(200);
    expect(body.categories.map((category: { id: string }) => category.id)).toEqual(categories.map((category) => category.id));
    expect(body.categories[0].label).toBe(categories[0]!.label.fr);
    expect(body.categories.flatMap((category: { complaints: unknown[] }) => category.complaints)).toHaveLength(allComplaints().length);
  });

  it('escalates once and then takes no answers', async () => {
    const started = await startSession({ complaintId: 'headache' });

    const escalated = await post('/api/v1/triage/escalate', { sessionId: started.sessionId, reason: 'I would rather talk to a nurse' });
    const again = await post('/api/v1/triage/escalate', { sessionId: started.sessionId, reason: 'still waiting' });
    const answer = await post('/api/v1/triage/respond', { sessionId: started.sessionId, finish: true });
    const assessment = await get(`/api/v1/triage/assessment/${started.sessionId}`);

    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ status: 'escalated', level: null, events: ['TriageEscalated'] });
    expect(again.status).toBe(409);
    expect(answer.status).toBe(409);
    expect(assessment.status).toBe(409);
    expect(await eventTypes(started.sessionId)).toEqual(['TriageStarted', 'TriageEscalated']);
  });

  it('stores a retried start and answer once', async () => {
    const headers = { 'idempotency-key': 'triage-retry-0001' };
    const first = await post('/api/v1/triage/start', { ...adult, complaintId: 'chest-pain' }, headers);
    const retry = await post('/api/v1/triage/start', { ...adult, complaintId: 'chest-pain' }, headers);
    const answer = { sessionId: first.body.sessionId, vitals: { oxygenSaturation: 80 } };
    const answered = await post('/api/v1/triage/respond', answer, { 'idempotency-key': 'triage-retry-0002' });
    const answeredAgain = await post('/api/v1/triage/respond', answer, { 'idempotency-key': 'triage-retry-0002' });

    expect(retry.body.sessionId).toBe(first.body.sessionId);
    expect(retry.body.idempotentReplay).toBe(true);
    expect(answered.body.status).toBe('assessed');
    expect(answeredAgain.status).toBe(200);
    expect(answeredAgain.body.idempotentReplay).toBe(true);
    expect(answeredAgain.body.assessment).toEqual(answered.body.assessment);
    expect(await eventTypes(first.body.sessionId)).toEqual(['TriageStarted', 'VitalSignsRecorded', 'RedFlagDetected', 'RedFlagDetected', 'TriageAssessed']);
  });
});

describe('rm_triage read model', () => {
  it('shows a session by codes without free text', async () => {
    const complaintText = 'crushing chest pain since breakfast, spreading to my jaw';
    const started = await startSession({ complaintText });
    const answered = await post('/api/v1/triage/respond?waitFor=triage', { sessionId: started.sessionId, vitals: { oxygenSaturation: 86 } });

    const { rows } = await server.runtime.sql.query<Record<string, unknown>>('select * from rm_triage.sessions where session_id = $1', [started.sessionId]);

    expect(answered.body.readModel).toEqual({ projection: 'triage', caughtUp: true });
    expect(rows[0]).toMatchObject({
      complaint_id: started.complaint.id,
      complaint_source: 'classified',
      status: 'assessed',
      level: 1,
      urgency: 'critical',
      decided_by: answered.body.assessment.decidedBy,
      red_flag_rule_ids: ['respiratory.spo2-below-90', 'respiratory.spo2-below-92'],
    });
    expect(JSON.stringify(rows[0])).not.toContain('breakfast');
  });

  it('rebuilds equal to the live table', async () => {
    const runner = server.runtime.projections.get('triage')!;
    await runner.waitFor(await server.runtime.store.headPosition());
    const live = await dumpProjection(server.runtime.sql, triageProjection, liveSchema(triageProjection));

    await runner.rebuild();

    expect((live.sessions as unknown[]).length).toBeGreaterThan(5);
    expect(await dumpProjection(server.runtime.sql, triageProjection, liveSchema(triageProjection))).toEqual(live);
  });
});

describe('bad input changes nothing', () => {
  let sessionId: string;

  beforeAll(async () => {
    sessionId = (await startSession({ complaintId: 'lower-limb-injury' })).sessionId;
  });

  const rejectedResponses: [string, Record<string, unknown>, number, string][] = [
    ['heart rate 0', { vitals: { heartRate: 0 } }, 422, 'vitals.heartRate'],
    ['heart rate 400', { vitals: { heartRate: 400 } }, 422, 'vitals.heartRate'],
    ['SpO2 over 100', { vitals: { oxygenSaturation: 101 } }, 422, 'vitals.oxygenSaturation'],
    ['temperature 60', { vitals: { temperature: 60 } }, 422, 'vitals.temperature'],
    ['heart rate as text', { vitals: { heartRate: 'fast' } }, 400, 'vitals.heartRate'],
    ['unknown vital sign', { vitals: { bloodSugar: 5 } }, 400, 'vitals'],
    ['yes-no answered with text', { answers: [{ questionId: 'limb.walksNow', answer: 'yes' }] }, 422, 'answer'],
    ['answer as an object', { answers: [{ questionId: 'limb.walksNow', answer: { yes: true } }] }, 400, 'answers.0.answer'],
    ['choice outside its options', { answers: [{ questionId: 'limb.site', answer: 'elbow' }] }, 422, 'answer'],
    ['unknown question', { answers: [{ questionId: 'chest.cardiacFeatures', answer: true }] }, 422, 'questionId'],
    ['one bad answer among good ones', { answers: [{ questionId: 'limb.walksNow', answer: true }, { questionId: 'common.painScore', answer: 11 }] }, 422, 'answer'],
    ['good answer with a bad vital sign', { answers: [{ questionId: 'limb.walksNow', answer: true }], vitals: { heartRate: 400 } }, 422, 'vitals.heartRate'],
    ['20,000-character answer', { answers: [{ questionId: 'common.details', answer: 'x'.repeat(20_000) }] }, 422, 'answer'],
    ['duplicate question', { answers: [{ questionId: 'limb.walksNow', answer: true }, { questionId: 'limb.walksNow', answer: false }] }, 400, 'answers.1.questionId'],
    ['finish as text', { finish: 'yes' }, 400, 'finish'],
    ['measured in the future', { vitals: { heartRate: 80 }, measuredAt: '2999-01-01T00:00:00Z' }, 422, 'measuredAt'],
  ];

  it.each(rejectedResponses)('rejects %s', async (_case, body, status, field) => {
    const before = await streamLength(sessionId);

    const response = await post('/api/v1/triage/respond', { sessionId, ...body });

    expect(response.status).toBe(status);
    expect(response.type).toContain('application/problem+json');
    expect(response.body.errors[0].field).toBe(field);
    expect(response.body.errors[0].rule.length).toBeGreaterThan(10);
    expect(await streamLength(sessionId)).toBe(before);
  });

  const rejectedStarts: [string, Record<string, unknown>, number, string][] = [
    ['empty free text', { complaintText: '   ' }, 422, 'complaintText'],
    ['20,000-character free text', { complaintText: 'ankle '.repeat(3_334).slice(0, 20_000) }, 422, 'complaintText'],
    ['unknown complaint id', { complaintId: 'broken-heart' }, 422, 'complaintId'],
    ['no complaint', {}, 400, 'complaintId'],
    ['age as text', { complaintId: 'headache', age: 'forty' }, 400, 'age'],
    ['a child', { complaintId: 'headache', age: 9 }, 422, 'age'],
    ['unknown language', { complaintId: 'headache', locale: 'de' }, 400, 'locale'],
    ['malformed patient id', { complaintId: 'headache', patientId: 'a b' }, 400, 'patientId'],
  ];

  it.each(rejectedStarts)('rejects a start with %s', async (_case, body, status, field) => {
    const before = await server.runtime.store.headPosition();

    const response = await post('/api/v1/triage/start', { ...adult, ...body });

    expect(response.status).toBe(status);
    expect(response.body.errors[0].field).toBe(field);
    expect(await server.runtime.store.headPosition()).toBe(before);
  });

  it('rejects 20,000 characters naming the limit', async () => {
    const { body } = await post('/api/v1/triage/start', { ...adult, complaintText: 'a'.repeat(20_000) });

    expect(body.errors[0].rule).toContain('at most 2000 characters (got 20000)');
  });

  it('answers an unknown session with 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';

    const responses = await Promise.all([
      post('/api/v1/triage/respond', { sessionId: unknown, finish: true }),
      post('/api/v1/triage/escalate', { sessionId: unknown, reason: 'help' }),
      get(`/api/v1/triage/assessment/${unknown}`),
    ]);

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(await streamLength(unknown)).toBe(0);
  });

  it('rejects a session id that is not a UUID', async () => {
    const { status, body } = await post('/api/v1/triage/respond', { sessionId: 'session-1', finish: true });

    expect(status).toBe(400);
    expect(body.errors[0].field).toBe('sessionId');
  });

  it('answers a completed session with 409', async () => {
    const completed = await startSession({ complaintId: 'rash' });
    await post('/api/v1/triage/respond', { sessionId: completed.sessionId, finish: true });
    const before = await streamLength(completed.sessionId);

    const { status, body } = await post('/api/v1/triage/respond', { sessionId: completed.sessionId, vitals: { heartRate: 80 } });

    expect(status).toBe(409);
    expect(body.detail).toContain('is assessed and takes no more answers');
    expect(await streamLength(completed.sessionId)).toBe(before);
  });

  it('answers an assessment still in progress with 409', async () => {
    const { status, body } = await get(`/api/v1/triage/assessment/${sessionId}`);

    expect(status).toBe(409);
    expect(body.detail).toContain('still in progress');
  });

  it('rejects an unknown language for the assessment', async () => {
    const { status, body } = await get(`/api/v1/triage/assessment/${sessionId}?lang=de`);

    expect(status).toBe(400);
    expect(body.errors[0].field).toBe('lang');
  });
});

describe('rules are the floor through the API', () => {
  const vitalSign = (name: VitalSign) => {
    const { min, max, integer } = plausibleRanges[name];
    return integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true }).map((value) => Math.round(value * 10) / 10);
  };
  const vitals = fc
    .record(
      {
        heartRate: vitalSign('heartRate'),
        respiratoryRate: vitalSign('respiratoryRate'),
        systolicPressure: fc.integer({ min: 80, max: 300 }),
        oxygenSaturation: vitalSign('oxygenSaturation'),
        temperature: vitalSign('temperature'),
      },
      { requiredKeys: [] },
    )
    .map((recorded): VitalSigns => recorded);
  const answers = fc.record(
    { 'common.paleColdClammy': fc.boolean(), 'common.feelsVeryUnwell': fc.boolean(), 'common.immunocompromised': fc.boolean(), 'common.painScore': fc.integer({ min: 0, max: 10 }) },
    { requiredKeys: [] },
  );

  it('never returns a level less urgent than the rules give', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...allComplaints().map((complaint) => complaint.id)),
        fc.integer({ min: 16, max: 120 }),
        vitals,
        answers,
        async (complaintId, age, measured, answered) => {
          const started = await startSession({ complaintId, age, sex: 'male' });
          const hasVitals = Object.keys(measured).length > 0;
          const { body } = await post('/api/v1/triage/respond', {
            sessionId: started.sessionId,
            answers: Object.entries(answered).map(([questionId, answer]) => ({ questionId, answer })),
            ...(hasVitals ? { vitals: measured } : {}),
            finish: true,
          });
          const expectedRulesLevel = evaluateTriageRules({ complaintId, age, sex: 'male', answers: answered, vitals: measured }).level;

          expect(body.status).toBe('assessed');
          expect(body.assessment.rulesLevel).toBe(expectedRulesLevel);
          expect(body.assessment.level).toBeLessThanOrEqual(expectedRulesLevel);
          expect(body.assessment.level).toBe(Math.min(expectedRulesLevel, body.assessment.model.level));
        },
      ),
      { numRuns: 40 },
    );
  });
});
