import { featureProjections } from '../features';
import { patientsProjection } from './patients/patients.projection';
import { providerLocationsProjection } from './providers/provider-locations.projection';
import type { Projection } from './runner/projection';

/** Every projection the product runs; add a new read model here. */
export const allProjections: Projection[] = [providerLocationsProjection, patientsProjection, ...featureProjections];
