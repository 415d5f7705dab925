import { describeEventStoreContract } from '../../test/contracts/event-store.contract';
import { EsdbEventStore } from './esdb/esdb-event-store';

// No EventStoreDB server runs in this repository's CI; the suite runs where a developer sets
// ESDB_CONNECTION_STRING (for example esdb://127.0.0.1:2113?tls=false).
const connectionString = process.env.ESDB_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('eventstoredb', async () => {
    const store = EsdbEventStore.fromConnectionString(connectionString);
    return { store, dispose: () => store.close() };
  });
} else {
  // eslint-disable-next-line jest/no-disabled-tests -- the title says which server is missing and how to start it
  describe.skip('event store contract: eventstoredb (skipped: ESDB_CONNECTION_STRING is not set)', () => {
    it('needs an EventStoreDB server', () => undefined);
  });
}
