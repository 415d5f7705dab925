import { Module } from '@nestjs/common';

import type { SqlClient } from '../../infra/sql/sql-client';
import { BullmqTimerService } from '../../infra/timers/bullmq/bullmq-timer-service';
import { TIMER_DEAD_LETTERS, type TimerDeadLetters } from '../../infra/timers/bullmq/dead-letters.port';
import { TIMER_SERVICE, type TimerService } from '../../infra/timers/timers.port';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { SchedulingModule } from '../../write-api/scheduling/scheduling.module';
import { DeadLettersController } from './dead-letters.controller';
import { SqlTimerDeadLetters } from './sql-timer-dead-letters';

/** Operator views: the dead timers of whichever timer adapter is configured. */
@Module({
  imports: [SchedulingModule],
  controllers: [DeadLettersController],
  providers: [
    {
      provide: TIMER_DEAD_LETTERS,
      inject: [TIMER_SERVICE, READ_MODEL_SQL],
      useFactory: (timers: TimerService, sql: SqlClient): TimerDeadLetters =>
        // A view of the BullMQ service rather than the service itself, so NestJS does not run
        // the service's shutdown hook a second time for this module.
        timers instanceof BullmqTimerService
          ? { listDead: (limit) => timers.listDead(limit), retryDead: (timerId) => timers.retryDead(timerId) }
          : new SqlTimerDeadLetters(sql),
    },
  ],
})
export class AdminModule {}
