import fc from 'fast-check';

import { directoryFixtureEvents } from '../../../test/support/directory-providers';
import type { StoredEvent } from '../../event-store/event-store.port';
import type { ProviderDocument } from './provider-index';
import { applyProviderEvents } from './provider-index-changes';

// The index projection writes a batch, then its checkpoint; a crash in between replays the batch.
// So the documents must not depend on how the events were cut into batches, nor on a batch being
// applied twice.

const events = directoryFixtureEvents();

function applyInBatches(sizes: number[], replays: Set<number>): Map<string, ProviderDocument> {
  const documents = new Map<string, ProviderDocument>();
  let start = 0;
  const batches: StoredEvent[][] = [];
  for (const size of [...sizes, events.length]) {
    if (start >= events.length) break;
    batches.push(events.slice(start, start + size));
    start += size;
  }
  batches.forEach((batch, index) => {
    applyProviderEvents(documents, batch);
    if (replays.has(index)) applyProviderEvents(documents, batch);
  });
  return documents;
}

describe('provider index changes', () => {
  const oneBatch = applyInBatches([events.length], new Set());

  it('builds documents from the events', () => {
    expect(oneBatch.get('ottawa-family-1')).toMatchObject({
      specialties: ['family-medicine'],
      acceptedInsurance: ['IFHP', 'OHIP'],
      point: { lat: 45.4236, lon: -75.6997 },
      accessible: true,
      telemedicine: true,
      rating: 4.8,
      reviewCount: 120,
      waitDays: 2,
    });
    expect(oneBatch.get('unassigned-1')).toMatchObject({ location: null, point: null, specialties: [], rating: null });
  });

  it('gives the same documents for any batching and any replayed batch', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 10 }),
        (sizes, replays) => {
          expect(applyInBatches(sizes, new Set(replays))).toEqual(oneBatch);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reports only the providers a batch touched', () => {
    const documents = new Map<string, ProviderDocument>();

    const changed = applyProviderEvents(documents, events.filter((event) => event.streamId === 'provider-kanata-family-1'));

    expect([...changed]).toEqual(['kanata-family-1']);
  });

  it('drops changes for a provider it has no document for', () => {
    const documents = new Map<string, ProviderDocument>();
    const withoutRegistration = events.filter((event) => event.type !== 'ProviderRegistered');

    expect(applyProviderEvents(documents, withoutRegistration).size).toBe(0);
    expect(documents.size).toBe(0);
  });
});
