// Reads the KTAS emergency triage rows (Moon et al., PLOS ONE 2019) and maps each one onto the
// product's triage findings, the same way ml/training/features.py does for training. KTAS has
// no answers to the product's follow-up questions, so only the fields below reach the rules.

import { readFileSync } from 'node:fs';

import { classifyComplaintText, type CtasLevel, type TriageFindings } from '../../domain/triage';
import { sharedDataFile } from '../../infra/config/shared-data';

export interface KtasRow {
  index: number;
  chiefComplaint: string;
  expertLevel: CtasLevel;
  nurseLevel: CtasLevel;
  findings: TriageFindings;
}

const alertnessByKtasMental: Record<number, string> = { 1: 'alert', 2: 'voice', 3: 'pain', 4: 'unresponsive' };

export function ktasFile(): string {
  return sharedDataFile('triage', 'ktas_triage_shared.csv');
}

/** Parses the semicolon-separated, latin-1 file; unreadable values ("??", "#BOÞ!", empty) become undefined. */
export function readKtasRows(file = ktasFile(), unclassifiedComplaint = 'general-weakness'): KtasRow[] {
  const [header, ...lines] = readFileSync(file, 'latin1').split('\n').filter((line) => line.trim().length > 0);
  const columns = header!.split(';').map((column) => column.trim());

  return lines.map((line, index) => {
    const cells = line.split(';');
    if (cells.length !== columns.length) {
      throw new Error(`KTAS row ${index + 1} has ${cells.length} fields, expected ${columns.length}`);
    }
    const raw = Object.fromEntries(columns.map((column, position) => [column, cells[position]!.trim()]));
    return toRow(index, raw, unclassifiedComplaint);
  });
}

function toRow(index: number, raw: Record<string, string>, unclassifiedComplaint: string): KtasRow {
  const value = (column: string) => parseNumber(raw[column] ?? '');
  const chiefComplaint = raw['Chief_complain'] ?? '';
  const complaintId = classifyComplaintText(chiefComplaint).complaintId ?? unclassifiedComplaint;

  const answers: Record<string, string | number> = {};
  const alertness = alertnessByKtasMental[value('Mental') ?? 1];
  if (alertness) answers['common.alertness'] = alertness;
  const nrs = value('NRS_pain');
  if (value('Pain') === 1 && nrs !== undefined) answers['common.painScore'] = nrs;
  // KTAS records only whether the visit was for an injury, not how it happened.
  if (value('Injury') === 2) answers['injury.mechanism'] = 'minor';

  const arrival = value('Arrival mode');
  return {
    index,
    chiefComplaint,
    expertLevel: value('KTAS_expert') as CtasLevel,
    nurseLevel: value('KTAS_RN') as CtasLevel,
    findings: {
      complaintId,
      age: value('Age') ?? 0,
      sex: value('Sex') === 2 ? 'male' : 'female',
      // KTAS arrival modes: 1 walking, 2 public ambulance, 3 private vehicle, 4 private ambulance, 5-7 other.
      arrivalMode: arrival === 2 || arrival === 4 ? 'ambulance' : 'self',
      answers,
      vitals: definedOnly({
        systolicPressure: value('SBP'),
        diastolicPressure: value('DBP'),
        heartRate: value('HR'),
        respiratoryRate: value('RR'),
        temperature: value('BT'),
        oxygenSaturation: value('Saturation'),
      }),
    },
  };
}

function parseNumber(text: string): number | undefined {
  const normalized = text.replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : undefined;
}

function definedOnly<T extends Record<string, number | undefined>>(values: T): Partial<Record<keyof T, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, entry]) => entry !== undefined)) as Partial<Record<keyof T, number>>;
}
