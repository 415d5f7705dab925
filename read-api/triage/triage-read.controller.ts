// Triage reads: a session's assessment in the patient's language, and the complaint list the
// patient app offers before a session starts.

import { Controller, Get, Headers, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { TriageSessionStore } from '../../commands/triage/triage-session-store';
import { ConflictError, NotFoundError } from '../../domain/shared/errors';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { languageQuery, responseLocale, type LanguageQuery } from './locale';
import { assessmentView, complaintListView } from './triage-views';
import { patientFromRecord } from '../../infra/auth/patient-from';
import { triageSessionPatient } from '../../infra/auth/patient-resolvers';
import { PhiRoute } from '../../infra/auth/phi-route';
import { ALL_ROLES, Roles } from '../../infra/auth/route-access';

const sessionIdParam = z.string().uuid('sessionId must be the UUID returned by POST /api/v1/triage/start');

@Controller('api/v1/triage')
export class TriageReadController {
  constructor(private readonly sessions: TriageSessionStore) {}

  @PhiRoute({ resource: 'TriageAssessment', patientFrom: patientFromRecord, resolvePatient: triageSessionPatient })
  @Get('assessment/:sessionId')
  async assessment(
    @Param('sessionId', new ZodValidationPipe(sessionIdParam)) sessionId: string,
    @Query(new ZodValidationPipe(languageQuery)) query: LanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    const { state } = await this.sessions.load(sessionId);
    if (state.status === 'not-started') {
      throw new NotFoundError(`triage session ${sessionId} does not exist; start a session with POST /api/v1/triage/start`);
    }
    const view = assessmentView(state, responseLocale(query.lang, acceptLanguage, state.locale));
    if (!view) {
      throw new ConflictError(
        state.status === 'escalated'
          ? `triage session ${sessionId} was escalated to a clinician before the intake was complete, so it has no assessment`
          : `triage session ${sessionId} is still in progress; answer its questions or send finish: true to POST /api/v1/triage/respond`,
      );
    }
    return view;
  }

  @Roles(...ALL_ROLES)
  @Get('complaints')
  complaints(
    @Query(new ZodValidationPipe(languageQuery)) query: LanguageQuery,
    @Headers('accept-language') acceptLanguage: string | undefined,
  ) {
    return complaintListView(responseLocale(query.lang, acceptLanguage, 'en'));
  }
}
