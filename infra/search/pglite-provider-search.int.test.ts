import { describeProviderSearchContract } from '../../test/contracts/provider-search.contract';
import { buildDirectory, openPGliteWithEarthDistance } from '../../test/support/directory-database';
import { PostgresProviderSearch } from './postgres-provider-search';

describeProviderSearchContract('pglite', async () => {
  const sql = await openPGliteWithEarthDistance();
  return {
    search: new PostgresProviderSearch(sql),
    index: (events) => buildDirectory(sql, events),
    dispose: () => sql.close(),
  };
});
