import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import {
  providerLocationDecider,
  providerLocationStream,
  type ProviderLocationRegisteredData,
} from '../../domain/providers/provider-location';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

export class RegisterProviderLocationCommand {
  constructor(readonly data: ProviderLocationRegisteredData, readonly context: CommandContext) {}
}

@CommandHandler(RegisterProviderLocationCommand)
export class RegisterProviderLocationHandler implements ICommandHandler<RegisterProviderLocationCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RegisterProviderLocationCommand): Promise<CommandOutcome> {
    return this.repository.handle(
      providerLocationStream(data.locationId),
      providerLocationDecider,
      { type: 'RegisterProviderLocation', data },
      context,
      { createsStream: true },
    );
  }
}

export const providerLocationCommandHandlers = [RegisterProviderLocationHandler];
