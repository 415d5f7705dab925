import { Module } from '@nestjs/common';

import { rescheduleProviders } from '../../commands/scheduling/reschedule-handler';
import { slotCommandHandlers } from '../../commands/scheduling/slot-command-handlers';
import { waitlistCommandHandlers } from '../../commands/scheduling/waitlist-command-handlers';
import { NOTIFICATION_OUTBOX } from '../../infra/notifications/notifications.port';
import { SqlNotificationOutbox } from '../../infra/notifications/sql-outbox';
import { loggerFor } from '../../infra/observability/logger';
import type { SqlClient } from '../../infra/sql/sql-client';
import { SqlTimerService } from '../../infra/timers/sql-timer-service';
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
 * Scheduling: slots, appointments, the waitlist and its backfill, reminders. The timers and the
 * outbox are the embedded adapters, tables in the database the runtime opened.
 */
@Module({
  controllers: [AppointmentsReadController, AppointmentsWriteController, WaitlistReadController, WaitlistWriteController, NotificationsReadController],
  providers: [
    { provide: TIMER_SERVICE, inject: [READ_MODEL_SQL], useFactory: (sql: SqlClient) => SqlTimerService.open(sql, loggerFor('timers')) },
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
