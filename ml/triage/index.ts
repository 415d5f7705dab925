// Public surface of the triage urgency model, for the command handlers and the HTTP layer.

export { assess, buildAssessTriageCommand } from './assess';
export { loadUrgencyModel, UrgencyModel, type UrgencyModelResult } from './urgency-model';
export { readModelCard, type AgreementMetrics, type ModelCard } from './model-card';
export { writeFeatureVector } from './features';
