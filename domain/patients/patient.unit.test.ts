import fc from 'fast-check';

import { foldEvents } from '../shared/decider';
import { ConflictError, NotFoundError } from '../shared/errors';
import { patientDecider, type PatientCommand } from './patient';
import type { ConditionRecordedData, ObservationRecordedData, PatientEvent, PatientRegisteredData } from './patient-events';

const registration = (patientId = 'p-1'): PatientRegisteredData => ({
  patientId,
  sourceSystem: 'test',
  sourceId: patientId,
  name: { given: ['Ada'], family: 'Tremblay' },
  gender: 'female',
  birthDate: '1980-02-03',
  deceasedAt: null,
  address: null,
  phone: null,
  preferredLanguage: 'fr',
  registeredAt: '2026-01-01T00:00:00.000Z',
});

const condition = (conditionId: string, patientId = 'p-1'): ConditionRecordedData => ({
  patientId,
  conditionId,
  code: { system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertension' },
  clinicalStatus: 'active',
  onsetAt: null,
  abatedAt: null,
  recordedAt: '2026-01-01T00:00:00.000Z',
});

const observation = (observationId: string, patientId = 'p-1'): ObservationRecordedData => ({
  patientId,
  observationId,
  category: 'vital-signs',
  code: { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' },
  value: { quantity: 72, unit: '/min', text: null, components: [] },
  effectiveAt: '2026-01-01T00:00:00.000Z',
  recordedAt: '2026-01-01T00:00:00.000Z',
});

function given(events: PatientEvent[]) {
  const state = foldEvents(patientDecider, events);
  return { when: (command: PatientCommand) => () => patientDecider.decide(state, command) };
}

describe('patient aggregate', () => {
  it('registers a new patient', () => {
    const events = given([]).when({ type: 'RegisterPatient', data: registration() })();

    expect(events).toEqual([{ type: 'PatientRegistered', data: registration() }]);
  });

  it('refuses a second registration', () => {
    const decide = given([{ type: 'PatientRegistered', data: registration() }]).when({ type: 'RegisterPatient', data: registration() });

    expect(decide).toThrow(ConflictError);
  });

  it('refuses an observation for an unknown patient', () => {
    expect(given([]).when({ type: 'RecordObservation', data: observation('o-1') })).toThrow(NotFoundError);
  });

  it('refuses the same observation twice', () => {
    const decide = given([
      { type: 'PatientRegistered', data: registration() },
      { type: 'ObservationRecorded', data: observation('o-1') },
    ]).when({ type: 'RecordObservation', data: observation('o-1') });

    expect(decide).toThrow(ConflictError);
  });

  it('imports a record as one registration and its history', () => {
    const events = given([]).when({
      type: 'ImportPatientRecord',
      data: { patient: registration(), conditions: [condition('c-1')], observations: [observation('o-1'), observation('o-2')] },
    })();

    expect(events.map((event) => event.type)).toEqual(['PatientRegistered', 'ConditionRecorded', 'ObservationRecorded', 'ObservationRecorded']);
  });

  it('refuses a record that repeats an observation id', () => {
    const decide = given([]).when({
      type: 'ImportPatientRecord',
      data: { patient: registration(), conditions: [], observations: [observation('o-1'), observation('o-1')] },
    });

    expect(decide).toThrow(ConflictError);
  });

  it('never records an id twice, whatever the command sequence', () => {
    const command = fc.oneof(
      fc.constant<PatientCommand>({ type: 'RegisterPatient', data: registration() }),
      fc.integer({ min: 1, max: 4 }).map<PatientCommand>((id) => ({ type: 'RecordCondition', data: condition(`c-${id}`) })),
      fc.integer({ min: 1, max: 4 }).map<PatientCommand>((id) => ({ type: 'RecordObservation', data: observation(`o-${id}`) })),
    );

    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const history: PatientEvent[] = [];
        for (const next of commands) {
          try {
            history.push(...patientDecider.decide(foldEvents(patientDecider, history), next));
          } catch (error) {
            expect(error).toBeInstanceOf(Error);
          }
        }

        const registrations = history.filter((event) => event.type === 'PatientRegistered');
        expect(registrations.length).toBeLessThanOrEqual(1);
        if (history.length > 0) expect(history[0]!.type).toBe('PatientRegistered');
        const conditionIds = history.flatMap((event) => (event.type === 'ConditionRecorded' ? [event.data.conditionId] : []));
        const observationIds = history.flatMap((event) => (event.type === 'ObservationRecorded' ? [event.data.observationId] : []));
        expect(new Set(conditionIds).size).toBe(conditionIds.length);
        expect(new Set(observationIds).size).toBe(observationIds.length);
      }),
    );
  });
});
