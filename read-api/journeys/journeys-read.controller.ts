import { Controller, Get, Headers, Param, Query } from '@nestjs/common';

import { NotFoundError } from '../../domain/shared/errors';
import { patientFromRecord } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { journeyIdParam } from '../../write-api/journeys/journeys-schemas';
import { JourneysRuntime } from '../../write-api/journeys/journeys-runtime';
import { languageQuery, responseLocale, type LanguageQuery } from '../triage/locale';
import { journeyPatient } from './journey-patient';
import { loadJourneyView } from './journey-view';

@Controller('api/v1/journeys')
export class JourneysReadController {
  constructor(private readonly journeys: JourneysRuntime) {}

  @PhiRoute({ resource: 'CareJourney', patientFrom: patientFromRecord, resolvePatient: journeyPatient })
  @Get(':journeyId')
  async journey(
    @Param('journeyId', new ZodValidationPipe(journeyIdParam)) journeyId: string,
    @Query(new ZodValidationPipe(languageQuery)) query: LanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const host = await this.journeys.host();
    const view = await loadJourneyView(this.journeys.runtime.store, journeyId, host.policy, responseLocale(query.lang, acceptLanguage, 'en'));
    if (!view) {
      throw new NotFoundError(`journey ${journeyId} was not found; a journey starts when its triage session is assessed`);
    }
    return view;
  }
}
