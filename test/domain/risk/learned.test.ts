// The learned risk model: features of a consignment, training on past control outcomes split by time, scoring and JSON.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newConsignment, type ConsignmentState } from '../../../src/domain/clearance/index.ts';
import type { Sourced } from '../../../src/domain/merging/index.ts';
import type { ItemData } from '../../../src/domain/model/index.ts';
import { seededRandom } from '../../../src/domain/random/index.ts';
import { computeIndicators, type Indicator } from '../../../src/domain/risk/indicators/index.ts';
import type { Progress } from '../../../src/domain/progress/index.ts';
import {
  categoricalKeys,
  consignmentFeatureNames,
  featurise,
  fitFeaturiser,
  loadRiskModel,
  probabilityOf,
  riskModelToJson,
  scoreWithModel,
  trainRiskModel,
  type LabelledConsignment,
  type LoadedRiskModel,
  type RiskModel,
} from '../../../src/domain/risk/learned/index.ts';
import { auc } from '../../../src/domain/risk/model/index.ts';
import { demoConsignments, demoContext } from '../../helpers/consignments.ts';

const column = (name: string): number => {
  const i = consignmentFeatureNames.indexOf(name);
  assert.ok(i >= 0, `no feature ${name}`);
  return i;
};

const sourced = <T>(value: T, sender = 'pty_platform'): Sourced<T> => ({ value, source: 'f-1', sender, sentAt: '2026-11-20T10:00:00Z', rank: 2 });

interface HandMade {
  items: ItemData[];
  filers?: string[];
  departure?: string;
  mass?: string;
  intrinsic?: string;
  category?: 1 | 2 | 3 | 4 | null;
  expectedArrival?: string;
}

const item = (originCountry: string, hsCode: string, unitPrice: string, quantity = 1): ItemData => ({ description: 'goods', quantity, unitPrice, hsCode, originCountry });

/** A consignment written field by field: only what the features read, each value as the merge would source it. */
function handMade(h: HandMade): ConsignmentState {
  const filers = h.filers ?? ['pty_platform'];
  const base = newConsignment('c-hand', '2026-11-20T10:00:00Z');
  return {
    ...base,
    category: h.category ?? null,
    filings: filers.map((sender, i) => ({ filingId: `f-${i}`, kind: i === 0 ? 'declaration' : 'logistics', sender, sentAt: '2026-11-20T10:00:00Z', receivedAt: '2026-11-20T10:00:00Z' })),
    fields: {
      items: sourced(h.items, filers[0]),
      seller: sourced({ id: 'S-1', name: 'Shenzhen Goods Co.', address: { lines: ['1 Industrial Road'], city: 'Shenzhen', country: 'CN' } }),
      service: sourced('post'),
      destinationCountry: sourced('DE'),
      ...(h.departure !== undefined ? { departureCountry: sourced(h.departure) } : {}),
      ...(h.mass !== undefined ? { grossMassKg: sourced(h.mass) } : {}),
      ...(h.expectedArrival !== undefined ? { expectedArrival: sourced(h.expectedArrival) } : {}),
    },
    categoryDecision:
      h.intrinsic !== undefined
        ? { category: h.category ?? null, reason: 'test', intrinsicValue: h.intrinsic, currency: 'EUR', packVersion: 'EU@test', source: 'test' }
        : null,
  };
}

const undervalued: Indicator = { code: 'undervaluation', score: 0.7, message: 'declared far below the usual price', evidence: {} };

describe('features of a consignment', () => {
  // Origin CN is hit once in two, US never; the platform files the CN parcels, the carrier the US ones.
  const training: LabelledConsignment[] = [
    { state: handMade({ items: [item('CN', '640411', '50')] }), indicators: [], hit: true, at: '2026-11-01T00:00:00Z' },
    { state: handMade({ items: [item('CN', '610910', '10')] }), indicators: [], hit: false, at: '2026-11-02T00:00:00Z' },
    { state: handMade({ items: [item('US', '851830', '20')], filers: ['pty_carrier'] }), indicators: [], hit: false, at: '2026-11-03T00:00:00Z' },
    { state: handMade({ items: [item('US', '950300', '30')], filers: ['pty_carrier'] }), indicators: [], hit: false, at: '2026-11-04T00:00:00Z' },
  ];
  const { featuriser, rows } = fitFeaturiser(training, { smoothing: 2 });
  // The most valuable item is the CN shoes (2 × 40), not the US T-shirt; departure HK is neither origin.
  const state = handMade({
    items: [item('US', '610910', '10'), item('CN', '640411', '40', 2)],
    filers: ['pty_platform', 'pty_newcomer'],
    departure: 'HK',
    mass: '2.000',
    intrinsic: '99.00',
    category: 3,
  });
  const row = featurise(featuriser, state, [undervalued]);

  test('every named feature has a column, and the row is as wide as the names', () => {
    assert.equal(row.length, consignmentFeatureNames.length);
    assert.equal(new Set(consignmentFeatureNames).size, consignmentFeatureNames.length);
    assert.deepEqual(featuriser.names, consignmentFeatureNames);
  });

  test('an indicator that fired gives its score, one that did not gives 0', () => {
    assert.equal(row[column('indicator:undervaluation')], 0.7);
    assert.equal(row[column('indicator:split-shipment')], 0);
  });

  test('value, value per kg of gross mass, item count, category and transshipment are read from the consignment', () => {
    assert.equal(row[column('logIntrinsicValue')], Math.log1p(99));
    assert.equal(row[column('logValuePerKg')], Math.log1p(99 / 2));
    assert.equal(row[column('itemCount')], 2);
    assert.equal(row[column('category')], 3);
    assert.equal(row[column('departsElsewhere')], 1);
  });

  test('what is not known is NaN: no arrival time, no value, no mass, no category', () => {
    assert.ok(Number.isNaN(row[column('hoursBeforeArrival')]!));
    const bare = featurise(featuriser, handMade({ items: [item('CN', '640411', '40')] }), []);
    for (const name of ['hoursBeforeArrival', 'logIntrinsicValue', 'logValuePerKg', 'category', 'departsElsewhere']) assert.ok(Number.isNaN(bare[column(name)]!), name);
  });

  test('hours before arrival run from receipt of the order data to the expected arrival', () => {
    const timed = featurise(featuriser, handMade({ items: [item('CN', '640411', '40')], expectedArrival: '2026-11-21T16:00:00Z', departure: 'CN' }), []);
    assert.equal(timed[column('hoursBeforeArrival')], 30);
    assert.equal(timed[column('departsElsewhere')], 0);
  });

  test('origin and HS codes are encoded for the item of highest value: its smoothed hit rate and its count in training', () => {
    // prior 1/4, smoothing 2: CN had 1 hit in 2, (1 + 2 × 0.25) / (2 + 2).
    assert.equal(row[column('te:origin')], 0.375);
    assert.equal(row[column('count:origin')], 2);
    assert.equal(row[column('te:hs6')], (1 + 2 * 0.25) / (1 + 2));
    assert.equal(row[column('count:hs2')], 1);
  });

  test('of several filers, the riskiest rate and the least known count are taken; an unseen one has the prior and count 0', () => {
    assert.equal(row[column('te:filer')], 0.375);
    assert.equal(row[column('count:filer')], 0);
    const unseen = featurise(featuriser, handMade({ items: [item('ZZ', '999999', '5')], filers: ['pty_unknown'] }), []);
    assert.equal(unseen[column('te:origin')], 0.25);
    assert.equal(unseen[column('count:origin')], 0);
    assert.equal(unseen[column('te:filer')], 0.25);
  });

  test("training rows are encoded out of fold: a category seen only once gets no help from the row's own label", () => {
    // The only hit is the only 640411 parcel: out of fold, its hs6 rate is the other folds' prior, never above it.
    const hs6 = column('te:hs6');
    assert.ok(rows[0]![hs6]! <= 1 / 3 + 1e-12, `out-of-fold rate ${rows[0]![hs6]}`);
    assert.ok(rows[0]![hs6]! < featurise(featuriser, training[0]!.state, [])[hs6]!);
  });
});

/** Counterfeit-prone goods from CN: clothing (61, 62), footwear (64), bags (42). */
const PLANTED_CHAPTERS = ['42', '61', '62', '64'];
const isPlanted = (c: ConsignmentState): boolean => c.fields.items!.value.some((i) => i.originCountry === 'CN' && PLANTED_CHAPTERS.includes(i.hsCode?.slice(0, 2) ?? ''));
/** Features that carry the planted pattern: the encodings of origin, the HS codes and the route (which holds the origin). */
const PLANTED_FEATURES = new Set(['origin', 'hs2', 'hs4', 'hs6', 'route'].flatMap((k) => [`te:${k}`, `count:${k}`]));

describe('a risk model trained on demo consignments with a planted pattern', () => {
  const all = demoConsignments(3000, 7);
  const ctx = demoContext(all);
  const random = seededRandom(17);
  // A hit when the pattern holds; 2 % of labels flipped, which is also the low hit rate everywhere else.
  const examples = all.map((state) => {
    const planted = isPlanted(state);
    return { state, indicators: computeIndicators(state, ctx), hit: random() < 0.02 ? !planted : planted, at: state.fields.expectedArrival!.value, planted };
  });
  const trained = trainRiskModel(examples, { seed: 3 });
  if ('error' in trained) throw new Error(trained.error.message);
  const { model, metrics } = trained;
  const loaded = loadRiskModel(model);
  if ('error' in loaded) throw new Error(loaded.error.message);
  const scorer: LoadedRiskModel = loaded.model;
  const byTime = [...examples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const holdout = byTime.slice(byTime.length - metrics.holdoutRows);

  test('the newest fifth is held out, and on it the model ranks hits above the rest with AUC above 0.9', () => {
    assert.ok(examples.length >= 1500 && examples.length <= 3000, `${examples.length} consignments`);
    assert.equal(metrics.examples, examples.length);
    assert.equal(metrics.holdoutRows, Math.round(examples.length * 0.2));
    assert.equal(metrics.trainRows + metrics.holdoutRows, examples.length);
    assert.equal(metrics.positives, examples.filter((e) => e.hit).length);
    assert.ok(metrics.auc > 0.9, `AUC ${metrics.auc}`);
    assert.equal(metrics.trainedAt, byTime.at(-1)!.at);
    // The metrics are those of the model as returned, on exactly the newest examples.
    const scores = holdout.map((e) => probabilityOf(scorer, e.state, e.indicators));
    assert.equal(auc(scores, holdout.map((e) => (e.hit ? 1 : 0))), metrics.auc);
  });

  test('the model stays small: at most 150 trees of at most 15 leaves', () => {
    assert.ok(metrics.trees >= 1 && metrics.trees <= 150, `${metrics.trees} trees`);
    assert.equal(model.gbt.trees.length, metrics.trees);
    for (const t of model.gbt.trees) assert.ok(t.feature.filter((f) => f < 0).length <= 15);
  });

  test('the 10 % of held-out consignments scored riskiest are mostly planted ones, far above the base rate', () => {
    const scored = holdout.map((e) => ({ e, p: probabilityOf(scorer, e.state, e.indicators) })).sort((a, b) => b.p - a.p);
    const top = scored.slice(0, Math.round(holdout.length / 10));
    const planted = top.filter((s) => s.e.planted).length / top.length;
    assert.ok(planted > 0.75, `${(planted * 100).toFixed(0)} % of the top 10 % planted`);
    assert.ok(metrics.precisionAt10 > 2 * metrics.baseRate, `precision@10 ${metrics.precisionAt10}, base rate ${metrics.baseRate}`);
  });

  test('on a planted consignment, origin and HS encodings carry the largest contributions', () => {
    const planted = holdout.filter((e) => e.planted).map((e) => ({ e, s: scoreWithModel(scorer, e.state, e.indicators) }));
    const { s } = planted.reduce((best, x) => (x.s.probability > best.s.probability ? x : best));
    assert.ok(s.probability > metrics.baseRate, `probability ${s.probability}, base rate ${metrics.baseRate}`);
    assert.ok(s.contributions.length > 0 && s.contributions.length <= 3);
    const sizes = s.contributions.map((c) => Math.abs(c.value));
    assert.deepEqual(sizes, [...sizes].sort((a, b) => b - a));
    assert.ok(PLANTED_FEATURES.has(s.contributions[0]!.feature), `largest: ${s.contributions[0]!.feature}`);
    assert.ok(s.contributions[0]!.value > 0);
    assert.ok(s.contributions.filter((c) => PLANTED_FEATURES.has(c.feature)).length >= 2, JSON.stringify(s.contributions));
  });

  test('scoring with contributions gives the same probability as scoring without', () => {
    for (const e of holdout.slice(0, 50)) assert.equal(scoreWithModel(scorer, e.state, e.indicators).probability, probabilityOf(scorer, e.state, e.indicators));
  });

  test('the same seed and examples train the same model, to the byte', () => {
    const again = trainRiskModel(examples, { seed: 3 });
    assert.ok('model' in again);
    assert.equal(JSON.stringify(again.model), JSON.stringify(model));
    assert.deepEqual(again.metrics, metrics);
  });

  test('training reports its progress on one scale: encoding, boosting, evaluating, done growing to the total; the model is the same', () => {
    const reports: Progress[] = [];
    const again = trainRiskModel(examples, { seed: 3, onProgress: (p) => reports.push(p) });
    assert.ok('model' in again);
    assert.equal(JSON.stringify(again.model), JSON.stringify(model));
    const total = categoricalKeys.length + 150 + 1;
    assert.ok(reports.every((p) => p.total === total), 'encoded facts + most rounds + the metrics');
    for (let i = 1; i < reports.length; i++) assert.ok(reports[i]!.done > reports[i - 1]!.done, `report ${i}: ${reports[i]!.done} after ${reports[i - 1]!.done}`);
    assert.deepEqual(reports[0], { done: 0, total, phase: 'encoding' });
    assert.deepEqual(reports.at(-1), { done: total, total, phase: 'evaluating' });
    assert.deepEqual([...new Set(reports.map((p) => p.phase))], ['encoding', 'boosting', 'evaluating']);
    // A report per encoded fact (after the first, at 0), then one per round grown: the last jumps to the end of boosting.
    assert.equal(reports.filter((p) => p.phase === 'encoding').length, categoricalKeys.length + 1);
    assert.equal(reports.filter((p) => p.phase === 'boosting').length, model.gbt.roundsTried);
  });

  test('a refused training reports no progress', () => {
    const reports: Progress[] = [];
    assert.ok('error' in trainRiskModel(examples.slice(0, 10), { onProgress: (p) => reports.push(p) }));
    assert.deepEqual(reports, []);
  });

  test('a model read back from its JSON text scores every consignment exactly as before', () => {
    const text = JSON.stringify(model);
    const read = loadRiskModel(JSON.parse(text));
    assert.ok('model' in read, JSON.stringify(read));
    for (const e of examples) assert.equal(probabilityOf(read.model, e.state, e.indicators), probabilityOf(scorer, e.state, e.indicators));
    assert.equal(JSON.stringify(riskModelToJson(read.model)), text);
  });

  test('a consignment of a category, origin, HS code, seller and filer training never saw scores without throwing', () => {
    const base = examples[0]!.state;
    const items = base.fields.items!;
    const odd: ConsignmentState = {
      ...base,
      category: null,
      filings: [{ ...base.filings[0]!, sender: 'pty_never_seen' }],
      fields: {
        ...base.fields,
        items: { ...items, value: [{ ...items.value[0]!, originCountry: 'ZZ', hsCode: '999999' }] },
        seller: sourced({ id: 'S-unknown', name: 'Nobody Ltd', address: { lines: ['1 Nowhere'], city: 'Nowhere', country: 'ZZ' } }),
        service: sourced('rail'),
      },
    };
    const p = probabilityOf(scorer, odd, []);
    assert.ok(p > 0 && p < 1, `probability ${p}`);
    assert.equal(scoreWithModel(scorer, odd, []).probability, p);
  });

  test('fewer than 50 examples are refused as too few', () => {
    const r = trainRiskModel(examples.slice(0, 49));
    assert.ok('error' in r);
    assert.equal(r.error.code, 'too-few-examples');
  });

  test('examples of one class, or fewer than 5 of one, are refused as one-class', () => {
    const none = trainRiskModel(examples.slice(0, 200).map((e) => ({ ...e, hit: false })));
    assert.ok('error' in none);
    assert.equal(none.error.code, 'one-class');
    const four = trainRiskModel(examples.slice(0, 200).map((e, i) => ({ ...e, hit: i < 4 })));
    assert.ok('error' in four);
    assert.equal(four.error.code, 'one-class');
  });

  test('data that is not a risk model this version can use is refused with a code', () => {
    const copy = (): RiskModel => JSON.parse(JSON.stringify(model)) as RiskModel;
    const code = (data: unknown): string | undefined => {
      const r = loadRiskModel(data);
      return 'error' in r ? r.error.code : undefined;
    };
    assert.equal(code(null), 'not-a-model');
    assert.equal(code({ ...copy(), format: 'clearway-gbt' }), 'not-a-model');
    assert.equal(code({ ...copy(), version: 2 }), 'unsupported-version');
    const renamed = copy();
    renamed.featuriser.names[0] = 'something-else';
    assert.equal(code(renamed), 'feature-mismatch');
    const short = copy();
    short.featuriser.encodings.origin.rates.pop();
    assert.equal(code(short), 'malformed-featuriser');
    const broken = copy();
    broken.gbt.trees[0]!.left.pop();
    assert.equal(code(broken), 'malformed-tree');
  });
});
