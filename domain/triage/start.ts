// Validates a StartTriage command and resolves its complaint, either picked from the list or
// classified from the patient's words.

import { ValidationError } from '../shared/errors';
import type { StartTriage } from './commands';
import type { TriageStarted } from './events';
import type { Sex } from './findings';
import { validateFreeText } from './free-text';
import { findComplaint } from './intake/catalogue';
import { classifyComplaintText } from './intake/complaint-classifier';

// The rule table uses the adult CTAS modifiers (vital-sign bands, pain scale), which mis-triage
// children; KTAS, the data behind the urgency model, is adults only as well.
const minimumAge = 16;
const maximumAge = 120;
const sexes: readonly Sex[] = ['female', 'male', 'other', 'unknown'];

export function validateStart(data: StartTriage['data']): TriageStarted['data'] {
  requireText('sessionId', data.sessionId);
  requireText('patientId', data.patientId);
  requireTimestamp('startedAt', data.startedAt);
  if (data.locale !== 'en' && data.locale !== 'fr') {
    throw ValidationError.forField('locale', 'must be en or fr');
  }
  if (!Number.isInteger(data.age) || data.age < minimumAge || data.age > maximumAge) {
    throw ValidationError.forField(
      'age',
      `must be a whole number of years from ${minimumAge} to ${maximumAge} (got ${data.age}); this triage uses adult criteria, so for a child call Health811 or 911`,
    );
  }
  if (!sexes.includes(data.sex)) {
    throw ValidationError.forField('sex', `must be one of ${sexes.join(', ')}`);
  }

  const complaint = resolveComplaint(data);
  return {
    sessionId: data.sessionId,
    patientId: data.patientId,
    startedAt: data.startedAt,
    locale: data.locale,
    age: data.age,
    sex: data.sex,
    ...complaint,
  };
}

function resolveComplaint(data: StartTriage['data']): Pick<TriageStarted['data'], 'complaintId' | 'complaintText' | 'complaintSource' | 'classifierVersion'> {
  const complaintText = data.complaintText === undefined ? null : validateFreeText('complaintText', data.complaintText);
  if (data.complaintId !== undefined) {
    if (!findComplaint(data.complaintId)) {
      throw ValidationError.forField('complaintId', `${data.complaintId} is not in the complaint list; pick one from the complaint catalogue`);
    }
    return { complaintId: data.complaintId, complaintText, complaintSource: 'selected', classifierVersion: null };
  }
  if (complaintText === null) {
    throw ValidationError.forField('complaintId', 'is required when complaintText is absent; pick a complaint or describe it in words');
  }

  const classification = classifyComplaintText(complaintText);
  if (classification.complaintId === null) {
    throw ValidationError.forField('complaintText', 'matches no known complaint; pick the closest complaint from the list instead');
  }
  return { complaintId: classification.complaintId, complaintText, complaintSource: 'classified', classifierVersion: classification.classifierVersion };
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw ValidationError.forField(field, 'must be a non-empty string');
  }
}

function requireTimestamp(field: string, value: unknown): void {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw ValidationError.forField(field, 'must be an ISO 8601 timestamp such as 2026-01-31T14:05:00Z');
  }
}
