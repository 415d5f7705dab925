// Serves the ONNX urgency model: loaded once per process, then `assess` turns a session's
// findings into a CTAS-style level with the decision rule recorded in the model card.

import * as ort from 'onnxruntime-node';

import type { CtasLevel, ModelOpinion, TriageFindings } from '../../domain/triage';
import { writeFeatureVector } from './features';
import { defaultModelDirectory, readModelCard, type ModelCard } from './model-card';

export interface UrgencyModelResult extends ModelOpinion {
  /** Probability of each level 1..5. */
  probabilities: number[];
}

export class UrgencyModel {
  private constructor(
    readonly card: ModelCard,
    private readonly session: ort.InferenceSession,
  ) {}

  static async load(directory = defaultModelDirectory, name = 'triage-urgency'): Promise<UrgencyModel> {
    const card = readModelCard(directory, name);
    const session = await ort.InferenceSession.create(`${directory}/${card.onnxFile}`, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
    return new UrgencyModel(card, session);
  }

  async assess(findings: TriageFindings): Promise<UrgencyModelResult> {
    const [result] = await this.assessMany([findings]);
    return result!;
  }

  /** Scores many sessions in one inference call, in input order. */
  async assessMany(findings: readonly TriageFindings[]): Promise<UrgencyModelResult[]> {
    const width = this.card.features.length;
    const input = new Float32Array(findings.length * width);
    findings.forEach((item, row) => writeFeatureVector(item, this.card, input, row * width));

    // NOTE: onnxruntime-node 1.23 returns a requested subset of outputs under the wrong names, so
    // the run fetches every output, including the label that the decision rule below replaces.
    const feeds = { [this.card.input.name]: new ort.Tensor('float32', input, [findings.length, width]) };
    const output = await this.session.run(feeds);
    const probabilities = output[this.card.outputs.probabilities]!.data as Float32Array;
    const columns = this.card.outputs.probabilityColumns.length;

    return findings.map((_, row) => {
      const rowProbabilities = Array.from(probabilities.subarray(row * columns, (row + 1) * columns));
      return { modelVersion: this.card.modelVersion, level: this.levelFor(rowProbabilities), probabilities: rowProbabilities };
    });
  }

  /** The most urgent level whose cumulative probability reaches the card's threshold. */
  levelFor(probabilities: readonly number[]): CtasLevel {
    let cumulative = 0;
    for (const [index, probability] of probabilities.entries()) {
      cumulative += probability;
      if (cumulative >= this.card.decision.threshold) {
        return this.card.outputs.probabilityColumns[index] as CtasLevel;
      }
    }
    return 5;
  }
}

let shared: Promise<UrgencyModel> | undefined;

/** Returns the process-wide model, loading it on first use. */
export function loadUrgencyModel(): Promise<UrgencyModel> {
  shared ??= UrgencyModel.load();
  return shared;
}
