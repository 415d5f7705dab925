import { Module } from '@nestjs/common';

import { SetContactPreferencesHandler } from '../../commands/monitoring/contact-preferences-commands';
import { loadEscalationRuleFiles } from '../../commands/monitoring/escalation-rule-files';
import { ESCALATION_RULES, monitoringCommandHandlers } from '../../commands/monitoring/monitoring-commands';
import { Runtime } from '../../infra/runtime/runtime';
import { MonitoringReadController } from '../../read-api/monitoring/monitoring-read.controller';
import { MonitoringSagas } from '../../sagas/monitoring/monitoring-sagas.service';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { MonitoringWriteController } from './monitoring-write.controller';
import { TwilioStatusController } from './twilio-status.controller';

/**
 * Remote monitoring (plans, check-ins on durable timers, answers, doses, escalations) and the
 * delivery of notifications. The timers and the outbox come from the scheduling module; the
 * escalation rule files are loaded here, at start-up, and a mistake in one stops the start.
 */
@Module({
  imports: [SchedulingModule],
  controllers: [MonitoringReadController, MonitoringWriteController, TwilioStatusController],
  providers: [
    { provide: ESCALATION_RULES, inject: [Runtime], useFactory: (runtime: Runtime) => loadEscalationRuleFiles(runtime.config.notifications.monitoringRulesDirectory) },
    ...monitoringCommandHandlers,
    SetContactPreferencesHandler,
    MonitoringSagas,
  ],
  exports: [MonitoringSagas],
})
export class MonitoringModule {}
