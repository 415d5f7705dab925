import type { FactoryProvider } from '@nestjs/common';

import { ACCESS_AUDITOR, type AccessAuditor } from '../auth/phi-route';
import { loggerFor } from '../observability/logger';
import type { EventStore } from '../event-store/event-store.port';
import { SqlEventStore } from '../event-store/sql/sql-event-store';
import { Runtime } from '../runtime/runtime';
import { ChainedAccessAuditor, DisabledAccessAuditor } from './chained-access-auditor';

/** The AccessAuditor every PHI route's guard and interceptor record to (ACCESS_AUDITOR). */
export const accessAuditorProvider: FactoryProvider<AccessAuditor> = {
  provide: ACCESS_AUDITOR,
  inject: [Runtime],
  useFactory: (runtime: Runtime) =>
    runtime.config.phiAudit ? new ChainedAccessAuditor(auditStoreOf(runtime), loggerFor('audit')) : new DisabledAccessAuditor(),
};

// Every append through the runtime's store wakes each projection's subscription at once, which on
// the single-connection PGlite queued a dozen reads and checkpoint writes behind every PHI read.
// Access entries are therefore written through a second handle on the same SQL database: the
// projections take them up at their next poll (at most 250 ms on PGlite) or with the next
// domain event, in batches. Access entries hold no PHI, so this handle needs no encryption.
function auditStoreOf(runtime: Runtime): EventStore {
  return runtime.store instanceof SqlEventStore ? new SqlEventStore(runtime.sql) : runtime.store;
}
