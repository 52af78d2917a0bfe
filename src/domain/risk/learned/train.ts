// Training the risk model on past control outcomes: learn from the older ones, stop and measure on the most recent.
import { runSteps, type OnProgress, type Steps } from '../../progress/index.ts';
import { auc, boost, precisionAt, predict, recallAt, toJson } from '../model/index.ts';
import { categoricalKeys, featurise, featuriserToJson, fitFeaturiserSteps, type LabelledConsignment } from './features.ts';
import type { RiskModel } from './model.ts';

export interface RiskTrainOptions {
  /** Seeds the encodings' folds and the trees' subsampling: the same seed and examples give the same model. */
  seed?: number;
  /** Share of the examples, the most recent ones, held out for early stopping and the metrics (default 0.2). */
  holdoutShare?: number;
  /** Most trees to grow (default 150). */
  rounds?: number;
  /** When the model is trained (ISO 8601), recorded in the metrics; defaults to the newest example's time. */
  now?: string;
  /**
   * Told of the progress of one scale over the whole training: a step per categorical fact encoded (`encoding`), per
   * boosting round (`boosting`; early stopping jumps to the last) and one for the hold-out metrics (`evaluating`).
   */
  onProgress?: OnProgress;
}

/** How the model did on the held-out, most recent examples: what to compare before putting it in service. */
export interface RiskModelMetrics {
  examples: number;
  /** Hits among all examples. */
  positives: number;
  trainRows: number;
  holdoutRows: number;
  auc: number;
  /** Share of hits among the 10 % of held-out consignments the model ranks riskiest. */
  precisionAt10: number;
  /** Share of the held-out hits found in that top 10 %. */
  recallAt10: number;
  precisionAt5: number;
  /** Share of hits in the holdout: what random selection would find, the baseline for the precisions. */
  baseRate: number;
  /** Trees kept after early stopping. */
  trees: number;
  trainedAt: string;
}

export type RiskTrainError = { code: 'too-few-examples' | 'one-class' | 'invalid-time'; message: string };

/** Below these, a model learns the noise of a few cases and its metrics say nothing. */
const MIN_EXAMPLES = 50;
const MIN_PER_CLASS = 5;

/**
 * Small on purpose: the model scores every consignment at every assessment, so each tree costs throughput, and a few
 * thousand outcomes do not support deep trees. Early stopping usually keeps far fewer than `rounds`.
 */
const TREES = { learningRate: 0.1, maxLeaves: 15, minSamplesLeaf: 10, rowSample: 0.8, colSample: 0.8, earlyStoppingRounds: 20 };

/**
 * Train on the oldest examples and hold out the most recent (by `at`): a model is used on the future, and a random
 * split would let it learn from parcels of the same week it is measured on. The holdout picks the number of trees
 * and gives the metrics, so they are slightly optimistic; compare models on them, and judge one in service by what
 * its selections find. Early stopping watches the log loss, not the AUC: the probability is used as a probability
 * (combined with the rules' weights, times the revenue at stake), and stopping on AUC keeps the few trees that rank
 * well while every probability is still near the base rate.
 */
export const trainRiskModel = (examples: readonly LabelledConsignment[], options: RiskTrainOptions = {}): RiskTrainResult =>
  runSteps(trainRiskModelSteps(examples, options), options.onProgress);

export type RiskTrainResult = { model: RiskModel; metrics: RiskModelMetrics } | { error: RiskTrainError };

/** `trainRiskModel` as steps (its `onProgress` is not called: the steps yield what it would be told). */
export function* trainRiskModelSteps(examples: readonly LabelledConsignment[], options: Omit<RiskTrainOptions, 'onProgress'> = {}): Steps<RiskTrainResult> {
  const share = options.holdoutShare ?? 0.2;
  if (!(share > 0 && share < 1)) throw new RangeError(`holdoutShare must be in (0, 1), got ${share}`);
  const n = examples.length;
  const positives = examples.reduce((s, e) => s + (e.hit ? 1 : 0), 0);
  if (n < MIN_EXAMPLES) return { error: { code: 'too-few-examples', message: `${n} labelled consignments; at least ${MIN_EXAMPLES} are needed to train` } };
  if (positives < MIN_PER_CLASS || n - positives < MIN_PER_CLASS) {
    return { error: { code: 'one-class', message: `${positives} hits and ${n - positives} controls without a hit; at least ${MIN_PER_CLASS} of each are needed` } };
  }
  const times = examples.map((e) => Date.parse(e.at));
  const bad = times.findIndex((t) => Number.isNaN(t));
  if (bad >= 0) return { error: { code: 'invalid-time', message: `example ${bad}: decision time "${examples[bad]!.at}" is not an ISO 8601 time` } };
  // Stable: examples decided at the same moment keep their given order, so the split is deterministic.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a]! - times[b]!);
  const holdoutRows = Math.min(n - 1, Math.max(1, Math.round(n * share)));
  const trainSet = order.slice(0, n - holdoutRows).map((i) => examples[i]!);
  const holdout = order.slice(n - holdoutRows).map((i) => examples[i]!);
  for (const [name, set] of [['training', trainSet], ['holdout', holdout]] as const) {
    const hits = set.filter((e) => e.hit).length;
    if (hits === 0 || hits === set.length) {
      return { error: { code: 'one-class', message: `the ${name} examples (split by time) are all ${hits === 0 ? 'without a hit' : 'hits'}: a model can be neither trained nor measured` } };
    }
  }

  const seed = options.seed ?? 1;
  const rounds = options.rounds ?? 150;
  // One scale for the whole training, so that `done` only grows: encoding, then boosting, then the metrics.
  const encodingSteps = categoricalKeys.length;
  const total = encodingSteps + rounds + 1;
  yield { done: 0, total, phase: 'encoding' };
  const { featuriser, rows } = yield* offset(fitFeaturiserSteps(trainSet, { seed }), 0, total);
  const trainLabels = Uint8Array.from(trainSet, (e) => (e.hit ? 1 : 0));
  const holdoutRowsData = holdout.map((e) => featurise(featuriser, e.state, e.indicators));
  const holdoutLabels = Uint8Array.from(holdout, (e) => (e.hit ? 1 : 0));
  const boosting = boost(rows, trainLabels, {
    ...TREES,
    rounds,
    seed,
    metric: 'logloss',
    validation: { rows: holdoutRowsData, labels: holdoutLabels },
    featureNames: featuriser.names,
  });
  const gbt = yield* offset(boosting, encodingSteps, total);

  const scores = holdoutRowsData.map((row) => predict(gbt, row));
  const holdoutHits = holdoutLabels.reduce((s, y) => s + y, 0);
  const newest = examples[order[n - 1]!]!.at;
  yield { done: total, total, phase: 'evaluating' };
  return {
    model: { format: 'clearway-risk-model', version: 1, featuriser: featuriserToJson(featuriser), gbt: toJson(gbt) },
    metrics: {
      examples: n,
      positives,
      trainRows: trainSet.length,
      holdoutRows,
      auc: auc(scores, holdoutLabels),
      precisionAt10: precisionAt(scores, holdoutLabels, 10),
      recallAt10: recallAt(scores, holdoutLabels, 10),
      precisionAt5: precisionAt(scores, holdoutLabels, 5),
      baseRate: holdoutHits / holdoutRows,
      trees: gbt.trees.length,
      trainedAt: options.now ?? newest,
    },
  };
}

/** A part's steps on the whole training's scale: its `done` moved by `start`, every `total` the whole's. */
function* offset<T>(part: Steps<T>, start: number, total: number): Steps<T> {
  for (;;) {
    const next = part.next();
    if (next.done) return next.value;
    yield { done: start + next.value.done, total, phase: next.value.phase };
  }
}
