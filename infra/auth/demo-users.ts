import type { Role } from './phi-route';

// The people the development issuer's sign-in page offers. The patients are Synthea patients that
// the start-up import registers, by their FHIR Patient ids. The providers are labelled demo
// clinicians whose ids are not in the imported directory, so they have no care relationship until
// a slot of theirs is booked.

export interface DemoUser {
  subject: string;
  role: Role;
  patientId?: string;
  providerId?: string;
  /** Display label on the sign-in page: a demo name, never a real person's. */
  label: { en: string; fr: string };
}

export const DEMO_USERS: readonly DemoUser[] = [
  { subject: 'demo-patient-liz-conn', role: 'patient', patientId: 'ee9f8dd8-72d2-4769-8020-89e504b1504b', label: { en: 'Liz Conn (Synthea patient)', fr: 'Liz Conn (patiente Synthea)' } },
  { subject: 'demo-patient-abdul-koepp', role: 'patient', patientId: '018f428e-34f6-4707-8009-5ad742f901e7', label: { en: 'Abdul Koepp (Synthea patient)', fr: 'Abdul Koepp (patient Synthea)' } },
  { subject: 'demo-patient-tasha-miller', role: 'patient', patientId: 'b91edab6-1db2-46e5-b074-d089e6fb5626', label: { en: 'Tasha Miller (Synthea patient)', fr: 'Tasha Miller (patiente Synthea)' } },
  { subject: 'demo-provider-family-medicine', role: 'provider', providerId: 'demo-provider-family-medicine', label: { en: 'Dr. Demo, family medicine', fr: 'Dre Démo, médecine familiale' } },
  { subject: 'demo-provider-cardiology', role: 'provider', providerId: 'demo-provider-cardiology', label: { en: 'Dr. Demo, cardiology', fr: 'Dr Démo, cardiologie' } },
  { subject: 'demo-admin', role: 'admin', label: { en: 'Demo administrator', fr: 'Administrateur de démonstration' } },
  { subject: 'demo-analyst', role: 'analyst', label: { en: 'Demo analyst', fr: 'Analyste de démonstration' } },
  { subject: 'demo-auditor', role: 'auditor', label: { en: 'Demo auditor', fr: 'Auditeur de démonstration' } },
];
