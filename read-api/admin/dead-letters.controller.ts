import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';

import { NotFoundError } from '../../domain/shared/errors';
import { Roles } from '../../infra/auth/route-access';
import { ZodValidationPipe } from '../../infra/http/zod-validation.pipe';
import { loggerFor } from '../../infra/observability/logger';
import { TIMER_DEAD_LETTERS, type DeadTimer, type TimerDeadLetters } from '../../infra/timers/bullmq/dead-letters.port';

// Timers whose handler failed on every attempt, for an administrator to look at and retry once
// the cause is fixed. The response leaves the timer's payload out: it may name a patient, and an
// administrator reads patient links only by break-glass.

const listQuery = z.object({ limit: z.coerce.number().int().min(1, 'must be 1 to 500').max(500, 'must be 1 to 500').default(100) }).strict();
// Timer ids contain "/" (reminder/<slot>/<appointment>-...), which a client sends as %2F.
const timerIdParam = z.string().min(1).max(300, 'must be at most 300 characters');

const logger = loggerFor('dead-letters');

@Controller('api/v1/admin/dead-letters')
@Roles('admin')
export class DeadLettersController {
  constructor(@Inject(TIMER_DEAD_LETTERS) private readonly deadLetters: TimerDeadLetters) {}

  @Get()
  async list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>) {
    const dead = await this.deadLetters.listDead(query.limit);
    return { items: dead.map(toView) };
  }

  @Post(':timerId/retry')
  @HttpCode(202)
  async retry(@Param('timerId', new ZodValidationPipe(timerIdParam)) timerId: string) {
    if (!(await this.deadLetters.retryDead(timerId))) {
      throw new NotFoundError(`no dead timer has the id ${timerId}; list them with GET /api/v1/admin/dead-letters`);
    }
    logger.info({ timerId }, 'dead timer retried by an administrator');
    return { timerId, status: 'scheduled' };
  }
}

function toView(dead: DeadTimer) {
  return { timerId: dead.timerId, kind: dead.kind, dueAt: dead.dueAt, attempts: dead.attempts, failedAt: dead.failedAt, errorName: dead.errorName };
}
