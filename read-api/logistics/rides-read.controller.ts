import { Controller, Get, Headers, Param, Query } from '@nestjs/common';

import { estimateTransportCost, estimatedRoadKm } from '../../domain/logistics';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import { patientFromRecord } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { journeyIdParam } from '../../write-api/journeys/journeys-schemas';
import { JourneysRuntime } from '../../write-api/journeys/journeys-runtime';
import { rideEntry } from '../journeys/journey-timeline';
import { ridePatient } from '../journeys/journey-patient';
import { languageQuery, responseLocale, type LanguageQuery } from '../triage/locale';

/** A ride's status, partner, pickup plan, planning cost estimate and tracking, from its stream. */
@Controller('api/v1/rides')
export class RidesReadController {
  constructor(private readonly journeys: JourneysRuntime) {}

  @PhiRoute({ resource: 'Ride', patientFrom: patientFromRecord, resolvePatient: ridePatient })
  @Get(':rideId')
  async ride(
    @Param('rideId', new ZodValidationPipe(journeyIdParam)) rideId: string,
    @Query(new ZodValidationPipe(languageQuery)) query: LanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const host = await this.journeys.host();
    const request = await host.rides.request(rideId);
    const state = await host.rides.load(rideId);
    const locale = responseLocale(query.lang, acceptLanguage, 'en');
    const events = await this.journeys.runtime.store.readStream(`ride-${rideId}`);
    const tracking = events.map((event) => rideEntry(event.type, upcastStoredEvent<Record<string, unknown>>(event).data, locale)).filter((entry) => entry !== undefined);
    return {
      rideId,
      journeyId: request.journeyId,
      mode: request.mode,
      pickupAt: request.pickupAt,
      status: state.status,
      partnerId: state.partnerId,
      sandbox: state.partnerId?.startsWith('sandbox-') ?? false,
      etaAt: state.etaAt,
      costEstimate: estimateTransportCost(request.mode, Math.min(1000, estimatedRoadKm(request.pickup, request.dropoff))),
      tracking,
    };
  }
}
