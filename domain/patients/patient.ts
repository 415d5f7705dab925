import { assertNever, type Decider } from '../shared/decider';
import { ConflictError, NotFoundError } from '../shared/errors';
import type {
  ConditionRecordedData,
  ObservationRecordedData,
  PatientEvent,
  PatientRegisteredData,
} from './patient-events';

export type PatientCommand =
  | { type: 'RegisterPatient'; data: PatientRegisteredData }
  | { type: 'RecordCondition'; data: ConditionRecordedData }
  | { type: 'RecordObservation'; data: ObservationRecordedData }
  /** A whole EHR extract: the registration and its history, accepted or refused as one. */
  | { type: 'ImportPatientRecord'; data: { patient: PatientRegisteredData; conditions: ConditionRecordedData[]; observations: ObservationRecordedData[] } };

export interface PatientState {
  registered: boolean;
  patientId: string | null;
  deceased: boolean;
  conditionIds: ReadonlySet<string>;
  observationIds: ReadonlySet<string>;
}

export const patientDecider: Decider<PatientState, PatientCommand, PatientEvent> = {
  initialState: () => ({
    registered: false,
    patientId: null,
    deceased: false,
    conditionIds: new Set(),
    observationIds: new Set(),
  }),

  decide(state, command) {
    switch (command.type) {
      case 'RegisterPatient':
        requireUnregistered(state, command.data.patientId);
        return [{ type: 'PatientRegistered', data: command.data }];

      case 'RecordCondition':
        requireRegistered(state, command.data.patientId);
        if (state.conditionIds.has(command.data.conditionId)) {
          throw new ConflictError(`condition ${command.data.conditionId} is already recorded for this patient`);
        }
        return [{ type: 'ConditionRecorded', data: command.data }];

      case 'RecordObservation':
        requireRegistered(state, command.data.patientId);
        if (state.observationIds.has(command.data.observationId)) {
          throw new ConflictError(`observation ${command.data.observationId} is already recorded for this patient`);
        }
        return [{ type: 'ObservationRecorded', data: command.data }];

      case 'ImportPatientRecord':
        return decideImport(state, command.data);

      default:
        return assertNever(command, 'patient command');
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'PatientRegistered':
        return { ...state, registered: true, patientId: event.data.patientId, deceased: event.data.deceasedAt !== null };
      case 'ConditionRecorded':
        return { ...state, conditionIds: new Set(state.conditionIds).add(event.data.conditionId) };
      case 'ObservationRecorded':
        return { ...state, observationIds: new Set(state.observationIds).add(event.data.observationId) };
      default:
        return assertNever(event, 'patient event');
    }
  },
};

function decideImport(
  state: PatientState,
  record: Extract<PatientCommand, { type: 'ImportPatientRecord' }>['data'],
): PatientEvent[] {
  requireUnregistered(state, record.patient.patientId);

  const conditionIds = new Set<string>();
  for (const condition of record.conditions) {
    if (conditionIds.has(condition.conditionId)) {
      throw new ConflictError(`condition ${condition.conditionId} appears twice in the record`);
    }
    conditionIds.add(condition.conditionId);
  }
  const observationIds = new Set<string>();
  for (const observation of record.observations) {
    if (observationIds.has(observation.observationId)) {
      throw new ConflictError(`observation ${observation.observationId} appears twice in the record`);
    }
    observationIds.add(observation.observationId);
  }

  return [
    { type: 'PatientRegistered', data: record.patient },
    ...record.conditions.map((data): PatientEvent => ({ type: 'ConditionRecorded', data })),
    ...record.observations.map((data): PatientEvent => ({ type: 'ObservationRecorded', data })),
  ];
}

function requireUnregistered(state: PatientState, patientId: string): void {
  if (state.registered) {
    throw new ConflictError(`patient ${patientId} is already registered`);
  }
}

function requireRegistered(state: PatientState, patientId: string): void {
  if (!state.registered) {
    throw new NotFoundError(`patient ${patientId} is not registered`);
  }
}
