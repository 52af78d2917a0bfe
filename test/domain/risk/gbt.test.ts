// The gradient-boosted trees find a planted pattern, train deterministically, survive serialisation and explain their scores.
import { seededRandom } from '../../../src/domain/random/index.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { auc, contributions, fromJson, logit, precisionAt, predict, recallAt, toJson, topIndices, train, type Model } from '../../../src/domain/risk/model/index.ts';

/** Rows of [a, b, noise, sometimes-missing]; b is category 'x' (1) or not (0). Fraud when a > 0.7 and b is 'x', with 2 % of labels flipped. */
function planted(count: number, seed: number): { rows: Float64Array[]; labels: Uint8Array; planted: boolean[] } {
  const random = seededRandom(seed);
  const rows: Float64Array[] = [];
  const labels = new Uint8Array(count);
  const isPlanted: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const a = random();
    const b = random() < 0.5 ? 1 : 0;
    const row = Float64Array.of(a, b, random(), random() < 0.2 ? NaN : random());
    const p = a > 0.7 && b === 1;
    isPlanted.push(p);
    labels[i] = (random() < 0.02 ? !p : p) ? 1 : 0;
    rows.push(row);
  }
  return { rows, labels, planted: isPlanted };
}

const options = { rounds: 60, learningRate: 0.2, maxLeaves: 8, minSamplesLeaf: 10, rowSample: 0.8, colSample: 0.75, seed: 7, featureNames: ['a', 'b', 'noise', 'gappy'] };

describe('gradient-boosted trees', () => {
  const trainSet = planted(3000, 1);
  const heldOut = planted(1000, 2);
  const model = train(trainSet.rows, trainSet.labels, options);
  const scores = heldOut.rows.map((r) => predict(model, r));

  test('a model trained on a planted pattern ranks held-out rows with AUC above 0.9', () => {
    assert.ok(auc(scores, heldOut.labels) > 0.9, `AUC ${auc(scores, heldOut.labels)}`);
    const truth = heldOut.planted.map((p) => (p ? 1 : 0));
    assert.ok(auc(scores, truth) > 0.98, `AUC against the planted truth ${auc(scores, truth)}`);
  });

  test('the top-scored held-out rows are the planted ones', () => {
    const share = heldOut.planted.filter(Boolean).length / heldOut.rows.length;
    const top = topIndices(scores, 100 * share * 0.8);
    const hits = [...top].filter((i) => heldOut.planted[i]).length;
    assert.ok(hits / top.length > 0.95, `${hits} of ${top.length}`);
  });

  test('the same seed gives the same trees and another seed different ones', () => {
    const again = train(trainSet.rows, trainSet.labels, options);
    assert.deepEqual(toJson(again), toJson(model));
    const other = train(trainSet.rows, trainSet.labels, { ...options, seed: 8 });
    assert.notDeepEqual(toJson(other), toJson(model));
  });

  test('a model read back from its JSON text predicts exactly as before', () => {
    const text = JSON.stringify(toJson(model));
    const read = fromJson(JSON.parse(text));
    assert.ok('model' in read);
    const back = read.model;
    for (const r of heldOut.rows.slice(0, 200)) assert.equal(predict(back, r), predict(model, r));
    assert.equal(JSON.parse(text).format, 'clearway-gbt');
    assert.equal(JSON.parse(text).version, 1);
  });

  test('JSON of another format or version is refused with a reason', () => {
    assert.deepEqual(fromJson({ format: 'xgboost' }), { error: { code: 'not-a-model', message: 'not a clearway-gbt model (format is missing or different)' } });
    const other = { ...toJson(model), version: 2 };
    const read = fromJson(other);
    assert.ok('error' in read && read.error.code === 'unsupported-version');
    const broken = toJson(model);
    broken.trees[0]!.left[0] = 0;
    const r2 = fromJson(broken);
    assert.ok('error' in r2 && r2.error.code === 'malformed-tree');
  });

  test('contributions add up to the logit: bias plus the per-feature parts', () => {
    for (const r of heldOut.rows.slice(0, 100)) {
      const c = contributions(model, r);
      const sum = c.features.reduce((s, v) => s + v, c.bias);
      assert.ok(Math.abs(sum - logit(model, r)) < 1e-9);
    }
  });

  test('the planted features carry the contributions, the noise almost none', () => {
    const row = Float64Array.of(0.9, 1, 0.5, 0.5);
    const c = contributions(model, row);
    assert.ok(c.features[0]! > 0 && c.features[1]! > 0);
    assert.ok(Math.abs(c.features[2]!) < c.features[0]! / 4);
    assert.ok(predict(model, row) > 0.8);
    assert.ok(predict(model, Float64Array.of(0.2, 1, 0.5, 0.5)) < 0.2);
  });

  test('missing values are scored, and training with a validation set keeps the best round', () => {
    assert.ok(Number.isFinite(predict(model, Float64Array.of(0.9, 1, NaN, NaN))));
    const stopped = train(trainSet.rows, trainSet.labels, { ...options, rounds: 400, learningRate: 0.5, validation: { rows: heldOut.rows, labels: heldOut.labels }, earlyStoppingRounds: 10 });
    assert.ok(stopped.roundsTried < 400);
    assert.equal(stopped.trees.length, stopped.roundsTried - 10);
    assert.ok(stopped.validationScore !== undefined);
  });

  test('a constant feature and few rows give a tree of one leaf at the prior', () => {
    const m: Model = train([[1], [1], [1], [1]], [1, 0, 1, 1], { rounds: 1, minSamplesLeaf: 1 });
    assert.equal(m.trees[0]!.feature.length, 1);
    assert.ok(Math.abs(predict(m, [1]) - 0.75) < 0.01);
  });
});

describe('ranking metrics', () => {
  // Scores of 20 rows, highest first at index 0; labels by hand: rows 0, 1, 3 and 10 are positive.
  const scores = Array.from({ length: 20 }, (_, i) => 1 - i / 20);
  const labels = scores.map((_, i) => ([0, 1, 3, 10].includes(i) ? 1 : 0));

  test('precision at 10 % of 20 rows is the share positive among the top 2', () => {
    assert.equal(precisionAt(scores, labels, 10), 1);
    assert.equal(precisionAt(scores, labels, 20), 3 / 4);
    assert.equal(precisionAt(scores, labels, 5), 1);
    assert.equal(precisionAt(scores, labels, 50), 3 / 10);
  });

  test('recall at n % is the share of all positives found in the top n %', () => {
    assert.equal(recallAt(scores, labels, 10), 2 / 4);
    assert.equal(recallAt(scores, labels, 20), 3 / 4);
    assert.equal(recallAt(scores, labels, 100), 1);
    assert.equal(recallAt(scores, scores.map(() => 0), 10), 0);
  });

  test('tied scores are taken in row order, so the selection is deterministic', () => {
    assert.deepEqual([...topIndices([0.5, 0.9, 0.5, 0.5], 50)], [1, 0]);
  });

  test('AUC: 1 for a perfect ranking, 0.5 for all ties, 0 for an inverted one', () => {
    assert.equal(auc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]), 1);
    assert.equal(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]), 0.5);
    assert.equal(auc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1]), 0);
    assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
  });

  test('a missing value can itself be the pattern: rows missing feature 0 are the positives, and the model learns it', () => {
    const random = seededRandom(3);
    const rows: Float64Array[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const missing = random() < 0.3;
      rows.push(Float64Array.of(missing ? NaN : random(), random()));
      labels.push(missing ? 1 : 0);
    }
    const m = train(rows, Uint8Array.from(labels), { ...options, featureNames: ['gappy', 'noise'] });
    assert.ok(predict(m, Float64Array.of(NaN, 0.5)) > 0.8);
    assert.ok(predict(m, Float64Array.of(0.5, 0.5)) < 0.2);
  });

  test('precision at n % never exceeds 1 and recall grows with n', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 60 }), (pairs) => {
        const s = pairs.map((p) => p[0]);
        const l = pairs.map((p) => (p[1] ? 1 : 0));
        let last = 0;
        for (const n of [1, 2, 5, 10, 50, 100]) {
          const p = precisionAt(s, l, n);
          const r = recallAt(s, l, n);
          assert.ok(p >= 0 && p <= 1);
          // Reference: sort by score (highest first, ties in row order), inspect round(n % of rows), at least one.
          const k = Math.max(1, Math.round((n / 100) * s.length));
          const top = s.map((score, i) => ({ score, i })).sort((a, b) => b.score - a.score || a.i - b.i).slice(0, k);
          const hits = top.filter((x) => l[x.i] === 1).length;
          assert.ok(Math.abs(p - hits / k) < 1e-12, `precision at ${n} %: ${p} vs ${hits / k}`);
          assert.ok(r >= last);
          last = r;
        }
      }),
    );
  });

  test('a percentage outside (0, 100] is a bug and throws', () => {
    assert.throws(() => precisionAt([1], [1], 0));
    assert.throws(() => precisionAt([1], [1], 101));
  });
});
