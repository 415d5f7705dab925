import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { z } from 'zod';

import { AGING_PERIOD_MS, orderWaitlist, URGENCY_RANK, waitlistPriority, type WaitlistEntry } from '../../domain/scheduling';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { patientIdParam } from '../../write-api/scheduling/scheduling-schemas';
import type { SqlClient } from '../../infra/sql/sql-client';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { estimateQueue, measureQueue } from './queue-estimate';
import { patientFromQuery } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';
import { Roles } from '../../infra/auth/route-access';

// NOTE: the waitlist lists patient ids, and nothing checks the caller yet.

const specialtyParam = z.string().regex(/^[a-z0-9-]{1,64}$/, 'specialty must be 1 to 64 lower-case letters, digits or "-", such as family-medicine');
const estimateQuery = z
  .object({
    region: z.string().min(1).max(100).optional(),
    windowDays: z.coerce.number().int().min(1, 'must be 1 or more').max(365, 'must be 365 or less').default(28),
  })
  .strict();
const offersQuery = z.object({ patientId: patientIdParam }).strict();

@Controller('api/v1/waitlist')
export class WaitlistReadController {
  constructor(@Inject(READ_MODEL_SQL) private readonly sql: SqlClient) {}

  @PhiRoute({ resource: 'WaitlistOffer', patientFrom: patientFromQuery('patientId') })
  @Get('offers')
  async offers(@Query(new ZodValidationPipe(offersQuery)) query: z.infer<typeof offersQuery>) {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `select offer_id, backfill_id, slot_id, entry_id, status, offered_at, respond_by, answered_at
       from rm_waitlist.offers where patient_id = $1 order by offered_at desc limit 50`,
      [query.patientId],
    );
    return {
      items: rows.map((row) => ({
        offerId: row.offer_id,
        slotId: row.slot_id,
        entryId: row.entry_id,
        status: row.status,
        offeredAt: row.offered_at,
        respondBy: row.respond_by,
        answeredAt: row.answered_at,
      })),
    };
  }

  /** Lists the waiting entries in offer order, each with its priority now and the inputs it came from. */
  @PhiRoute({ resource: 'WaitlistEntry', patientFrom: () => undefined, population: true })
  @Get(':specialty')
  async list(@Param('specialty', new ZodValidationPipe(specialtyParam)) specialty: string) {
    const now = new Date().toISOString();
    const { rows } = await this.sql.query<{ entry_id: string; patient_id: string; urgency: WaitlistEntry['urgency']; joined_at: Date }>(
      `select entry_id, patient_id, urgency, joined_at from rm_waitlist.entries where specialty = $1 and status = 'waiting'`,
      [specialty],
    );
    const entries = rows.map((row) => ({ entryId: row.entry_id, patientId: row.patient_id, specialty, urgency: row.urgency, joinedAt: new Date(row.joined_at).toISOString() }));

    return {
      specialty,
      asOf: now,
      rule: `priority = urgency rank (${Object.entries(URGENCY_RANK).map(([urgency, rank]) => `${urgency} ${rank}`).join(', ')}) + days waited / ${AGING_PERIOD_MS / 86_400_000}`,
      items: orderWaitlist(entries).map((entry, index) => ({
        position: index + 1,
        entryId: entry.entryId,
        patientId: entry.patientId,
        urgency: entry.urgency,
        urgencyRank: URGENCY_RANK[entry.urgency],
        joinedAt: entry.joinedAt,
        daysWaited: Math.round(((Date.parse(now) - Date.parse(entry.joinedAt)) / 86_400_000) * 100) / 100,
        priority: Math.round(waitlistPriority(entry, now) * 1000) / 1000,
      })),
    };
  }

  @Roles('patient', 'provider', 'admin', 'analyst')
  @Get(':specialty/estimate')
  async estimate(
    @Param('specialty', new ZodValidationPipe(specialtyParam)) specialty: string,
    @Query(new ZodValidationPipe(estimateQuery)) query: z.infer<typeof estimateQuery>,
  ) {
    const measured = await measureQueue(this.sql, specialty, query.region ?? null, new Date(), query.windowDays);
    return estimateQueue(measured);
  }
}
