import type { Type } from '@nestjs/common';

import type { Projection } from './projections/runner/projection';

// The product's bounded contexts plug in here. Each adds a NestJS module (its controllers and
// command handlers; the module may inject Runtime, AggregateRepository, CommandBus, EVENT_STORE
// and READ_MODEL_SQL, which the application module provides) and the projections that build its
// read models.

/** Feature modules imported by the HTTP application. */
export const featureModules: Type<unknown>[] = [];

/** Projections run besides the core ones (patients, provider locations). */
export const featureProjections: Projection[] = [];
