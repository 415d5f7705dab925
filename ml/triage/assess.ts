// The full assessment the HTTP layer runs: the urgency model's opinion on the session's findings,
// then the domain's rules with the model as an extra, never-less-urgent opinion.

import { assessFindings, type AssessTriage, type TriageAssessment, type TriageFindings, type TriageSession } from '../../domain/triage';
import { loadUrgencyModel, type UrgencyModel } from './urgency-model';

/** Assesses findings with rules and model combined (the final level is the more urgent of the two). */
export async function assess(findings: TriageFindings, model?: UrgencyModel): Promise<TriageAssessment> {
  const urgencyModel = model ?? (await loadUrgencyModel());
  const { modelVersion, level } = await urgencyModel.assess(findings);
  return assessFindings(findings, { modelVersion, level });
}

/** Builds the AssessTriage command for a session, with the model's opinion filled in. */
export async function buildAssessTriageCommand(session: TriageSession, assessedAt: string, model?: UrgencyModel): Promise<AssessTriage> {
  if (!session.sessionId || !session.findings) {
    throw new Error('cannot assess a triage session that has not started');
  }
  const urgencyModel = model ?? (await loadUrgencyModel());
  const { modelVersion, level } = await urgencyModel.assess(session.findings);
  return { type: 'AssessTriage', data: { sessionId: session.sessionId, assessedAt, model: { modelVersion, level } } };
}
