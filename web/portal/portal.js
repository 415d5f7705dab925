// The provider portal: today's schedule, bookings arriving live, alerts to acknowledge and the
// chart of a patient in the provider's care. Every read goes through the API, which checks the
// care relationship and consent and records the access.

import { h } from '/app/dom.js';
import { lastPosition, openLiveStream, rememberPosition } from '/portal/live.js';

const SESSION_KEY = 'ohip.provider-session';
const session = () => JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
const timeFormat = new Intl.DateTimeFormat('en-CA', { hour: 'numeric', minute: '2-digit', month: 'short', day: 'numeric', timeZone: 'America/Toronto' });
const when = (iso) => timeFormat.format(new Date(iso));

async function api(method, path) {
  const response = await fetch(path, { method, headers: { Accept: 'application/json', Authorization: `Bearer ${session()?.token}` } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.detail ?? body?.title ?? `HTTP ${response.status}`);
  return body;
}

async function signIn() {
  const main = document.querySelector('main');
  const directory = await fetch('/dev-issuer/users').then((response) => (response.ok ? response.json() : { users: [] }));
  const providers = directory.users.filter((user) => user.role === 'provider');
  main.replaceChildren(
    h('h1', {}, 'Provider sign-in'),
    h('p', { class: 'notice notice-sandbox' }, 'Development sign-in: a built-in test issuer, not for real clinicians.'),
    h('ul', { class: 'demo-users' }, providers.map((user) => h('li', {}, h('button', {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        const response = await fetch('/dev-issuer/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'provider', providerId: user.providerId }) });
        const issued = await response.json();
        sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: issued.access_token, providerId: user.providerId, name: user.label.en }));
        void dashboard();
      },
    }, `Sign in as ${user.label.en}`)))),
  );
}

async function dashboard() {
  const main = document.querySelector('main');
  const me = session();
  const status = h('span', { class: 'live live-offline', role: 'status', id: 'live-status' }, 'Connecting…');
  document.querySelector('header').replaceChildren(
    h('span', { class: 'brand' }, 'OHIP Forward portal'),
    status,
    h('button', { type: 'button', onclick: signOut }, 'Sign out'),
  );

  const [schedule, alerts] = await Promise.all([api('GET', '/api/v1/portal/schedule'), api('GET', '/api/v1/portal/alerts')]);
  if (!lastPosition()) rememberPosition(alerts.position);

  const shownAlerts = new Set();
  const shownBookings = new Set();
  const scheduleBody = h('tbody', {}, schedule.items.map((visit) => visitRow(visit)));
  const incoming = h('ul', { class: 'incoming', 'aria-live': 'polite', id: 'incoming' });
  const alertList = h('ul', { class: 'alerts', 'aria-live': 'assertive', id: 'alerts' });
  const chart = h('section', { id: 'chart', 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title' }, 'Patient chart'), h('p', {}, 'Choose a patient in your schedule.'));

  function visitRow(visit) {
    return h('tr', { 'data-appointment': visit.appointmentId },
      h('td', {}, when(visit.startsAt)),
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => void openChart(visit.patientId) }, visit.patientId)),
      h('td', {}, visit.status),
      h('td', {}, visit.mode));
  }

  function addAlert(alert, fresh) {
    if (shownAlerts.has(alert.alertId)) return;
    shownAlerts.add(alert.alertId);
    const acknowledge = h('button', { type: 'button', class: 'secondary', disabled: Boolean(alert.acknowledgedAt) }, alert.acknowledgedAt ? 'Acknowledged' : 'Acknowledge');
    acknowledge.addEventListener('click', async () => {
      acknowledge.disabled = true;
      await api('POST', `/api/v1/portal/alerts/${encodeURIComponent(alert.alertId)}/acknowledge`);
      acknowledge.textContent = 'Acknowledged';
    });
    alertList.prepend(h('li', { class: `priority-${alert.priority}${fresh ? ' item-new' : ''}`, 'data-alert': alert.alertId },
      h('strong', {}, `${alert.kind === 'escalation' ? 'Escalation' : 'Critical result'} (${alert.priority})`), ' ',
      h('span', {}, `${alert.code}, patient `),
      h('button', { type: 'button', class: 'link', onclick: () => void openChart(alert.patientId) }, alert.patientId),
      h('p', { class: 'meta' }, when(alert.raisedAt)),
      acknowledge));
  }

  function addBooking(item) {
    const key = `${item.appointmentId}:${item.change}`;
    if (shownBookings.has(key)) return;
    shownBookings.add(key);
    const headline = { booked: 'New booking', cancelled: 'Cancelled', 'moved-away': 'Moved away' }[item.change];
    incoming.prepend(h('li', { class: 'item-new', 'data-booking': item.appointmentId },
      h('strong', {}, headline), ' ',
      `${when(item.startsAt)}, patient ${item.patientId}`));
    const row = scheduleBody.querySelector(`[data-appointment="${CSS.escape(item.appointmentId)}"]`);
    if (row) row.children[2].textContent = item.change;
  }

  alerts.items.slice().reverse().forEach((alert) => addAlert(alert, false));

  main.replaceChildren(
    h('h1', {}, `Today, ${me.name}`),
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'schedule-title' },
        h('h2', { id: 'schedule-title' }, "Today's schedule"),
        schedule.items.length ? null : h('p', {}, 'No appointments today.'),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Patient'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Mode'))), scheduleBody),
        h('h2', {}, 'Incoming bookings'),
        incoming),
      h('section', { 'aria-labelledby': 'alerts-title' }, h('h2', { id: 'alerts-title' }, 'Alerts'), alertList)),
    chart,
  );

  openLiveStream({
    token: me.token,
    onItem: (type, item) => (type === 'alert' ? addAlert(item.alert, true) : addBooking(item)),
    onState: (state) => {
      status.className = `live live-${state}`;
      status.textContent = state === 'connected' ? 'Live' : 'Offline: reconnecting';
    },
  });

  async function openChart(patientId) {
    chart.replaceChildren(h('h2', { id: 'chart-title' }, 'Patient chart'), h('p', {}, 'Loading…'));
    try {
      const patient = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}`);
      const monitoring = await api('GET', `/api/v1/patients/${encodeURIComponent(patientId)}/monitoring`).catch(() => null);
      chart.replaceChildren(
        h('h2', { id: 'chart-title' }, `Patient chart: ${patient.name?.display ?? patient.displayName ?? patientId}`),
        h('dl', {}, h('dt', {}, 'Birth date'), h('dd', {}, patient.birthDate ?? 'not recorded'), h('dt', {}, 'Language'), h('dd', {}, patient.language ?? patient.communicationLanguage ?? 'not recorded')),
        monitoring ? trendCharts(monitoring) : h('p', {}, 'No check-ins recorded.'),
      );
    } catch (error) {
      chart.replaceChildren(h('h2', { id: 'chart-title' }, 'Patient chart'), h('p', { role: 'alert' }, error.message));
    }
  }
}

/** Draws one small line chart per check-in question with numeric answers, and one for NEWS2. */
function trendCharts(monitoring) {
  const series = Object.entries(monitoring.trends ?? {}).map(([questionId, trend]) => ({
    label: `${questionId} (${trend.direction})`,
    values: trend.recent.map((answer) => answer.value).filter((value) => typeof value === 'number'),
  }));
  if (monitoring.news2History?.length) {
    series.unshift({ label: `NEWS2${monitoring.news2 ? `, latest ${monitoring.news2.total} (${monitoring.news2.band})` : ''}`, values: monitoring.news2History.map((score) => score.total) });
  }
  const drawable = series.filter((entry) => entry.values.length > 0);
  if (drawable.length === 0) return h('p', {}, 'No check-in answers yet.');

  return h('div', { class: 'chart' }, drawable.map(({ label, values }) => {
    const low = Math.min(...values);
    const span = Math.max(...values) - low || 1;
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 300 100');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `${label}: ${values.join(', ')}`);
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', values.map((value, index) => `${(index / Math.max(1, values.length - 1)) * 290 + 5},${95 - ((value - low) / span) * 90}`).join(' '));
    svg.append(line);
    return h('figure', {}, svg, h('figcaption', {}, label));
  }));
}

function signOut() {
  sessionStorage.clear();
  location.reload();
}

if (session()) void dashboard().catch(() => signIn());
else void signIn();
