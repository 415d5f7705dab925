import type { Type } from '@nestjs/common';

import type { Projection } from './projections/runner/projection';
import { triageProjection } from './projections/triage/triage.projection';
import { TriageModule } from './write-api/triage/triage.module';
import { providerDirectoryProjection } from './projections/directory/provider-directory.projection';
import { DirectoryModule } from './read-api/directory/directory.module';
import { schedulingProjections } from './projections/scheduling';
import { SchedulingModule } from './write-api/scheduling/scheduling.module';

// The product's bounded contexts plug in here. Each adds a NestJS module (its controllers and
// command handlers; the module may inject Runtime, AggregateRepository, CommandBus, EVENT_STORE
// and READ_MODEL_SQL, which the application module provides) and the projections that build its
// read models.

/** Feature modules imported by the HTTP application. */
export const featureModules: Type<unknown>[] = [TriageModule, DirectoryModule, SchedulingModule];

/** Projections run besides the core ones (patients, provider locations). */
export const featureProjections: Projection[] = [triageProjection, providerDirectoryProjection, ...schedulingProjections];
