import { Module } from '@nestjs/common';

import { rescheduleProviders } from '../../commands/scheduling/reschedule-handler';
import { slotCommandHandlers } from '../../commands/scheduling/slot-command-handlers';
import { waitlistCommandHandlers } from '../../commands/scheduling/waitlist-command-handlers';
import { NOTIFICATION_OUTBOX } from '../../infra/notifications/notifications.port';
import { SqlNotificationOutbox } from '../../infra/notifications/sql-outbox';
import type { SqlClient } from '../../infra/sql/sql-client';
import { timerServiceProvider } from '../../infra/timers/bullmq/timer-service.provider';
import { TIMER_SERVICE } from '../../infra/timers/timers.port';
import { READ_MODEL_SQL } from '../../infra/tokens';
import { AppointmentsReadController } from '../../read-api/scheduling/appointments-read.controller';
import { NotificationsReadController } from '../../read-api/scheduling/notifications-read.controller';
import { WaitlistReadController } from '../../read-api/scheduling/waitlist-read.controller';
import { SchedulingSagas } from '../../sagas/scheduling/scheduling-sagas.service';
import { AppointmentsWriteController } from './appointments-write.controller';
import { SchedulingRuntime } from './scheduling-runtime';
import { WaitlistWriteController } from './waitlist-write.controller';

/**
 * Scheduling: slots, appointments, the waitlist and its backfill, reminders. The outbox is the
 * embedded adapter, a table in the database the runtime opened; the timers are that table's
 * sibling by default, or BullMQ on Redis with OHIP_TIMERS=bullmq.
 */
@Module({
  controllers: [AppointmentsReadController, AppointmentsWriteController, WaitlistReadController, WaitlistWriteController, NotificationsReadController],
  providers: [
    timerServiceProvider,
    { provide: NOTIFICATION_OUTBOX, inject: [READ_MODEL_SQL], useFactory: (sql: SqlClient) => SqlNotificationOutbox.open(sql) },
    ...slotCommandHandlers,
    ...waitlistCommandHandlers,
    ...rescheduleProviders,
    SchedulingSagas,
    SchedulingRuntime,
  ],
  exports: [TIMER_SERVICE, NOTIFICATION_OUTBOX, SchedulingSagas],
})
export class SchedulingModule {}
