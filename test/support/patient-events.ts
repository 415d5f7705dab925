import { randomUUID } from 'node:crypto';

import type { EventStore, NewEvent } from '../../infra/event-store/event-store.port';
import { newEvent } from './events';

/** Appends `patients` patients, each registered and then given `observationsEach` heart rates. */
export async function seedPatients(store: EventStore, patients: number, observationsEach: number, prefix = randomUUID().slice(0, 8)): Promise<bigint> {
  let last = 0n;
  for (let index = 0; index < patients; index++) {
    const patientId = `${prefix}-${index}`;
    const events: NewEvent[] = [
      newEvent({
        type: 'PatientRegistered',
        data: {
          patientId,
          sourceSystem: 'test',
          sourceId: patientId,
          name: { given: [`Given${index}`], family: `Family${index % 97}` },
          gender: index % 2 === 0 ? 'female' : 'male',
          birthDate: `19${50 + (index % 50)}-01-15`,
          deceasedAt: null,
          address: { line: ['1 Test St'], city: 'Ottawa', province: 'ON', postalCode: 'K1A0B1', country: 'CA' },
          phone: null,
          preferredLanguage: index % 3 === 0 ? 'fr' : 'en',
          registeredAt: '2026-01-01T00:00:00.000Z',
        },
      }),
      ...Array.from({ length: observationsEach }, (_, observation) =>
        newEvent({
          type: 'ObservationRecorded',
          data: {
            patientId,
            observationId: `${patientId}-o${observation}`,
            category: 'vital-signs',
            code: { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
            value: { quantity: 60 + ((index + observation) % 40), unit: '/min', text: null, components: [] },
            effectiveAt: new Date(Date.UTC(2025, 0, 1) + observation * 3_600_000).toISOString(),
            recordedAt: '2026-01-01T00:00:00.000Z',
          },
        }),
      ),
    ];
    const result = await store.appendToStream(`patient-${patientId}`, events, 'no_stream');
    last = result.lastPosition;
  }
  return last;
}
