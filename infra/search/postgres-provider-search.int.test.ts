import { describeProviderSearchContract } from '../../test/contracts/provider-search.contract';
import { describeWithPostgres, openPostgresForTests } from '../../test/support/databases';
import { buildDirectory } from '../../test/support/directory-database';
import { PostgresProviderSearch } from './postgres-provider-search';

describeWithPostgres('provider search on PostgreSQL', (serverUrl) => {
  describeProviderSearchContract('postgresql', async () => {
    const { sql, dispose } = await openPostgresForTests(serverUrl, 4);
    return {
      search: new PostgresProviderSearch(sql),
      index: (events) => buildDirectory(sql, events),
      dispose,
    };
  });
});
