import { randomUUID } from 'node:crypto';

import type { RunningServer } from '../../server';
import { authHeaders } from '../../test/support/auth';
import { SchedulingSagas } from '../../sagas/scheduling/scheduling-sagas.service';

// A small HTTP client for the scheduling tests and the booking benchmark, with typed fixture
// factories for slots. Response bodies are loosely typed JSON because the tests check them field
// by field.

export type Json = any;

export interface HttpResult {
  status: number;
  body: Json;
}

/**
 * Sends a request with the given sign-in headers, or by default as an administrator who reads
 * records by break-glass (the scheduling tests check scheduling, not access control).
 */
export async function call(server: RunningServer, method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult> {
  const signedIn = headers ?? (await authHeaders(server.url, { role: 'admin', breakGlassReason: 'scheduling test reads the appointments it booked' }));
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...signedIn },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}

export interface SlotFixture {
  slotId: string;
  providerId: string;
  facilityId: string;
  specialty: string;
  startsAt: string;
  endsAt: string;
  mode: 'in-person' | 'telemedicine';
  demo: boolean;
}

/** Builds a slot starting `hoursAhead` from now; options decide the rest. */
export function slotFixture(hoursAhead: number, options: Partial<SlotFixture> = {}): SlotFixture {
  const startsAt = new Date(Date.now() + hoursAhead * 3_600_000);
  startsAt.setUTCSeconds(0, 0);
  return {
    slotId: options.slotId ?? `slot-${randomUUID()}`,
    providerId: options.providerId ?? 'test-provider-1',
    facilityId: options.facilityId ?? 'test-facility-ottawa',
    specialty: options.specialty ?? 'family-medicine',
    startsAt: options.startsAt ?? startsAt.toISOString(),
    endsAt: options.endsAt ?? new Date(startsAt.getTime() + 15 * 60_000).toISOString(),
    mode: options.mode ?? 'in-person',
    demo: options.demo ?? false,
  };
}

/** Waits until the sagas and every projection have handled all events, including those the sagas appended. */
export async function settle(server: RunningServer): Promise<void> {
  const sagas = server.app.get(SchedulingSagas, { strict: false });
  for (;;) {
    const head = await server.runtime.store.headPosition();
    await sagas.waitFor(head);
    await server.runtime.waitForProjectionsAtHead();
    if ((await server.runtime.store.headPosition()) === head) return;
  }
}
