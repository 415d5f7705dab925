// Typed fixture factories for triage tests: options decide what they create.

import type { StartTriage } from './commands';
import type { TriageEvent } from './events';
import type { TriageFindings } from './findings';

export function findingsFor(options: Partial<TriageFindings> = {}): TriageFindings {
  return {
    complaintId: options.complaintId ?? 'abdominal-pain',
    age: options.age ?? 40,
    sex: options.sex ?? 'female',
    answers: options.answers ?? {},
    vitals: options.vitals ?? {},
    ...(options.arrivalMode ? { arrivalMode: options.arrivalMode } : {}),
  };
}

export function startTriage(options: Partial<StartTriage['data']> = {}): StartTriage {
  return {
    type: 'StartTriage',
    data: {
      sessionId: 'session-1',
      patientId: 'patient-1',
      startedAt: '2026-01-05T10:00:00Z',
      locale: 'en',
      age: 40,
      sex: 'female',
      ...('complaintText' in options ? {} : { complaintId: 'abdominal-pain' }),
      ...options,
    },
  };
}

export function triageStarted(options: { complaintId?: string; age?: number } = {}): TriageEvent {
  return {
    type: 'TriageStarted',
    data: {
      sessionId: 'session-1',
      patientId: 'patient-1',
      startedAt: '2026-01-05T10:00:00Z',
      locale: 'en',
      age: options.age ?? 40,
      sex: 'female',
      complaintId: options.complaintId ?? 'abdominal-pain',
      complaintText: null,
      complaintSource: 'selected',
      classifierVersion: null,
    },
  };
}
