// A consent directive as a FHIR R4 Consent: an opt-out privacy consent whose provision denies
// access to the patient's record (or one category of it) for one practitioner or for everyone.

export interface DirectiveRow {
  directive_id: string;
  patient_id: string;
  category: string;
  provider_id: string | null;
  note: string | null;
  status: 'active' | 'revoked';
  recorded_at: Date;
  revoked_at: Date | null;
}

export const CONSENT_CATEGORY_SYSTEM = 'https://ohip-forward.ca/fhir/CodeSystem/consent-category';

export function toFhirConsent(row: DirectiveRow) {
  return {
    resourceType: 'Consent',
    id: row.directive_id,
    status: row.status === 'active' ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${row.patient_id}` },
    dateTime: new Date(row.recorded_at).toISOString(),
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTOUT' }] },
    provision: {
      type: 'deny',
      ...(row.status === 'revoked' && row.revoked_at ? { period: { start: new Date(row.recorded_at).toISOString(), end: new Date(row.revoked_at).toISOString() } } : {}),
      ...(row.provider_id ? { actor: [{ role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PRCP' }] }, reference: { reference: `Practitioner/${row.provider_id}` } }] } : {}),
      ...(row.category === 'all' ? {} : { securityLabel: [{ system: CONSENT_CATEGORY_SYSTEM, code: row.category }] }),
    },
  };
}
