import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { contactPreferencesDecider, contactPreferencesStream, type SetContactPreferences } from '../../domain/notifications';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

/** Records how a patient wants to be reached; monitoring and reminders pick the template and channel from it. */
export class SetContactPreferencesCommand {
  constructor(
    readonly input: SetContactPreferences,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(SetContactPreferencesCommand)
export class SetContactPreferencesHandler implements ICommandHandler<SetContactPreferencesCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ input, context }: SetContactPreferencesCommand): Promise<CommandOutcome> {
    return this.repository.handle(contactPreferencesStream(input.patientId), contactPreferencesDecider, input, context);
  }
}
