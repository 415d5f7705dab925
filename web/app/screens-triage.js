// From "what is bothering you" to a triage result: the complaint, the follow-up questions in
// pages of five, optional home vital signs, then the level with its reasons.

import { api, ApiError, idempotencyKey } from './api.js';
import { field, h, showFieldErrors } from './dom.js';
import { locale, t } from './i18n.js';

const VITALS = ['heartRate', 'oxygenSaturation', 'temperature', 'systolicPressure', 'diastolicPressure', 'respiratoryRate'];

export async function triageScreen(app) {
  const catalogue = await api('GET', `/api/v1/triage/complaints?lang=${locale()}`);

  const category = h('select', { name: 'category' }, h('option', { value: '' }, t('triage.choose')),
    catalogue.categories.map((entry) => h('option', { value: entry.id }, entry.label)));
  const complaint = h('select', { name: 'complaintId' }, h('option', { value: '' }, t('triage.choose')));
  category.addEventListener('change', () => {
    const chosen = catalogue.categories.find((entry) => entry.id === category.value);
    complaint.replaceChildren(h('option', { value: '' }, t('triage.choose')),
      ...(chosen?.complaints ?? []).map((entry) => h('option', { value: entry.id }, entry.label)));
  });

  const age = h('input', { type: 'number', name: 'age', inputmode: 'numeric', min: 16, max: 120, required: true, value: app.state.age ?? '' });
  const sex = h('select', { name: 'sex' }, ['female', 'male', 'other', 'unknown'].map((value) => h('option', { value }, t(`triage.sex.${value}`))));
  const text = h('textarea', { name: 'complaintText', rows: 3, maxlength: 2000 });
  const status = h('p', { class: 'form-status', role: 'alert' });

  const form = h('form', { novalidate: true },
    h('p', { class: 'notice notice-emergency' }, t('triage.emergency')),
    field('age', t('triage.age'), age),
    field('sex', t('triage.sex'), sex),
    field('category', t('triage.category'), category),
    field('complaintId', t('triage.complaint'), complaint),
    h('p', { class: 'or' }, t('triage.or')),
    field('complaintText', t('triage.freeText'), text),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('triage.start')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { locale: locale(), age: Number(age.value), sex: sex.value, patientId: app.patientId() };
    if (complaint.value) {
      body.complaintId = complaint.value;
    } else {
      body.complaintText = text.value;
    }
    void app.submit(form, status, async () => {
      const started = await api('POST', '/api/v1/triage/start', body, { 'Idempotency-Key': idempotencyKey() });
      app.remember({ age: body.age, triageSessionId: started.sessionId, questions: started.questions, progress: started.progress, assessment: null });
      app.go('#/questions');
    }, { age: 'age', sex: 'sex', complaintId: 'complaintId', complaintText: 'complaintText' });
  });

  return [h('h1', {}, t('triage.title')), form];
}

export function questionsScreen(app) {
  const { questions = [], progress, triageSessionId } = app.state;
  if (!triageSessionId) {
    app.go('#/triage');
    return [];
  }

  const controls = questions.map((question) => [question, controlFor(question)]);
  const vitals = VITALS.map((name) => [name, h('input', { type: 'number', inputmode: 'decimal', step: 'any', name })]);
  const status = h('p', { class: 'form-status', role: 'alert' });
  const lastPage = !progress || progress.answered + questions.length >= progress.total;
  const fieldIds = Object.fromEntries([...controls.map(([question]) => [question.id, `q-${question.id}`]), ...vitals.map(([name]) => [`vitals.${name}`, `v-${name}`])]);

  const form = h('form', { novalidate: true },
    progress ? h('p', { class: 'progress' }, t('questions.progress', { answered: progress.answered, total: progress.total })) : null,
    progress?.urgentAdvice ? h('p', { class: 'notice notice-emergency' }, progress.urgentAdvice.message) : null,
    controls.map(([question, control]) => field(`q-${question.id}`, question.text, control)),
    h('details', { class: 'vitals' }, h('summary', {}, t('questions.vitals')),
      vitals.map(([name, input]) => field(`v-${name}`, t(`questions.vitals.${name}`), input))),
    status,
    h('button', { type: 'submit', class: 'primary' }, lastPage ? t('questions.finish') : t('questions.next')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = controls.map(([question, control]) => ({ questionId: question.id, answer: readAnswer(question, control) })).filter((entry) => entry.answer !== undefined);
    const measured = Object.fromEntries(vitals.filter(([, input]) => input.value !== '').map(([name, input]) => [name, Number(input.value)]));
    const body = { sessionId: triageSessionId, answers, finish: lastPage };
    if (Object.keys(measured).length > 0) {
      body.vitals = { ...measured, measuredAt: new Date().toISOString() };
    }
    void app.submit(form, status, async () => {
      const next = await api('POST', '/api/v1/triage/respond', body, { 'Idempotency-Key': idempotencyKey() });
      if (next.assessment) {
        app.remember({ assessment: next.assessment, questions: [] });
        app.go('#/result');
      } else {
        app.remember({ questions: next.questions, progress: next.progress });
        app.render();
      }
    }, fieldIds);
  });

  return [h('h1', {}, t('questions.title')), form];
}

export async function resultScreen(app) {
  const { triageSessionId } = app.state;
  if (!triageSessionId) {
    app.go('#/triage');
    return [];
  }
  const assessment = await api('GET', `/api/v1/triage/assessment/${encodeURIComponent(triageSessionId)}?lang=${locale()}`);
  app.remember({ assessment: { level: assessment.level, urgency: assessment.urgency, action: assessment.action } });

  // Only the levels a clinic visit can serve lead to booking. The others show where to go now.
  const bookable = ['urgent-care-within-hours', 'book-primary-care', 'self-care'].includes(assessment.action);
  return [
    h('h1', {}, t('result.title')),
    h('section', { class: `result result-${assessment.urgency}`, 'aria-labelledby': 'result-urgency' },
      h('p', { class: 'urgency', id: 'result-urgency' }, t(`result.urgency.${assessment.urgency}`)),
      h('p', { class: 'level' }, t('result.level', { level: assessment.level })),
      h('p', { class: 'message' }, assessment.message)),
    h('h2', {}, t('result.reasons')),
    h('ul', { class: 'reasons' }, (assessment.reasons ?? []).map((reason) => h('li', {}, typeof reason === 'string' ? reason : reason.text ?? reason.label))),
    assessment.suggestedTests?.length
      ? [h('h2', {}, t('result.tests')), h('ul', {}, assessment.suggestedTests.map((test) => h('li', {}, typeof test === 'string' ? test : test.label ?? test.code)))]
      : null,
    bookable
      ? h('button', { type: 'button', class: 'primary', onclick: () => app.go('#/providers') }, t('result.findProvider'))
      : [
          h('a', { class: 'button primary emergency', href: 'tel:911' }, t('result.call911')),
          assessment.action === 'emergency-department-now' ? h('a', { class: 'button secondary', href: 'tel:811' }, t('result.call811')) : null,
        ],
  ];
}

function controlFor(question) {
  switch (question.kind) {
    case 'yes-no':
      return h('select', { name: question.id }, h('option', { value: '' }, t('triage.choose')),
        h('option', { value: 'true' }, t('questions.yes')), h('option', { value: 'false' }, t('questions.no')));
    case 'choice':
      return h('select', { name: question.id }, h('option', { value: '' }, t('triage.choose')),
        question.options.map((option) => h('option', { value: option.value }, option.label)));
    case 'scale':
    case 'number':
      return h('input', { type: 'number', inputmode: 'decimal', step: 'any', name: question.id, min: question.min, max: question.max });
    default:
      return h('input', { type: 'text', name: question.id, maxlength: 2000 });
  }
}

function readAnswer(question, control) {
  if (control.value === '') {
    return undefined;
  }
  switch (question.kind) {
    case 'yes-no':
      return control.value === 'true';
    case 'scale':
    case 'number':
      return Number(control.value);
    default:
      return control.value;
  }
}

export { ApiError, showFieldErrors };
