// The guided intake: presenting complaints grouped by CEDIS (Canadian Emergency Department
// Information System) category, each with its own follow-up questions, in English and French.
// The content is data (complaints.json) so that adding a complaint touches no code; this module
// gives it types and lookups.

import catalogue from './complaints.json';

export type Locale = 'en' | 'fr';
export type Bilingual = Readonly<Record<Locale, string>>;

/** A patient's answer: yes-no questions take a boolean, scales and numbers a number, choices an option value. */
export type Answer = boolean | number | string;

interface QuestionBase {
  id: string;
  text: Bilingual;
}

export type Question =
  | (QuestionBase & { kind: 'yes-no' })
  | (QuestionBase & { kind: 'scale' | 'number'; min: number; max: number; unit?: string })
  | (QuestionBase & { kind: 'choice'; options: ReadonlyArray<{ value: string; label: Bilingual }> })
  | (QuestionBase & { kind: 'text' });

export type QuestionSetId = keyof typeof catalogue.questionSets;

/** Where the pain of a complaint comes from, as CTAS defines it for the pain modifier. */
export type PainSite = 'central' | 'peripheral';

export interface Complaint {
  id: string;
  category: string;
  painSite: PainSite;
  label: Bilingual;
  questions: readonly Question[];
  questionSets?: readonly QuestionSetId[];
  suggestedTests: readonly string[];
}

export interface ComplaintCategory {
  id: string;
  label: Bilingual;
  complaints: readonly Complaint[];
}

export const catalogueVersion: string = catalogue.version;

const complaints = catalogue.complaints as unknown as readonly Complaint[];
const questionSets = catalogue.questionSets as unknown as Record<QuestionSetId, readonly Question[]>;
const commonQuestions = catalogue.commonQuestions as unknown as readonly Question[];
const testLabels = catalogue.tests as Record<string, Bilingual>;
const complaintsById = new Map(complaints.map((complaint) => [complaint.id, complaint]));

/** Returns the complaint list grouped by CEDIS category, in catalogue order. */
export function complaintCategories(): ComplaintCategory[] {
  return catalogue.categories.map((category) => ({
    id: category.id,
    label: category.label,
    complaints: complaints.filter((complaint) => complaint.category === category.id),
  }));
}

export function findComplaint(complaintId: string): Complaint | undefined {
  return complaintsById.get(complaintId);
}

export function allComplaints(): readonly Complaint[] {
  return complaints;
}

/** Returns every question asked for a complaint: its own, then its shared sets, then the common ones. */
export function questionsFor(complaintId: string): Question[] {
  const complaint = complaintsById.get(complaintId);
  if (!complaint) {
    return [];
  }
  const shared = (complaint.questionSets ?? []).flatMap((setId) => questionSets[setId]);
  return [...complaint.questions, ...shared, ...commonQuestions];
}

export function findQuestion(complaintId: string, questionId: string): Question | undefined {
  return questionsFor(complaintId).find((question) => question.id === questionId);
}

export function testLabel(testId: string): Bilingual {
  return testLabels[testId] ?? { en: testId, fr: testId };
}
