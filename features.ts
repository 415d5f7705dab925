import type { Type } from '@nestjs/common';

import type { Projection } from './projections/runner/projection';
import { triageProjection } from './projections/triage/triage.projection';
import { TriageModule } from './write-api/triage/triage.module';
import { providerDirectoryProjection } from './projections/directory/provider-directory.projection';
import { DirectoryModule } from './read-api/directory/directory.module';
import { schedulingProjections } from './projections/scheduling';
import { SchedulingModule } from './write-api/scheduling/scheduling.module';
import { AdminModule } from './read-api/admin/admin.module';
import { RedisCachesModule } from './infra/cache/redis-caches.module';
import { careRelationshipsProjection } from './projections/care-relationships/care-relationships.projection';
import { consentProjection } from './projections/consent/consent.projection';
import { ConsentModule } from './write-api/consent/consent.module';
import { auditAccessesProjection } from './infra/audit/audit-accesses.projection';
import { PhiAuditModule } from './infra/audit/phi-audit.module';
import { portalAlertsProjection } from './projections/portal/portal-alerts.projection';
import { PortalModule } from './read-api/portal/portal.module';
import { monitoringProjection } from './projections/monitoring/monitoring.projection';
import { MonitoringModule } from './write-api/monitoring/monitoring.module';
import { JourneysModule } from './write-api/journeys/journeys.module';

// The product's bounded contexts plug in here. Each adds a NestJS module (its controllers and
// command handlers; the module may inject Runtime, AggregateRepository, CommandBus, EVENT_STORE
// and READ_MODEL_SQL, which the application module provides) and the projections that build its
// read models.

/** Feature modules imported by the HTTP application. */
export const featureModules: Type<unknown>[] = [TriageModule, DirectoryModule, SchedulingModule, PhiAuditModule, PortalModule, ConsentModule, AdminModule, MonitoringModule, JourneysModule, RedisCachesModule];

/** Projections run besides the core ones (patients, provider locations). */
export const featureProjections: Projection[] = [triageProjection, providerDirectoryProjection, ...schedulingProjections, auditAccessesProjection, portalAlertsProjection, consentProjection, careRelationshipsProjection, monitoringProjection];
