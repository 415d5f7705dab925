// The app talks to the product's read and write APIs only. A failed request becomes an ApiError
// carrying the server's problem details, so a screen can show each rule beside its field.

import { locale } from './i18n.js';

const TOKEN_KEY = 'ohip.session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Returns the server's rule for one field, or undefined when the server named another field. */
  ruleFor(field) {
    const violation = (this.problem.errors ?? []).find((error) => error.field === field || error.field.startsWith(`${field}.`));
    return violation?.rule;
  }
}

export class OfflineError extends Error {}

export function session() {
  const stored = sessionStorage.getItem(TOKEN_KEY);
  return stored ? JSON.parse(stored) : null;
}

export function saveSession(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, JSON.stringify(value));
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
}

export async function api(method, path, body, extraHeaders = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale(), ...extraHeaders };
  const current = session();
  if (current?.token) {
    headers.Authorization = `Bearer ${current.token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new OfflineError('offline');
  }

  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, parsed);
  }
  return parsed;
}

/** Returns a new idempotency key, so a retried write stores nothing twice. */
export function idempotencyKey() {
  return crypto.randomUUID();
}
