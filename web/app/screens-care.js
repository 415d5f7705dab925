// After booking: transport, the journey timeline, check-ins, messages and the patient's privacy
// settings. Each screen reads the APIs of its context and shows the server's words.

import { api, ApiError, idempotencyKey } from './api.js';
import { field, h } from './dom.js';
import { formatMoney, formatTime, locale, t } from './i18n.js';
import { COMMUNITIES } from './screens-booking.js';

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

const MOBILITY = ['independent', 'needs-assistance', 'wheelchair'];

async function transportScreen(app) {
  const { chosenSlot, triageSessionId, assessment } = app.state;
  if (!chosenSlot || !triageSessionId) {
    app.go('#/journey');
    return [];
  }
  const community = COMMUNITIES.find((entry) => entry.id === app.state.community) ?? COMMUNITIES[0];
  const destination = chosenSlot.place ?? { lat: community.lat, lng: community.lng };
  const acuity = assessment?.urgency === 'urgent' ? 'urgent' : 'routine';

  const quotes = await Promise.all(MOBILITY.map(async (mobility) => {
    const query = new URLSearchParams({ acuity, mobility, fromLat: String(community.lat), fromLon: String(community.lng), toLat: String(destination.lat), toLon: String(destination.lng), appointmentAt: chosenSlot.startsAt });
    return [mobility, await api('GET', `/api/v1/transport/quote?${query}`)];
  }));

  const choices = quotes.map(([mobility, quote], index) => {
    const input = h('input', { type: 'radio', name: 'mobility', value: mobility, id: `mobility-${mobility}`, checked: index === 0 });
    return h('div', { class: 'choice-row' }, input, h('label', { for: input.id },
      h('strong', {}, t(`transport.mobility.${mobility}`)), h('br'),
      `${t(`transport.mode.${quote.mode}`)}: ${t('transport.cost', { cost: formatMoney(quote.costEstimate.amountCad) })}`,
      quote.pickup ? [h('br'), t('transport.pickup', { time: formatTime(quote.pickup.pickupAt) })] : null));
  });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const form = h('form', { novalidate: true },
    h('fieldset', {}, h('legend', {}, t('transport.needs')), choices),
    status,
    h('button', { type: 'submit', class: 'primary' }, t('transport.book')),
    h('button', { type: 'button', class: 'secondary', onclick: () => app.go('#/journey') }, t('transport.skip')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const mobility = form.querySelector('input[name="mobility"]:checked')?.value ?? 'independent';
    const body = { patientId: app.patientId(), mobility, pickup: { lat: community.lat, lon: community.lng }, destination: { lat: destination.lat, lon: destination.lng } };
    void app.submit(form, status, async () => {
      await api('POST', `/api/v1/journeys/${encodeURIComponent(triageSessionId)}/transport-needs`, body, { 'Idempotency-Key': idempotencyKey() });
      app.go('#/journey');
    }, { mobility: 'mobility-independent' });
  });
  return [h('h1', {}, t('transport.title')), h('p', {}, `${chosenSlot.facilityName}, ${formatTime(chosenSlot.startsAt)}`), form];
}

async function journeyScreen(app) {
  const journeyId = app.state.triageSessionId;
  const journey = journeyId ? await api('GET', `/api/v1/journeys/${encodeURIComponent(journeyId)}?lang=${locale()}`).catch(notFoundAsNull) : null;
  if (!journey) {
    return [h('h1', {}, t('journey.title')), h('p', {}, t('journey.empty'))];
  }
  const rides = await Promise.all(journey.rideIds.map((rideId) => api('GET', `/api/v1/rides/${encodeURIComponent(rideId)}`).catch(notFoundAsNull)));
  return [
    h('h1', {}, t('journey.title')),
    rides.filter(Boolean).map((ride) => h('p', { class: 'notice', 'data-ride': ride.rideId }, t('journey.ride', { status: ride.status, partner: ride.partnerId }))),
    h('ol', { class: 'timeline', id: 'timeline' }, journey.timeline.map((entry) => h('li', { 'data-kind': entry.kind },
      h('time', { datetime: entry.at }, formatTime(entry.at)), ' ', entry.text))),
    h('button', { type: 'button', class: 'secondary', onclick: () => app.render() }, t('journey.refresh')),
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

/** Returns null for a journey or ride not recorded yet, and rethrows any other failure so the screen shows it. */
function notFoundAsNull(error) {
  if (error instanceof ApiError && error.status === 404) return null;
  throw error;
}

export const careScreens = {
  '#/messages': messagesScreen,
  '#/transport': transportScreen,
  '#/journey': journeyScreen,
  '#/check-ins': checkInsScreen,
  '#/privacy': privacyScreen,
};
