import { describeEventStoreContract } from '../../test/contracts/event-store.contract';
import { openPGliteForTests } from '../../test/support/databases';
import { SqlEventStore } from './sql/sql-event-store';

describeEventStoreContract('pglite', async () => {
  const { sql, dispose } = await openPGliteForTests();
  const store = await SqlEventStore.create(sql);
  return { store, dispose: async () => { await store.close(); await dispose(); } };
});
