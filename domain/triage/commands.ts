// Commands of the triage session. The current time and the session id come with each command,
// and the urgency model's opinion comes with AssessTriage, so deciding stays pure.

import type { ModelOpinion } from './assessment';
import type { Answer, Locale } from './intake/catalogue';
import type { EscalationRequester } from './events';
import type { Sex } from './findings';
import type { VitalSigns } from './vital-signs';

export interface StartTriage {
  type: 'StartTriage';
  data: {
    sessionId: string;
    patientId: string;
    startedAt: string;
    locale: Locale;
    age: number;
    sex: Sex;
    /** A complaint picked from the list; takes precedence over `complaintText`. */
    complaintId?: string;
    /** The complaint in the patient's words, classified when no `complaintId` is given. */
    complaintText?: string;
  };
}

export interface RespondToQuestion {
  type: 'RespondToQuestion';
  data: { sessionId: string; questionId: string; answer: Answer; answeredAt: string };
}

export interface RecordVitalSigns {
  type: 'RecordVitalSigns';
  data: { sessionId: string; vitals: VitalSigns; measuredAt: string; recordedAt: string };
}

export interface AssessTriage {
  type: 'AssessTriage';
  data: { sessionId: string; assessedAt: string; model?: ModelOpinion };
}

export interface EscalateTriage {
  type: 'EscalateTriage';
  data: { sessionId: string; escalatedAt: string; requestedBy: EscalationRequester; reason: string };
}

export type TriageCommand = StartTriage | RespondToQuestion | RecordVitalSigns | AssessTriage | EscalateTriage;
