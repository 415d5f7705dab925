// Renders how the model was chosen (cross-validation on the training rows only) and how far exact
// agreement can go on what a patient can tell, for docs/triage-evaluation.md.

import type { CrossValidatedRates, ModelCard } from '../model-card';

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

const rates = (value: CrossValidatedRates) => `${percent(value.exact)} | ${percent(value.underTriage)} | ${percent(value.overTriage)}`;

export function renderSelection(card: ModelCard): string[] {
  const { selection, decision } = card;
  const { chosen } = selection;
  return [
    '## How the model was chosen (training rows only)',
    '',
    `${selection.method}. Objective: ${selection.objective}.`,
    `Chosen: ${card.algorithm}, class weights \`${chosen.classWeights}\`, decision threshold ${decision.threshold}: ` +
      `the most urgent level whose cumulative probability reaches ${decision.threshold}, which minimises the expected cost when ` +
      `one level of under-triage costs ${decision.underTriageCostPerOverTriageCost} times one level of over-triage.`,
    '',
    '| Cross-validated on the training rows | Exact agreement | Under-triage | Over-triage |',
    '| --- | --- | --- | --- |',
    `| Rules alone | ${rates(selection.rulesAloneOnTrainingRows)} |`,
    `| Model alone | ${rates(chosen.model)} |`,
    `| Rules and model combined | ${rates(chosen.combined)} |`,
    '',
    'Each family and class weighting at its best threshold within the under-triage objective:',
    '',
    '| Family | Class weights | Threshold | Combined exact | Combined under | Combined over |',
    '| --- | --- | --- | --- | --- | --- |',
    ...selection.bestPerFamilyAndWeights.map((entry) => `| ${entry.family} | ${entry.classWeights} | ${entry.threshold} | ${rates(entry.combined)} |`),
    '',
    'The price of less under-triage, for the chosen family and weighting (cross-validated, rules and model combined); ' +
      'a lower threshold pays for less under-triage with exact agreement:',
    '',
    '| Threshold | Combined exact | Combined under | Combined over |',
    '| --- | --- | --- | --- |',
    ...tradeOffRows(selection.chosenSettingAtEachThreshold, decision.threshold).map((entry) => `| ${entry.threshold} | ${rates(entry.combined)} |`),
    '',
  ];
}

/** Keeps every fifth threshold and the chosen one, so the table stays short. */
function tradeOffRows<T extends { threshold: number }>(curve: readonly T[], chosen: number): T[] {
  return curve.filter((entry) => Math.round(entry.threshold * 100) % 5 === 0 || entry.threshold === chosen);
}

function underRange(ceiling: ModelCard['selection']['exactAgreementCeiling']): string {
  const under = ceiling.map((entry) => entry.modelMostLikelyLevel.underTriage);
  return `${percent(Math.min(...under))} to ${percent(Math.max(...under))}`;
}

function spread(ceiling: ModelCard['selection']['exactAgreementCeiling']): number {
  const exact = ceiling.map((entry) => entry.modelMostLikelyLevel.exact);
  return Math.max(...exact) - Math.min(...exact);
}

export function renderCeiling(card: ModelCard, nursesExact: number): string[] {
  const ceiling = card.selection.exactAgreementCeiling;
  const best = ceiling.reduce((top, entry) => (entry.modelMostLikelyLevel.exact > top.modelMostLikelyLevel.exact ? entry : top));
  return [
    '## The exact-agreement ceiling',
    '',
    `The best cross-validated exact agreement found is ${percent(best.modelMostLikelyLevel.exact)} ` +
      `(${best.family}, class weights \`${best.classWeights}\`, taking the most likely level and ignoring under-triage), ` +
      `against ${percent(nursesExact)} for the nurses on the held-out rows. Every family tried, cross-validated on the training rows:`,
    '',
    '| Family | Class weights | Most likely level: exact | under | over | Combined with rules: exact | under | over |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...ceiling.map((entry) => `| ${entry.family} | ${entry.classWeights} | ${rates(entry.modelMostLikelyLevel)} | ${rates(entry.combinedWithRules)} |`),
    '',
    `Linear and tree models land within ${(spread(ceiling) * 100).toFixed(1)} percentage points of each other, which says the limit is the information in the rows rather than the learner. ` +
      'A KTAS row holds age, sex, arrival mode, injury, a short complaint text, AVPU, a pain score and six vital signs. ' +
      'The nurse also saw the patient: how ill they looked, their breathing effort, skin colour, the story in their own words, ' +
      'and the answers to the follow-up questions KTAS and CTAS ask (onset, red flags, bleeding risk, immune status). ' +
      `None of that is in the data, so a model trained on these columns is unlikely to close the gap: the best one found stops ${((nursesExact - best.modelMostLikelyLevel.exact) * 100).toFixed(1)} percentage points short, ` +
      `and pushing exact agreement up here would mean accepting more under-triage: the most likely level under-triages ${underRange(ceiling)} of rows.`,
    '',
    'What would close it: the follow-up questions a real triage session asks (the product asks them; KTAS rows carry no answers, ' +
      'so the rules see less here than in use), vital signs measured at the visit rather than left out, ' +
      'and in-person assessment by a nurse, which the product hands over to rather than replaces.',
    '',
  ];
}
