// Evaluation of the learned risk model on the customs declarations data set: the temporal hold-out and a weekly online simulation.
import { seededRandom } from '../domain/random/index.ts';
import { auc, precisionAt, predict, recallAt, topIndices, train, type Model, type TrainOptions } from '../domain/risk/model/index.ts';
import type { DataSet, LabelledDeclaration } from './declarations.ts';
import { featuresOf, fitFeatures, type FeatureOptions } from './features.ts';

/** Hyper-parameters chosen on the validation split (2021 Q1); see docs/risk.md. */
export const HOLDOUT_PARAMS: TrainOptions = {
  rounds: 2000,
  learningRate: 0.1,
  maxLeaves: 63,
  minSamplesLeaf: 10,
  lambda: 1,
  rowSample: 0.8,
  colSample: 0.8,
  earlyStoppingRounds: 100,
  metric: 'auc',
};

/** Cheaper settings for the online simulation, which retrains every week without a validation set. */
export const ONLINE_PARAMS: TrainOptions = {
  rounds: 150,
  learningRate: 0.15,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  lambda: 1,
  rowSample: 0.5,
  colSample: 0.8,
};

export const PERCENTS = [1, 2, 5, 10] as const;

export interface HoldoutResult {
  precision: Record<(typeof PERCENTS)[number], number>;
  recall: Record<(typeof PERCENTS)[number], number>;
  auc: number;
  validation: { precision: Record<(typeof PERCENTS)[number], number>; auc: number };
  /** Fitting the encoders and boosting, in seconds. */
  trainSeconds: number;
  trees: number;
  roundsTried: number;
  sizes: { train: number; validation: number; test: number };
  model: Model;
}

export interface EvaluationOptions {
  seed?: number;
  params?: TrainOptions;
  features?: FeatureOptions;
  /** Milliseconds from some fixed point; performance.now by default. */
  clock?: () => number;
}

const labelsOf = (ds: readonly LabelledDeclaration[]): Uint8Array => Uint8Array.from(ds, (d) => d.fraud);
const at = (f: (p: number) => number) => Object.fromEntries(PERCENTS.map((p) => [p, f(p)])) as Record<(typeof PERCENTS)[number], number>;

/**
 * Train on 2020, stop early on 2021 Q1 (validation AUC), rank 2021 Q2 and measure precision and recall at the top
 * 1, 2, 5 and 10 %. Test labels are used only to measure.
 */
export function evaluateHoldout(data: DataSet, options: EvaluationOptions = {}): HoldoutResult {
  const clock = options.clock ?? (() => performance.now());
  const seed = options.seed ?? 1;
  const started = clock();
  const { featurizer, rows } = fitFeatures(data.train, { seed, ...options.features });
  const validRows = data.validation.map((d) => featuresOf(featurizer, d));
  const validLabels = labelsOf(data.validation);
  const model = train(rows, labelsOf(data.train), {
    ...HOLDOUT_PARAMS,
    ...options.params,
    seed,
    featureNames: featurizer.names,
    validation: { rows: validRows, labels: validLabels },
  });
  const trainSeconds = (clock() - started) / 1000;
  const validScores = validRows.map((r) => predict(model, r));
  const scores = data.test.map((d) => predict(model, featuresOf(featurizer, d)));
  const labels = labelsOf(data.test);
  return {
    precision: at((p) => precisionAt(scores, labels, p)),
    recall: at((p) => recallAt(scores, labels, p)),
    auc: auc(scores, labels),
    validation: { precision: at((p) => precisionAt(validScores, validLabels, p)), auc: auc(validScores, validLabels) },
    trainSeconds,
    trees: model.trees.length,
    roundsTried: model.roundsTried,
    sizes: { train: data.train.length, validation: data.validation.length, test: data.test.length },
    model,
  };
}

export interface OnlineOptions extends EvaluationOptions {
  /** Share of each week's declarations inspected (default 0.1). */
  inspectionRate?: number;
  /** Share of the inspections drawn at random instead of by score (default 0.1). */
  explorationRate?: number;
}

export interface WeekResult {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  declarations: number;
  frauds: number;
  inspected: number;
  /** Frauds among the inspected (exploited and explored). */
  found: number;
  /** Of them, found by the random exploration. */
  foundByExploration: number;
  explored: number;
  precision: number;
  recall: number;
  trainSeconds: number;
}

export interface OnlineResult {
  weeks: WeekResult[];
  precision: number;
  recall: number;
  /** The recall a perfect selector would reach with the same number of inspections each week. */
  oracleRecall: number;
  /** Precision of the inspections chosen by score alone. */
  exploitationPrecision: number;
  /** Precision of the random inspections: an unbiased estimate of the fraud rate. */
  explorationPrecision: number;
  trainSeconds: number;
}

/** Monday (UTC) of the ISO week a day falls in. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * Week-by-week simulation over 2021 (validation and test splits together, 26 weeks), starting from 2020 fully labelled.
 * Each week: the model trained on every label revealed so far scores the week's declarations; round(10 %) of them are
 * inspected, 90 % of those by top score and 10 % drawn uniformly from the rest of the week; only the inspected
 * declarations' labels are revealed and join the training data; the model is retrained from scratch for the next week.
 */
export function simulateOnline(data: DataSet, options: OnlineOptions = {}): OnlineResult {
  const clock = options.clock ?? (() => performance.now());
  const seed = options.seed ?? 1;
  const rate = options.inspectionRate ?? 0.1;
  const exploration = options.explorationRate ?? 0.1;
  const random = seededRandom(seed ^ 0x5eed);
  const stream = [...data.validation, ...data.test].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const weeks = new Map<string, LabelledDeclaration[]>();
  for (const d of stream) {
    const w = mondayOf(d.date);
    const list = weeks.get(w);
    if (list) list.push(d);
    else weeks.set(w, [d]);
  }
  const pool: LabelledDeclaration[] = [...data.train];
  const results: WeekResult[] = [];
  let totalTrain = 0;
  let exploited = 0;
  let exploitedFound = 0;
  let explored = 0;
  let exploredFound = 0;
  for (const [week, batch] of weeks) {
    const started = clock();
    const { featurizer, rows } = fitFeatures(pool, { seed, ...options.features });
    const model = train(rows, labelsOf(pool), { ...ONLINE_PARAMS, ...options.params, seed, featureNames: featurizer.names });
    const trainSeconds = (clock() - started) / 1000;
    totalTrain += trainSeconds;
    const scores = batch.map((d) => predict(model, featuresOf(featurizer, d)));
    const k = Math.min(batch.length, Math.max(1, Math.round(rate * batch.length)));
    const randomCount = Math.min(k, Math.round(exploration * k));
    const byScore = k - randomCount;
    const chosen = new Set<number>(byScore > 0 ? topIndices(scores, (100 * byScore) / batch.length) : []);
    const byScoreChosen = chosen.size;
    const rest = batch.map((_, i) => i).filter((i) => !chosen.has(i));
    const randomChosen: number[] = [];
    for (let j = 0; j < randomCount && rest.length > 0; j++) randomChosen.push(rest.splice(Math.floor(random() * rest.length), 1)[0]!);
    let found = 0;
    let foundByExploration = 0;
    for (const i of chosen) found += batch[i]!.fraud;
    exploited += byScoreChosen;
    exploitedFound += found;
    for (const i of randomChosen) foundByExploration += batch[i]!.fraud;
    explored += randomChosen.length;
    exploredFound += foundByExploration;
    found += foundByExploration;
    const frauds = batch.reduce((s, d) => s + d.fraud, 0);
    const inspected = byScoreChosen + randomChosen.length;
    results.push({ week, declarations: batch.length, frauds, inspected, found, foundByExploration, explored: randomChosen.length, precision: found / inspected, recall: frauds === 0 ? 0 : found / frauds, trainSeconds });
    for (const i of [...chosen, ...randomChosen]) pool.push(batch[i]!);
  }
  const inspected = exploited + explored;
  const frauds = results.reduce((s, w) => s + w.frauds, 0);
  return {
    weeks: results,
    precision: (exploitedFound + exploredFound) / inspected,
    recall: (exploitedFound + exploredFound) / frauds,
    oracleRecall: results.reduce((s, w) => s + Math.min(w.inspected, w.frauds), 0) / frauds,
    exploitationPrecision: exploited === 0 ? 0 : exploitedFound / exploited,
    explorationPrecision: explored === 0 ? 0 : exploredFound / explored,
    trainSeconds: totalTrain,
  };
}
