import { describeEventStoreContract } from '../../test/contracts/event-store.contract';
import { describeWithPostgres, openPostgresForTests } from '../../test/support/databases';
import { SqlEventStore } from './sql/sql-event-store';

describeWithPostgres('PostgreSQL event store', (serverUrl) => {
  describeEventStoreContract('postgresql', async () => {
    const { sql, dispose } = await openPostgresForTests(serverUrl, 30);
    const store = await SqlEventStore.create(sql);
    return { store, dispose: async () => { await store.close(); await dispose(); } };
  });
});
