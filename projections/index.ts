import { patientsProjection } from './patients/patients.projection';
import { providerLocationsProjection } from './providers/provider-locations.projection';
import type { Projection } from './runner/projection';

/** The core read models; contexts add theirs in features.ts. */
export const coreProjections: Projection[] = [providerLocationsProjection, patientsProjection];
