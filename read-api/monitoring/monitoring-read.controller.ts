import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { monitoringStream } from '../../commands/monitoring/monitoring-streams';
import type { MonitoringEvent } from '../../domain/monitoring';
import { patientFromParam } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { upcastStoredEvent } from '../../infra/event-store/event-registry';
import type { EventStore } from '../../infra/event-store/event-store.port';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import type { SqlClient } from '../../infra/sql/sql-client';
import { EVENT_STORE, READ_MODEL_SQL } from '../../infra/tokens';
import { checkInsView, monitoringSummary } from './monitoring-views';

export const monitoringPatientId = z.string().regex(/^[A-Za-z0-9\-_.:]{1,100}$/, 'must be 1 to 100 letters, digits, "-", "_", "." or ":"');
const languageQuery = z.object({ lang: z.enum(['en', 'fr']).optional() }).strict();

// Both views fold the patient's monitoring stream, so an answer is visible as soon as it is
// accepted; a stream holds a few events a day per plan.
@Controller('api/v1/patients/:patientId')
export class MonitoringReadController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_SQL) private readonly sql: SqlClient,
  ) {}

  /** Returns the patient's check-ins, pending, answered and missed, with the questions in their language. */
  @PhiRoute({ resource: 'MonitoringCheckIn', patientFrom: patientFromParam('patientId') })
  @Get('check-ins')
  async checkIns(
    @Param('patientId', new ZodValidationPipe(monitoringPatientId)) patientId: string,
    @Query(new ZodValidationPipe(languageQuery)) query: z.infer<typeof languageQuery>,
  ) {
    const language = query.lang ?? (await this.preferredLanguage(patientId));
    return { patientId, language, ...checkInsView(await this.events(patientId), language) };
  }

  /** Returns answer trends, the latest NEWS2, medication adherence over the last 7 days and the escalations. */
  @PhiRoute({ resource: 'MonitoringSummary', patientFrom: patientFromParam('patientId') })
  @Get('monitoring')
  async monitoring(@Param('patientId', new ZodValidationPipe(monitoringPatientId)) patientId: string) {
    return { patientId, ...monitoringSummary(await this.events(patientId), new Date().toISOString()) };
  }

  private async events(patientId: string): Promise<MonitoringEvent[]> {
    const stored = await this.store.readStream(monitoringStream(patientId));
    return stored.map((event) => upcastStoredEvent(event) as unknown as MonitoringEvent);
  }

  private async preferredLanguage(patientId: string): Promise<'en' | 'fr'> {
    const { rows } = await this.sql.query<{ preferred_language: string }>('select preferred_language from rm_patients.patients where patient_id = $1', [patientId]);
    return rows[0]?.preferred_language === 'fr' ? 'fr' : 'en';
  }
}
