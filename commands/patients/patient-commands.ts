import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';

import { patientStream, type ConditionRecordedData, type ObservationRecordedData, type PatientRegisteredData } from '../../domain/patients/patient-events';
import { patientDecider } from '../../domain/patients/patient';
import type { PatientRecord } from '../../domain/patients/fhir-bundle';
import { AggregateRepository, type CommandOutcome } from '../shared/aggregate-repository';
import type { CommandContext } from '../shared/command-context';

export class RegisterPatientCommand {
  constructor(readonly data: PatientRegisteredData, readonly context: CommandContext) {}
}

export class ImportPatientRecordCommand {
  constructor(readonly record: PatientRecord, readonly context: CommandContext) {}
}

export class RecordObservationCommand {
  constructor(readonly data: ObservationRecordedData, readonly context: CommandContext) {}
}

export class RecordConditionCommand {
  constructor(readonly data: ConditionRecordedData, readonly context: CommandContext) {}
}

@CommandHandler(RegisterPatientCommand)
export class RegisterPatientHandler implements ICommandHandler<RegisterPatientCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RegisterPatientCommand): Promise<CommandOutcome> {
    return this.repository.handle(patientStream(data.patientId), patientDecider, { type: 'RegisterPatient', data }, context, { createsStream: true });
  }
}

@CommandHandler(ImportPatientRecordCommand)
export class ImportPatientRecordHandler implements ICommandHandler<ImportPatientRecordCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  // One append carries the registration and the whole history, so a bundle is stored whole or
  // not at all.
  execute({ record, context }: ImportPatientRecordCommand): Promise<CommandOutcome> {
    return this.repository.handle(
      patientStream(record.patient.patientId),
      patientDecider,
      { type: 'ImportPatientRecord', data: record },
      context,
      { createsStream: true },
    );
  }
}

@CommandHandler(RecordObservationCommand)
export class RecordObservationHandler implements ICommandHandler<RecordObservationCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RecordObservationCommand): Promise<CommandOutcome> {
    return this.repository.handle(patientStream(data.patientId), patientDecider, { type: 'RecordObservation', data }, context);
  }
}

@CommandHandler(RecordConditionCommand)
export class RecordConditionHandler implements ICommandHandler<RecordConditionCommand, CommandOutcome> {
  constructor(private readonly repository: AggregateRepository) {}

  execute({ data, context }: RecordConditionCommand): Promise<CommandOutcome> {
    return this.repository.handle(patientStream(data.patientId), patientDecider, { type: 'RecordCondition', data }, context);
  }
}

export const patientCommandHandlers = [
  RegisterPatientHandler,
  ImportPatientRecordHandler,
  RecordObservationHandler,
  RecordConditionHandler,
];
