// The auditor view searches PHI accesses by patient, actor and time, replays a patient's journey
// with a slider over the stored positions, and verifies the audit chain. Each replay is itself a
// read of PHI, so the server records it like any other.

import { field, h } from '/app/dom.js';

const SESSION_KEY = 'ohip.auditor-session';
const session = () => JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
const timeFormat = new Intl.DateTimeFormat('en-CA', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'America/Toronto' });
const when = (iso) => timeFormat.format(new Date(iso));

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json', Authorization: `Bearer ${session()?.token}` } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const rules = (body?.errors ?? []).map((error) => `${error.field}: ${error.rule}`).join('; ');
    throw new Error(rules || body?.detail || body?.title || `HTTP ${response.status}`);
  }
  return body;
}

async function signIn() {
  const directory = await fetch('/dev-issuer/users').then((response) => (response.ok ? response.json() : { users: [] }));
  const auditors = directory.users.filter((user) => user.role === 'auditor');
  document.querySelector('main').replaceChildren(
    h('h1', {}, 'Auditor sign-in'),
    h('p', { class: 'notice notice-sandbox' }, 'Development sign-in: a built-in test issuer, not for real auditors.'),
    h('ul', { class: 'demo-users' }, auditors.map((user) => h('li', {}, h('button', {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        const response = await fetch('/dev-issuer/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ role: 'auditor' }) });
        const issued = await response.json();
        sessionStorage.setItem(SESSION_KEY, JSON.stringify({ token: issued.access_token, name: user.label.en }));
        view();
      },
    }, `Sign in as ${user.label.en}`)))),
  );
}

function view() {
  document.querySelector('header').replaceChildren(
    h('span', { class: 'brand' }, 'OHIP Forward audit'),
    h('button', { type: 'button', onclick: () => { sessionStorage.clear(); location.reload(); } }, 'Sign out'),
  );

  const patient = h('input', { type: 'text', name: 'patientId', autocomplete: 'off' });
  const actor = h('input', { type: 'text', name: 'actorId', autocomplete: 'off' });
  const from = h('input', { type: 'datetime-local', name: 'from' });
  const to = h('input', { type: 'datetime-local', name: 'to' });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const results = h('div', { class: 'table-wrap', id: 'accesses' });
  const replay = h('section', { id: 'replay', 'aria-labelledby': 'replay-title' });
  const verification = h('p', { id: 'verification', role: 'status' });

  const form = h('form', { class: 'search', novalidate: true },
    field('patientId', 'Patient id', patient),
    field('actorId', 'Actor', actor),
    field('from', 'From', from),
    field('to', 'To', to),
    h('button', { type: 'submit', class: 'primary' }, 'Search'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = '';
    const query = new URLSearchParams();
    if (patient.value.trim()) query.set('patientId', patient.value.trim());
    if (actor.value.trim()) query.set('actorId', actor.value.trim());
    if (from.value) query.set('from', new Date(from.value).toISOString());
    if (to.value) query.set('to', new Date(to.value).toISOString());
    try {
      const found = await api(`/api/v1/audit/accesses?${query}`);
      results.replaceChildren(accessTable(found.items));
      if (patient.value.trim()) {
        await showReplay(replay, patient.value.trim());
        await showVerification(verification, patient.value.trim());
      }
    } catch (error) {
      status.textContent = error.message;
    }
  });

  document.querySelector('main').replaceChildren(
    h('h1', {}, 'PHI access audit'),
    form,
    status,
    h('h2', {}, 'Chain verification'),
    verification,
    h('h2', {}, 'Accesses'),
    results,
    replay,
  );
}

function accessTable(items) {
  if (items.length === 0) return h('p', {}, 'No accesses match.');
  return h('table', {},
    h('thead', {}, h('tr', {}, ['Time', 'Actor', 'Role', 'Patient', 'Resource', 'Purpose', 'Result', 'Correlation'].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, items.map((row) => h('tr', { class: row.breakGlass ? 'break-glass' : undefined },
      h('td', {}, when(row.accessedAt)),
      h('td', {}, row.actorId),
      h('td', {}, row.actorRole),
      h('td', {}, row.patientId),
      h('td', {}, row.resource),
      h('td', {}, row.breakGlass ? `${row.purpose} (break-glass)` : row.purpose),
      h('td', { class: row.outcome === 'denied' ? 'denied' : undefined }, row.outcome),
      h('td', {}, row.correlationId)))));
}

async function showVerification(target, patientId) {
  const report = await api(`/api/v1/audit/patients/${encodeURIComponent(patientId)}/verify`);
  if (report.valid) {
    target.className = 'verify-ok';
    target.textContent = `Chain intact: ${report.entries} entries in ${report.streamId}.`;
  } else {
    const link = report.brokenLink;
    target.className = 'verify-broken';
    target.textContent = `Chain broken in ${link.streamId} at entry ${link.sequence}: ${link.reason} (expected ${link.expectedHash.slice(0, 12)}…, found ${link.foundHash.slice(0, 12)}…).`;
  }
}

/** Shows the journey replay. Each slider step requests the journey as of that stored position. */
async function showReplay(target, patientId) {
  const full = await api(`/api/v1/audit/patients/${encodeURIComponent(patientId)}/journey`);
  const positions = full.entries.map((entry) => entry.position);
  target.replaceChildren(h('h2', { id: 'replay-title' }, 'Journey replay'));
  if (positions.length === 0) {
    target.append(h('p', {}, 'No events for this patient.'));
    return;
  }

  const slider = h('input', { type: 'range', id: 'replay-slider', min: 1, max: positions.length, value: positions.length, step: 1, 'aria-valuetext': '' });
  const label = h('p', { id: 'replay-label', role: 'status' });
  const entries = h('ol', { id: 'replay-entries', class: 'timeline' });
  let request = 0;

  async function showUpTo(count) {
    const mine = ++request;
    const position = positions[count - 1];
    const asOf = await api(`/api/v1/audit/patients/${encodeURIComponent(patientId)}/journey?asOfPosition=${position}`);
    if (mine !== request) return;
    const last = asOf.entries.at(-1);
    label.textContent = `As of ${last ? when(last.recordedAt) : 'the start'}: ${asOf.entries.length} of ${positions.length} events`;
    slider.setAttribute('aria-valuetext', label.textContent);
    entries.replaceChildren(...asOf.entries.map((entry) => h('li', { class: 'replay-entry' }, h('time', { datetime: entry.recordedAt }, when(entry.recordedAt)), ' ', entry.summary)));
  }

  slider.addEventListener('input', () => void showUpTo(Number(slider.value)));
  target.append(h('label', { for: 'replay-slider' }, 'Moment in the journey'), slider, label, entries);
  await showUpTo(positions.length);
}

if (session()) view();
else void signIn();
