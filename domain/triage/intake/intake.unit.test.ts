import model from './complaint-classifier.json';
import { allComplaints, complaintCategories, questionsFor } from './catalogue';
import { classifierMetrics, classifyComplaintText } from './complaint-classifier';

describe('complaint catalogue', () => {
  it('groups every complaint under a CEDIS category', () => {
    const grouped = complaintCategories().flatMap((category) => category.complaints.map((complaint) => complaint.id));

    expect(grouped.sort()).toEqual(allComplaints().map((complaint) => complaint.id).sort());
  });

  it('has English and French text everywhere', () => {
    const texts = allComplaints().flatMap((complaint) => [complaint.label, ...questionsFor(complaint.id).map((question) => question.text)]);

    expect(texts.filter((text) => !text.en || !text.fr)).toEqual([]);
  });

  it('never requires vital signs', () => {
    const questionIds = allComplaints().flatMap((complaint) => questionsFor(complaint.id).map((question) => question.id));

    expect(questionIds.filter((id) => id.startsWith('vitals.'))).toEqual([]);
  });

  it('has unique question ids per complaint', () => {
    for (const complaint of allComplaints()) {
      const ids = questionsFor(complaint.id).map((question) => question.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('complaint classifier', () => {
  it('reproduces the trainer held-out predictions', () => {
    const differing = model.heldoutPredictions.filter((row) => classifyComplaintText(row.text).complaintId !== row.predicted);

    expect(differing).toEqual([]);
  });

  it('reproduces the recorded held-out accuracy', () => {
    const correct = model.heldoutPredictions.filter((row) => classifyComplaintText(row.text).complaintId === row.expected).length;

    expect(Math.round((correct / model.heldoutPredictions.length) * 10_000) / 10_000).toBe(classifierMetrics.heldoutAccuracy);
  });

  it.each([
    ['I have crushing chest pain', 'chest-pain'],
    ['douleur à la poitrine', 'chest-pain'],
    ['je me suis tordu la cheville en courant', 'lower-limb-injury'],
    ['OÙ EST MA TÊTE? mal de tête terrible', 'headache'],
  ])('classifies "%s"', (text, complaintId) => {
    expect(classifyComplaintText(text).complaintId).toBe(complaintId);
  });

  it('returns null for text with no known feature', () => {
    expect(classifyComplaintText('?? ???').complaintId).toBeNull();
  });

  it('ranks three suggestions', () => {
    const { suggestions } = classifyComplaintText('pain');

    expect(suggestions).toHaveLength(3);
    expect(suggestions[0]!.probability).toBeGreaterThanOrEqual(suggestions[1]!.probability);
  });
});
