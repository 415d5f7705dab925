import type { DomainEvent, EventDefinition } from '../shared/events';

// A patient's consent directives: each withholds their whole record ('all') or one category of it
// from one named provider or from every provider. One stream per patient ("consent-<patientId>").

export type ConsentCategory = 'all' | 'mental-health' | 'triage' | 'appointments' | 'monitoring';

export const CONSENT_CATEGORIES: readonly ConsentCategory[] = ['all', 'mental-health', 'triage', 'appointments', 'monitoring'];

export type ConsentDirectiveRecorded = DomainEvent<
  'ConsentDirectiveRecorded',
  {
    directiveId: string;
    patientId: string;
    category: ConsentCategory;
    /** The provider the record is withheld from; null withholds it from every provider. */
    providerId: string | null;
    /** The patient's own words about the directive, which are PHI. */
    note: string | null;
    recordedAt: string;
    recordedBy: string;
  }
>;

export type ConsentDirectiveRevoked = DomainEvent<
  'ConsentDirectiveRevoked',
  { directiveId: string; patientId: string; revokedAt: string; revokedBy: string }
>;

export type ConsentEvent = ConsentDirectiveRecorded | ConsentDirectiveRevoked;

export const consentStream = (patientId: string) => `consent-${patientId}`;

// The category stays readable so the access guard can enforce a directive without the patient's
// key; it is a code from a fixed list. The note is free text and is encrypted with the patient's key.
export const consentEventDefinitions: readonly EventDefinition<ConsentEvent['type']>[] = [
  { type: 'ConsentDirectiveRecorded', schemaVersion: 1, phiFields: ['note'] },
  { type: 'ConsentDirectiveRevoked', schemaVersion: 1, phiFields: [] },
];
