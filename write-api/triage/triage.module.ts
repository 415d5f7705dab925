// The triage context's HTTP endpoints, command handlers and urgency model.

import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

import { triageCommandHandlers } from '../../commands/triage/triage-commands';
import { TriageSessionStore } from '../../commands/triage/triage-session-store';
import { loadUrgencyModel, UrgencyModel } from '../../ml/triage';
import { TriageReadController } from '../../read-api/triage/triage-read.controller';
import { TriageWriteController } from './triage-write.controller';
import { TriageWriteResponder } from './triage-write-response';

@Module({
  imports: [CqrsModule],
  controllers: [TriageWriteController, TriageReadController],
  providers: [
    TriageSessionStore,
    TriageWriteResponder,
    // Loaded while the application starts, so a missing or corrupt model stops start-up instead
    // of failing the first assessment.
    { provide: UrgencyModel, useFactory: loadUrgencyModel },
    ...triageCommandHandlers,
  ],
})
export class TriageModule {}
