import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { consentDecider, consentStream, type ConsentActor, type ConsentCommand } from '../../domain/consent';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

type RecordData = Extract<ConsentCommand, { type: 'RecordConsentDirective' }>['data'];
type RevokeData = Extract<ConsentCommand, { type: 'RevokeConsentDirective' }>['data'];

export class RecordConsentDirectiveCommand {
  constructor(readonly data: RecordData, readonly actor: ConsentActor, readonly context: CommandContext) {}
}

export class RevokeConsentDirectiveCommand {
  constructor(readonly data: RevokeData, readonly actor: ConsentActor, readonly context: CommandContext) {}
}

@CommandHandler(RecordConsentDirectiveCommand)
export class RecordConsentDirectiveHandler implements ICommandHandler<RecordConsentDirectiveCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, actor, context }: RecordConsentDirectiveCommand): Promise<CommandOutcome> {
    return this.repository.handle(consentStream(data.patientId), consentDecider, { type: 'RecordConsentDirective', data, actor }, context);
  }
}

@CommandHandler(RevokeConsentDirectiveCommand)
export class RevokeConsentDirectiveHandler implements ICommandHandler<RevokeConsentDirectiveCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, actor, context }: RevokeConsentDirectiveCommand): Promise<CommandOutcome> {
    return this.repository.handle(consentStream(data.patientId), consentDecider, { type: 'RevokeConsentDirective', data, actor }, context);
  }
}

export const consentCommandHandlers = [RecordConsentDirectiveHandler, RevokeConsentDirectiveHandler];
