// Learned risk model throughput: declarations scored per second on one core (features + trees), against a baseline pass.
// Standalone: `node --import tsx bench/risk.ts` prints one JSON line. Data: RISK_DATA (default: the shared customs
// declarations folder); without it a synthetic set with a planted pattern is used.
import { itemsPerSecond } from './rate.ts';
import { seededRandom } from '../src/domain/random/index.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { predict, train } from '../src/domain/risk/model/index.ts';
import { featuresOf, fitFeatures, readDataSet, type LabelledDeclaration } from '../src/risk/index.ts';

export interface RiskScoreFigures {
  /** Declarations turned into features and scored by the model, per second. */
  riskModelScorePerSecond: number;
  /** Feature rows already built, scored by the model alone, per second. */
  modelPerSecond: number;
  /** The same feature rows with each row's values summed: the least a pass over a row costs. */
  baselinePerSecond: number;
  baselineOverRiskModelScore: number;
  trees: number;
  features: number;
  trainSeconds: number;
  data: 'customs-declarations' | 'synthetic';
}


/** A synthetic stand-in for the data set: random ids, a planted fraud pattern. */
function synthetic(count: number): LabelledDeclaration[] {
  const random = seededRandom(11);
  const pick = (n: number, prefix: string) => `${prefix}${Math.floor(random() * n)}`;
  return Array.from({ length: count }, (_, i) => {
    const importer = pick(3000, 'I');
    const hs6 = String(100000 + Math.floor(random() * 500));
    const fraud = (importer.endsWith('7') && random() < 0.8) || random() < 0.1 ? 1 : 0;
    return {
      id: String(i), date: `2020-${String(1 + (i % 12)).padStart(2, '0')}-15`, office: pick(40, ''), processType: 'B', importType: pick(5, ''), importUse: pick(5, ''),
      paymentType: '11', transport: pick(5, ''), declarant: pick(800, 'D'), importer, seller: pick(2000, 'S'), courier: '', hs6, departure: 'CN', origin: random() < 0.8 ? 'CN' : 'VN',
      taxRate: Math.floor(random() * 13), taxType: 'A', originIndicator: 'Y', netMass: 1 + random() * 1000, itemPrice: 1000 + random() * 1e6, fraud: fraud as 0 | 1, criticalFraud: fraud as 0 | 1,
    };
  });
}

/**
 * Train once (12 000 declarations, 1 500 trees of at most 31 leaves: the size of the model the evaluation keeps), then
 * score for about `ms` milliseconds per measurement.
 */
export function benchRiskScore(ms = 2000): RiskScoreFigures {
  const dir = process.env.RISK_DATA ?? '/work/shared/data/customs-declarations';
  const read = existsSync(dir) ? readDataSet(dir) : undefined;
  const all = read && 'data' in read ? read.data : undefined;
  const declarations = all ? all.train : synthetic(20_000);
  const trainSet = declarations.slice(0, 12_000);
  const started = performance.now();
  const { featurizer, rows } = fitFeatures(trainSet, { seed: 1 });
  const model = train(rows, Uint8Array.from(trainSet, (d) => d.fraud), { rounds: 1500, learningRate: 0.05, maxLeaves: 31, minSamplesLeaf: 20, rowSample: 0.8, colSample: 0.8, seed: 1, featureNames: featurizer.names });
  const trainSeconds = (performance.now() - started) / 1000;
  const scored = all ? [...all.validation, ...all.test] : declarations.slice(12_000);
  const featureRows = scored.map((d) => featuresOf(featurizer, d));
  // Batches of 256 rows, cycling through the rows, so a slow row does not make a call seconds long.
  const batches = (count: number, one: (i: number) => number) => {
    let next = 0;
    return () => {
      let s = 0;
      for (let k = 0; k < 256; k++, next = (next + 1) % count) s += one(next);
      return s;
    };
  };
  const baselinePerSecond = itemsPerSecond(ms, 256, batches(featureRows.length, (i) => {
    const r = featureRows[i]!;
    let s = 0;
    for (let f = 0; f < r.length; f++) s += r[f]!;
    return s;
  }));
  const modelPerSecond = itemsPerSecond(ms, 256, batches(featureRows.length, (i) => predict(model, featureRows[i]!)));
  const riskModelScorePerSecond = itemsPerSecond(ms, 256, batches(scored.length, (i) => predict(model, featuresOf(featurizer, scored[i]!))));
  return {
    riskModelScorePerSecond: Math.round(riskModelScorePerSecond),
    modelPerSecond: Math.round(modelPerSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    baselineOverRiskModelScore: Number((baselinePerSecond / riskModelScorePerSecond).toFixed(1)),
    trees: model.trees.length,
    features: featurizer.names.length,
    trainSeconds: Number(trainSeconds.toFixed(2)),
    data: all ? 'customs-declarations' : 'synthetic',
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(benchRiskScore())}\n`);
}
