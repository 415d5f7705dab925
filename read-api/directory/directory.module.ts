import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { providerCommandHandlers } from '../../commands/providers/provider-commands';
import { CachedProviderSearch } from '../../infra/search/cached-provider-search';
import { PROVIDER_SEARCH_ENGINE, ProviderSearchEngine } from '../../infra/search/engine/provider-search-engine';
import { rootLogger } from '../../infra/observability/logger';
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
      // Null unless OHIP_PROVIDER_SEARCH names a search engine; a named engine that fails to start stops the product.
      provide: PROVIDER_SEARCH_ENGINE,
      useFactory: async (runtime: Runtime) => {
        const engine = runtime.config.providerSearch;
        return engine.engine === 'postgresql' ? null : ProviderSearchEngine.start(engine, runtime.store, rootLogger);
      },
      inject: [Runtime],
    },
    {
      provide: PROVIDER_SEARCH,
      useFactory: (sql: SqlClient, runtime: Runtime, engine: ProviderSearchEngine | null) => {
        const search = engine?.search ?? new PostgresProviderSearch(sql);
        if (!runtime.config.searchCache) return search;
        const position = engine ? () => engine.projection.position : () => runtime.projections.get('provider_directory')?.position ?? 0n;
        return new CachedProviderSearch(search, position);
      },
      inject: [READ_MODEL_SQL, Runtime, PROVIDER_SEARCH_ENGINE],
    },
    DemoDirectoryStartup,
  ],
  exports: [PROVIDER_SEARCH, DemoDirectoryStartup],
})
export class DirectoryModule {}
