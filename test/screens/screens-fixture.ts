import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { DEMO_USERS } from '../../infra/auth/demo-users';
import { loadConfig } from '../../infra/config/config';
import { startServer, type RunningServer } from '../../server';
import { authHeaders } from '../support/auth';

// A started product for the browser tests: no shared-data import (it takes minutes), and instead
// one Ottawa clinic with open family-medicine slots of the demo provider the portal signs in as.

export const CLINIC = { locationId: 'screens-ottawa-clinic', lat: 45.4236, lng: -75.6997 };
export const PROVIDER_ID = DEMO_USERS.find((user) => user.role === 'provider')!.providerId!;
export const [ENGLISH_PATIENT, FRENCH_PATIENT] = DEMO_USERS.filter((user) => user.role === 'patient');

export interface ScreensProduct {
  server: RunningServer;
  url: string;
  dispose(): Promise<void>;
}

export async function startScreensProduct(): Promise<ScreensProduct> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'ohip-screens-'));
  const server = await startServer(
    loadConfig({ OHIP_DATA_DIR: dataDirectory, PORT: '0', LOG_LEVEL: 'silent', OHIP_IMPORT_SHARED_DATA: 'false', OHIP_SEED_DEMO_DIRECTORY: 'false' }),
  );
  await seedClinic(server.url);
  return {
    server,
    url: server.url,
    async dispose() {
      await server.close();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

async function seedClinic(url: string): Promise<void> {
  const admin = { ...(await authHeaders(url, { role: 'admin' })), 'content-type': 'application/json' };

  await post(url, '/api/v1/provider-locations?waitFor=provider_locations', admin, {
    locationId: CLINIC.locationId,
    serviceType: 'Community Health Centre',
    name: { en: 'Centretown Test Clinic', fr: 'Clinique d’essai du Centre-ville' },
    address: { line1: '420 Cooper Street', community: 'Ottawa', postalCode: 'K2P 2N6' },
    coordinates: { lat: CLINIC.lat, lng: CLINIC.lng },
  });

  // Slots from tomorrow on, at 10:00 and 14:00 Ottawa time, so every run finds some in the future.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const slots = [0, 1, 2, 3].flatMap((day) =>
    ['15:00', '19:00'].map((hour) => {
      const startsAt = new Date(Date.parse(`${tomorrow}T${hour}:00Z`) + day * 86_400_000);
      return {
        slotId: `screens-${day}-${hour.replace(':', '')}`,
        providerId: PROVIDER_ID,
        facilityId: CLINIC.locationId,
        specialty: 'family-medicine',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 20 * 60_000).toISOString(),
        mode: 'in-person',
        demo: true,
      };
    }),
  );
  await post(url, '/api/v1/slots?waitFor=slots', admin, { slots });
}

async function post(url: string, route: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(`${url}${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!response.ok) {
    throw new Error(`seeding ${route} failed: HTTP ${response.status} ${await response.text()}`);
  }
}
