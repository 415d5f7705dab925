// Choosing where to go and booking it: the ranked open appointments near the patient as a list
// and a map, then the confirmation, which offers the nearby alternatives when the slot was taken.

import { api, ApiError, idempotencyKey } from './api.js';
import { field, h } from './dom.js';
import { formatTime, locale, t } from './i18n.js';

/** Places a patient can search from, by community centre; the browser's location is not asked for. */
export const COMMUNITIES = [
  { id: 'toronto', name: 'Toronto', lat: 43.6532, lng: -79.3832 },
  { id: 'ottawa', name: 'Ottawa', lat: 45.4215, lng: -75.6972 },
  { id: 'hamilton', name: 'Hamilton', lat: 43.2557, lng: -79.8711 },
  { id: 'london', name: 'London', lat: 42.9849, lng: -81.2453 },
  { id: 'kingston', name: 'Kingston', lat: 44.2312, lng: -76.486 },
  { id: 'sudbury', name: 'Sudbury', lat: 46.4917, lng: -80.993 },
  { id: 'thunder-bay', name: 'Thunder Bay', lat: 48.3809, lng: -89.2477 },
  { id: 'windsor', name: 'Windsor', lat: 42.3149, lng: -83.0364 },
];

// Primary care serves every level a clinic visit can serve, and the urgency narrows how soon.
const BOOKING_SPECIALTY = 'family-medicine';

export async function providersScreen(app) {
  const urgency = app.state.assessment?.urgency ?? 'routine';
  const community = COMMUNITIES.find((entry) => entry.id === app.state.community) ?? COMMUNITIES[0];
  const specialty = BOOKING_SPECIALTY;
  const query = new URLSearchParams({ specialty, lat: String(community.lat), lng: String(community.lng), radiusKm: '50', urgency, languages: locale() });
  const found = await api('GET', `/api/v1/appointments/availability?${query}`);
  const slots = found.slots ?? [];
  const providers = await Promise.all(slots.map((slot) => api('GET', `/api/v1/providers/${encodeURIComponent(slot.providerId)}`).catch(() => null)));
  const facilityIds = [...new Set(slots.map((slot) => slot.facilityId))];
  const facilities = new Map(await Promise.all(facilityIds.map(async (id) => [id, await api('GET', `/api/v1/provider-locations/${encodeURIComponent(id)}`).catch(() => null)])));
  const offers = slots.map((slot, index) => ({ slot, provider: providers[index], place: facilities.get(slot.facilityId)?.coordinates ?? null }));

  const place = h('select', { name: 'community' }, COMMUNITIES.map((entry) => h('option', { value: entry.id, selected: entry.id === community.id }, entry.name)));
  place.addEventListener('change', () => {
    app.remember({ community: place.value });
    app.render();
  });

  const list = h('ol', { class: 'offers' }, offers.map((offer) => offerCard(app, offer)));
  const map = offerMap(community, offers);
  const listTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'true', 'aria-controls': 'offers-list', id: 'tab-list' }, t('providers.list'));
  const mapTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'aria-controls': 'offers-map', id: 'tab-map' }, t('providers.map'));
  const listPanel = h('div', { id: 'offers-list', role: 'tabpanel', 'aria-labelledby': 'tab-list' }, offers.length ? list : h('p', {}, found.advice?.[locale()] ?? t('providers.none')));
  const mapPanel = h('div', { id: 'offers-map', role: 'tabpanel', 'aria-labelledby': 'tab-map', hidden: true }, map);
  const show = (showMap) => {
    listTab.setAttribute('aria-selected', String(!showMap));
    mapTab.setAttribute('aria-selected', String(showMap));
    listPanel.hidden = showMap;
    mapPanel.hidden = !showMap;
  };
  listTab.addEventListener('click', () => show(false));
  mapTab.addEventListener('click', () => show(true));

  return [
    h('h1', {}, t('providers.title')),
    field('community', t('providers.near'), place),
    h('div', { class: 'tabs', role: 'tablist' }, listTab, mapTab),
    listPanel,
    mapPanel,
  ];
}

function offerCard(app, { slot, provider, place }) {
  const facts = [
    t('providers.wait', { when: formatTime(slot.startsAt) }),
    slot.distanceKm !== undefined && slot.distanceKm !== null ? t('providers.distance', { km: slot.distanceKm.toFixed(1) }) : null,
    provider?.rating ? t('providers.rating', { rating: provider.rating.toFixed(1) }) : null,
    provider?.languages?.length ? t('providers.languages', { languages: provider.languages.join(', ') }) : null,
    provider?.accessible ? t('providers.accessible') : null,
    provider?.telemedicine || slot.mode === 'telemedicine' ? t('providers.telemedicine') : null,
  ].filter(Boolean);

  return h('li', { class: 'offer' },
    h('h2', {}, provider?.name?.display ?? slot.facilityName ?? slot.providerId),
    h('p', { class: 'facility' }, slot.facilityName ?? provider?.location?.facilityName ?? ''),
    h('ul', { class: 'facts' }, facts.map((fact) => h('li', {}, fact))),
    h('button', {
      type: 'button',
      class: 'primary',
      onclick: () => {
        app.remember({ chosenSlot: { slotId: slot.slotId, startsAt: slot.startsAt, providerName: provider?.name?.display ?? slot.facilityName ?? slot.providerId, facilityName: slot.facilityName ?? '', place } });
        app.go('#/book');
      },
    }, t('providers.choose', { time: formatTime(slot.startsAt) })));
}

/** Draws the offers around the patient as an SVG, without map tiles, so no request leaves the product. */
function offerMap(community, offers) {
  const size = 320;
  const located = offers.filter((offer) => offer.place);
  const reach = Math.max(0.05, ...located.map((offer) => Math.max(Math.abs(offer.place.lat - community.lat), Math.abs(offer.place.lng - community.lng))));
  const scale = (size / 2 - 24) / reach;
  const point = (lat, lng) => ({ x: size / 2 + (lng - community.lng) * scale * Math.cos((community.lat * Math.PI) / 180), y: size / 2 - (lat - community.lat) * scale });

  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('providers.mapLabel'));
  const dot = (x, y, radius, className, label) => {
    const circle = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    circle.setAttribute('cx', String(x));
    circle.setAttribute('cy', String(y));
    circle.setAttribute('r', String(radius));
    circle.setAttribute('class', className);
    const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    title.textContent = label;
    circle.append(title);
    svg.append(circle);
  };
  dot(size / 2, size / 2, 8, 'map-you', community.name);
  located.forEach((offer) => {
    const { x, y } = point(offer.place.lat, offer.place.lng);
    dot(x, y, 6, 'map-offer', `${offer.slot.facilityName ?? ''}, ${formatTime(offer.slot.startsAt)}`);
  });
  return h('figure', { class: 'map' }, svg, h('figcaption', {}, located.map((offer) => `${offer.slot.facilityName ?? ''}: ${formatTime(offer.slot.startsAt)}`).join(' · ')));
}

export function bookScreen(app) {
  const chosen = app.state.chosenSlot;
  if (!chosen) {
    app.go('#/providers');
    return [];
  }
  const reason = h('textarea', { name: 'visitReason', rows: 2, maxlength: 500 });
  const status = h('p', { class: 'form-status', role: 'alert' });
  const alternatives = h('div', { class: 'alternatives' });

  const form = h('form', { novalidate: true },
    h('p', { class: 'choice' }, `${chosen.providerName}, ${chosen.facilityName}`),
    h('p', { class: 'when' }, formatTime(chosen.startsAt)),
    field('visitReason', t('book.reason'), reason),
    status,
    alternatives,
    h('button', { type: 'submit', class: 'primary' }, t('book.confirm')));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { slotId: chosen.slotId, patientId: app.patientId(), urgency: app.state.assessment?.urgency ?? 'routine' };
    if (reason.value.trim()) {
      body.visitReason = reason.value.trim();
    }
    void app.submit(form, status, async () => {
      try {
        const booked = await api('POST', '/api/v1/appointments/book?waitFor=appointments', body, { 'Idempotency-Key': idempotencyKey() });
        app.remember({ appointmentId: booked.appointmentId, bookedAt: chosen.startsAt });
        app.go('#/transport');
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && error.problem.alternatives?.length) {
          status.textContent = t('book.taken');
          alternatives.replaceChildren(...error.problem.alternatives.map((alternative) => h('button', {
            type: 'button',
            class: 'secondary',
            onclick: () => {
              app.remember({ chosenSlot: { ...chosen, slotId: alternative.slotId, startsAt: alternative.startsAt } });
              app.render();
            },
          }, formatTime(alternative.startsAt))));
          return;
        }
        throw error;
      }
    }, { visitReason: 'visitReason' });
  });

  return [h('h1', {}, t('book.title')), form];
}
