import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import type { AssignPractitionerRole, RateProviderQuality, RegisterProvider } from '../../domain/providers/provider-commands';
import { providerDecider, providerStreamName } from '../../domain/providers/provider';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

// Commands of the provider aggregate, one stream per provider. Schedules are opened by the
// scheduling work, so OpenSchedule has no handler here.

export class RegisterProviderCommand {
  constructor(readonly data: Omit<RegisterProvider, 'type'>, readonly context: CommandContext) {}
}

export class AssignPractitionerRoleCommand {
  constructor(readonly data: Omit<AssignPractitionerRole, 'type'>, readonly context: CommandContext) {}
}

export class RateProviderQualityCommand {
  constructor(readonly data: Omit<RateProviderQuality, 'type'>, readonly context: CommandContext) {}
}

@CommandHandler(RegisterProviderCommand)
export class RegisterProviderHandler implements ICommandHandler<RegisterProviderCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RegisterProviderCommand): Promise<CommandOutcome> {
    return this.repository.handle(providerStreamName(data.providerId), providerDecider, { type: 'RegisterProvider', ...data }, context, {
      createsStream: true,
    });
  }
}

@CommandHandler(AssignPractitionerRoleCommand)
export class AssignPractitionerRoleHandler implements ICommandHandler<AssignPractitionerRoleCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: AssignPractitionerRoleCommand): Promise<CommandOutcome> {
    return this.repository.handle(providerStreamName(data.providerId), providerDecider, { type: 'AssignPractitionerRole', ...data }, context);
  }
}

@CommandHandler(RateProviderQualityCommand)
export class RateProviderQualityHandler implements ICommandHandler<RateProviderQualityCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RateProviderQualityCommand): Promise<CommandOutcome> {
    return this.repository.handle(providerStreamName(data.providerId), providerDecider, { type: 'RateProviderQuality', ...data }, context);
  }
}

export const providerCommandHandlers = [RegisterProviderHandler, AssignPractitionerRoleHandler, RateProviderQualityHandler];
