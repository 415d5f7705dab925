import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { providerCommandHandlers } from '../../commands/providers/provider-commands';
import { CachedProviderSearch } from '../../infra/search/cached-provider-search';
import { PostgresProviderSearch } from '../../infra/search/postgres-provider-search';
import { PROVIDER_SEARCH } from '../../infra/search/provider-search.port';
import { DemoDirectoryStartup } from '../../infra/seed/demo-directory-startup';
import type { SqlClient } from '../../infra/sql/sql-client';
import { Runtime } from '../../infra/runtime/runtime';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { ProviderDirectoryController } from './provider-directory.controller';
import { ProviderLocationsReadController } from './provider-locations-read.controller';

/**
 * The provider directory: provider commands, the search API over the directory read model, the
 * facility locations list, and the demo practitioners seeded after the facility import.
 */
@Module({
  imports: [CqrsModule],
  controllers: [ProviderDirectoryController, ProviderLocationsReadController],
  providers: [
    ...providerCommandHandlers,
    {
      provide: PROVIDER_SEARCH,
      useFactory: (sql: SqlClient, runtime: Runtime) => {
        const search = new PostgresProviderSearch(sql);
        if (!runtime.config.searchCache) return search;
        return new CachedProviderSearch(search, () => runtime.projections.get('provider_directory')?.position ?? 0n);
      },
      inject: [READ_MODEL_SQL, Runtime],
    },
    DemoDirectoryStartup,
  ],
  exports: [PROVIDER_SEARCH, DemoDirectoryStartup],
})
export class DirectoryModule {}
