import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';

import { NOTIFICATION_OUTBOX, type NotificationOutbox } from '../../infra/notifications/notifications.port';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { patientIdParam } from '../../write-api/scheduling/scheduling-schemas';
import { patientFromQuery } from '../../infra/auth/patient-from';
import { PhiRoute } from '../../infra/auth/phi-route';

// NOTE: messages name appointment times and places, and nothing checks the caller yet.

const outboxQuery = z
  .object({
    patientId: patientIdParam,
    limit: z.coerce.number().int().min(1, 'must be 1 or more').max(100, 'must be 100 or less').default(50),
  })
  .strict();

@Controller('api/v1/notifications')
export class NotificationsReadController {
  constructor(@Inject(NOTIFICATION_OUTBOX) private readonly outbox: NotificationOutbox) {}

  /** Lists the patient's messages in the outbox, newest first. */
  @PhiRoute({ resource: 'Notification', patientFrom: patientFromQuery('patientId') })
  @Get('outbox')
  async outboxFor(@Query(new ZodValidationPipe(outboxQuery)) query: z.infer<typeof outboxQuery>) {
    return { items: await this.outbox.listForPatient(query.patientId, query.limit) };
  }
}
