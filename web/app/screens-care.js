// After booking: transport, the journey timeline, check-ins, messages and the patient's privacy
// settings. Each screen reads the APIs of its context and shows the server's words.

import { api, idempotencyKey } from './api.js';
import { field, h } from './dom.js';
import { formatMoney, formatTime, locale, t } from './i18n.js';

async function messagesScreen(app) {
  const outbox = await api('GET', `/api/v1/notifications/outbox?patientId=${encodeURIComponent(app.patientId())}`);
  const items = outbox.items ?? outbox.messages ?? [];
  return [
    h('h1', {}, t('messages.title')),
    items.length === 0
      ? h('p', {}, t('messages.empty'))
      : h('ul', { class: 'messages' }, items.map((message) => h('li', {},
        h('p', { class: 'meta' }, formatTime(message.queuedAt)),
        h('p', {}, message.body)))),
  ];
}

async function transportScreen(app) {
  const appointmentId = app.state.appointmentId;
  if (!appointmentId) {
    app.go('#/journey');
    return [];
  }
  const needs = h('select', { name: 'mobility' },
    ['none', 'needs-help', 'wheelchair'].map((value) => h('option', { value }, t(`transport.mobility.${value}`))));
  const quotes = await api('GET', `/api/v1/rides/quotes?appointmentId=${encodeURIComponent(appointmentId)}`);
  const status = h('p', { class: 'form-status', role: 'alert' });
  const form = h('form', { novalidate: true },
    field('mobility', t('transport.needs'), needs),
    h('ul', { class: 'quotes' }, (quotes.options ?? []).map((option) => h('li', {}, `${option.label?.[locale()] ?? option.mode}: ${t('transport.cost', { cost: formatMoney(option.estimatedCost), covered: option.covered ? '✓' : '✗' })}`))),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('transport.book')),
    h('button', { type: 'button', class: 'secondary', onclick: () => app.go('#/journey') }, t('transport.skip')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void app.submit(form, status, async () => {
      const ride = await api('POST', '/api/v1/rides', { appointmentId, mobility: needs.value }, { 'Idempotency-Key': idempotencyKey() });
      app.remember({ rideId: ride.rideId });
      app.go('#/journey');
    }, { mobility: 'mobility' });
  });
  return [h('h1', {}, t('transport.title')), form];
}

async function journeyScreen(app) {
  const journeys = await api('GET', `/api/v1/journeys?patientId=${encodeURIComponent(app.patientId())}&lang=${locale()}`);
  const items = journeys.items ?? [];
  if (items.length === 0) {
    return [h('h1', {}, t('journey.title')), h('p', {}, t('journey.empty'))];
  }
  return [
    h('h1', {}, t('journey.title')),
    items.map((journey) => h('section', { class: 'journey' },
      h('h2', {}, journey.title ?? journey.status),
      h('ol', { class: 'timeline' }, (journey.timeline ?? []).map((entry) => h('li', {},
        h('time', { datetime: entry.at }, formatTime(entry.at)), ' ', entry.text))))),
  ];
}

async function checkInsScreen(app) {
  const checkIns = await api('GET', `/api/v1/patients/${encodeURIComponent(app.patientId())}/check-ins?lang=${locale()}`);
  const open = checkIns.pending.filter((checkIn) => checkIn.status === 'sent');
  return [
    h('h1', {}, t('checkins.title')),
    open.length === 0 ? h('p', {}, t('checkins.empty')) : open.map((checkIn) => checkInForm(app, checkIn)),
    checkIns.answered.length ? [h('h2', {}, t('checkins.answered')), h('ul', {}, checkIns.answered.map((checkIn) => h('li', {}, formatTime(checkIn.answeredAt))))] : null,
  ];
}

function checkInForm(app, checkIn) {
  const controls = checkIn.questions.map((question) => [question, answerControl(question)]);
  const status = h('p', { class: 'form-status', role: 'alert' });
  const form = h('form', { novalidate: true, 'data-check-in': checkIn.checkInId },
    h('h2', {}, t('checkins.due', { when: formatTime(checkIn.dueAt) })),
    controls.map(([question, control]) => field(`ci-${checkIn.checkInId}-${question.id}`.replace(/[^A-Za-z0-9_-]/g, '-'), question.text, control)),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('checkins.send')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const answers = {};
    for (const [question, control] of controls) {
      if (control.value === '') continue;
      answers[question.id] = question.format.kind === 'boolean' ? control.value === 'true' : Number(control.value);
    }
    const fieldIds = Object.fromEntries(controls.map(([question, control]) => [`answers.${question.id}`, control.id]));
    void app.submit(form, status, async () => {
      await api('POST', `/api/v1/check-ins/${encodeURIComponent(checkIn.checkInId)}/answers`, { answers }, { 'Idempotency-Key': idempotencyKey() });
      app.render();
    }, fieldIds);
  });
  return form;
}

function answerControl(question) {
  if (question.format.kind === 'boolean') {
    return h('select', {}, h('option', { value: '' }, t('triage.choose')), h('option', { value: 'true' }, t('questions.yes')), h('option', { value: 'false' }, t('questions.no')));
  }
  const max = question.format.max;
  const min = question.format.kind === 'number' ? question.format.min : 0;
  return h('input', { type: 'number', inputmode: 'decimal', step: 'any', min, max });
}

const CONSENT_CATEGORIES = ['all', 'mental-health', 'triage', 'appointments', 'monitoring'];

async function privacyScreen(app) {
  const patientId = app.patientId();
  const consents = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/consents`);
  const category = h('select', {}, CONSENT_CATEGORIES.map((value) => h('option', { value }, t(`consent.category.${value}`))));
  const provider = h('input', { type: 'text', autocomplete: 'off' });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const withhold = h('form', { novalidate: true },
    field('consent-category', t('consent.category'), category),
    field('consent-provider', t('consent.provider'), provider),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('consent.withhold')));
  withhold.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { category: category.value };
    if (provider.value.trim()) body.providerId = provider.value.trim();
    void app.submit(withhold, status, async () => {
      await api('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/consents?waitFor=consent`, body, { 'Idempotency-Key': idempotencyKey() });
      app.render();
    }, { category: 'consent-category', providerId: 'consent-provider' });
  });

  const active = consents.items.filter((item) => item.status === 'active');
  const erase = h('form', { novalidate: true });
  const confirm = h('input', { type: 'text', autocomplete: 'off' });
  const eraseStatus = h('p', { class: 'form-status', role: 'alert' });
  erase.append(field('erase-confirm', t('settings.eraseConfirm'), confirm), eraseStatus, h('button', { type: 'submit', class: 'secondary danger' }, t('settings.erase')));
  erase.addEventListener('submit', (event) => {
    event.preventDefault();
    if (confirm.value !== 'ERASE') {
      eraseStatus.textContent = t('settings.eraseConfirm');
      return;
    }
    void app.submit(erase, eraseStatus, async () => {
      await api('POST', `/api/v1/patients/${encodeURIComponent(patientId)}/erasure`, {});
      app.signOut();
    }, {});
  });

  return [
    h('h1', {}, t('settings.title')),
    h('h2', {}, t('settings.consent')),
    active.length === 0 ? h('p', {}, t('consent.none')) : h('ul', {}, active.map((item) => h('li', {},
      `${t(`consent.category.${item.category}`)}: ${item.providerId ?? t('consent.everyone')} `,
      h('button', {
        type: 'button',
        class: 'secondary',
        onclick: async () => {
          await api('DELETE', `/api/v1/patients/${encodeURIComponent(patientId)}/consents/${encodeURIComponent(item.directiveId)}?waitFor=consent`);
          app.render();
        },
      }, t('consent.revoke'))))),
    withhold,
    h('h2', {}, t('settings.export')),
    h('button', { type: 'button', class: 'secondary', onclick: () => void downloadRecord(patientId) }, t('settings.export')),
    h('h2', {}, t('settings.erase')),
    erase,
  ];
}

async function downloadRecord(patientId) {
  const bundle = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/export`);
  const link = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], { type: 'application/fhir+json' })), download: 'my-health-record.json' });
  document.body.append(link);
  link.click();
  link.remove();
}

export const careScreens = {
  '#/messages': messagesScreen,
  '#/transport': transportScreen,
  '#/journey': journeyScreen,
  '#/check-ins': checkInsScreen,
  '#/privacy': privacyScreen,
};
