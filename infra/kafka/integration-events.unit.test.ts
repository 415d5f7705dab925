import fc from 'fast-check';

import { eventRegistry } from '../event-store/event-registry';
import type { StoredEvent } from '../event-store/event-store.port';
import { allowedSourcePaths, INTEGRATION_MAPPINGS, toIntegrationEvent } from './integration-events';

const MARKER = 'PHI-MARKER-7f3a';

function storedEvent(type: string, data: unknown, streamId = 'stream-1'): StoredEvent {
  return {
    eventId: '6d1f6a52-2a55-4f4e-9d8e-5f2b7c1e0a01',
    type,
    schemaVersion: 1,
    data,
    streamId,
    streamVersion: 1n,
    globalPosition: 65_536n,
    recordedAt: new Date('2026-12-04T21:00:00.000Z'),
    correlationId: 'correlation-1',
    causationId: null,
    actor: { id: 'user-1', role: 'patient' },
  };
}

/**
 * Sets `value` at a phiFields dot path, keeping sibling fields already set on the way; a segment
 * ending in "[]" becomes an array of two elements.
 */
function setPath(target: Record<string, unknown>, path: string, value: () => unknown): void {
  const [head, ...rest] = path.split('.');
  const isArray = head!.endsWith('[]');
  const key = isArray ? head!.slice(0, -2) : head!;
  const make = (existing: unknown): unknown => {
    if (rest.length === 0) {
      return value();
    }
    const child = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
    setPath(child, rest.join('.'), value);
    return child;
  };
  target[key] = isArray ? [make(undefined), make(undefined)] : make(target[key]);
}

const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));

/** Event data with arbitrary values in every allowed field and a marker (or a marked object) in every PHI field. */
function dataFor(type: string) {
  const definition = eventRegistry.find(type)!;
  return fc
    .record({
      extra: fc.dictionary(fc.string(), scalar, { maxKeys: 4 }),
      allowed: fc.tuple(...allowedSourcePaths(type).map(() => scalar)),
      markerShape: fc.constantFrom('string', 'array', 'object', 'number-and-string'),
    })
    .map(({ extra, allowed, markerShape }) => {
      const data: Record<string, unknown> = { ...extra };
      allowedSourcePaths(type).forEach((path, index) => setPath(data, path, () => allowed[index]));
      for (const phiPath of definition.phiFields) {
        setPath(data, phiPath, () => {
          switch (markerShape) {
            case 'array':
              return [MARKER, MARKER];
            case 'object':
              return { display: MARKER, nested: { text: MARKER } };
            case 'number-and-string':
              return `${MARKER} 42`;
            default:
              return MARKER;
          }
        });
        // An allowed path inside a PHI object would read PHI, so the marker goes there too.
        for (const allowedPath of allowedSourcePaths(type).filter((path) => path.startsWith(`${phiPath.replace(/\[\]/g, '')}.`))) {
          setPath(data, allowedPath, () => MARKER);
        }
      }
      return data;
    });
}

describe('integration events', () => {
  const definitions = eventRegistry.all();

  it('map only registered event types', () => {
    const unregistered = Object.keys(INTEGRATION_MAPPINGS).filter((type) => !eventRegistry.find(type));
    expect(unregistered).toEqual([]);
  });

  it('allow no field that is or holds a PHI path', () => {
    for (const definition of definitions) {
      const phiPaths = definition.phiFields.map((path) => path.replace(/\[\]/g, ''));
      for (const allowed of allowedSourcePaths(definition.type)) {
        const overlapping = phiPaths.filter(
          (phi) => phi === allowed || allowed.startsWith(`${phi}.`) || phi.startsWith(`${allowed}.`),
        );
        expect({ type: definition.type, allowed, overlapping }).toEqual({ type: definition.type, allowed, overlapping: [] });
      }
    }
  });

  it('carry no PHI of any registered event type', () => {
    const typeWithData = fc.constantFrom(...definitions.map((definition) => definition.type)).chain((type) =>
      dataFor(type).map((data) => ({ type, data })),
    );

    fc.assert(
      fc.property(typeWithData, ({ type, data }) => {
        const routed = toIntegrationEvent(storedEvent(type, data));
        const published = JSON.stringify(routed);
        expect(published.includes(MARKER)).toBe(false);
      }),
      { numRuns: 2_000 },
    );
  });

  it('copy every allowed field of a mapped type', () => {
    for (const type of Object.keys(INTEGRATION_MAPPINGS)) {
      const data: Record<string, unknown> = {};
      allowedSourcePaths(type).forEach((path) => setPath(data, path, () => `value-of-${path}`));

      const routed = toIntegrationEvent(storedEvent(type, data));

      expect(Object.values(routed!.event.data).sort()).toEqual(allowedSourcePaths(type).map((path) => `value-of-${path}`).sort());
    }
  });

  it('build the versioned envelope', () => {
    const routed = toIntegrationEvent(
      storedEvent('EscalationRaised', {
        escalationId: 'escalation-1',
        patientId: 'patient-1',
        checkInId: 'check-in-1',
        ruleId: 'heart-failure-weight-gain',
        action: 'call-patient',
        priority: 'urgent',
        raisedAt: '2026-12-04T20:59:00.000Z',
      }),
    );

    expect(routed).toEqual({
      topic: 'alert-events',
      key: 'stream-1',
      event: {
        schema: 'ohip.integration/EscalationRaised',
        schemaVersion: 1,
        eventId: '6d1f6a52-2a55-4f4e-9d8e-5f2b7c1e0a01',
        occurredAt: '2026-12-04T21:00:00.000Z',
        globalPosition: '65536',
        journeyId: null,
        type: 'EscalationRaised',
        data: {
          escalationId: 'escalation-1',
          patientId: 'patient-1',
          checkInId: 'check-in-1',
          ruleId: 'heart-failure-weight-gain',
          action: 'call-patient',
          priority: 'urgent',
          raisedAt: '2026-12-04T20:59:00.000Z',
        },
      },
    });
  });

  it('key by journey id when there is one', () => {
    const routed = toIntegrationEvent(
      storedEvent('RideRequested', { rideId: 'ride-1', journeyId: 'journey-9', mode: 'taxi', pickupAt: 'x', requestedAt: 'y' }, 'ride-ride-1'),
    );

    expect(routed?.key).toBe('journey-9');
    expect(routed?.event.journeyId).toBe('journey-9');
    expect(routed?.topic).toBe('transport-events');
  });

  it.each([
    ['TriageStarted', 'triage-events'],
    ['RedFlagDetected', 'alert-events'],
    ['TriageEscalated', 'alert-events'],
    ['SlotBooked', 'scheduling-events'],
    ['PatientWaitlisted', 'scheduling-events'],
    ['EquipmentOrdered', 'transport-events'],
    ['CheckInAnswered', 'monitoring-events'],
  ])('route %s to %s', (type, topic) => {
    expect(toIntegrationEvent(storedEvent(type, {}))?.topic).toBe(topic);
  });

  it.each(['PatientRegistered', 'ObservationRecorded', 'ProviderRegistered', 'OfferDeadlineScheduled'])('publish no %s', (type) => {
    expect(toIntegrationEvent(storedEvent(type, { patientId: 'patient-1' }))).toBeNull();
  });
});
