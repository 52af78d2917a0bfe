// Target and frequency encoders: smoothed rates, out-of-fold training values, the prior for unknown categories.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeFrequency, encodeTarget, fitFrequencyEncoding, fitTargetEncoding } from '../../../src/domain/risk/model/index.ts';

describe('target encoding', () => {
  // 'a': 3 of 4 positive; 'b': 0 of 4; prior 3/8.
  const categories = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
  const labels = [1, 1, 1, 0, 0, 0, 0, 0];

  test('a category encodes to its positive rate pulled towards the prior by the smoothing', () => {
    const { encoder } = fitTargetEncoding(categories, labels, { smoothing: 2 });
    assert.equal(encoder.prior, 3 / 8);
    assert.equal(encodeTarget(encoder, 'a'), (3 + 2 * (3 / 8)) / (4 + 2));
    assert.equal(encodeTarget(encoder, 'b'), (0 + 2 * (3 / 8)) / (4 + 2));
  });

  test('without smoothing a category encodes to its raw rate', () => {
    const { encoder } = fitTargetEncoding(categories, labels, { smoothing: 0 });
    assert.equal(encodeTarget(encoder, 'a'), 3 / 4);
    assert.equal(encodeTarget(encoder, 'b'), 0);
  });

  test('a category never seen in training encodes to the prior', () => {
    const { encoder } = fitTargetEncoding(categories, labels);
    assert.equal(encodeTarget(encoder, 'zzz'), 3 / 8);
  });

  test("a training row's out-of-fold value does not depend on its own label", () => {
    const many = Array.from({ length: 400 }, (_, i) => `c${i % 10}`);
    const y: number[] = many.map((_, i) => (i % 3 === 0 ? 1 : 0));
    const base = fitTargetEncoding(many, y, { seed: 3 }).outOfFold;
    for (const i of [0, 17, 250]) {
      const flipped = [...y];
      flipped[i] = 1 - flipped[i]!;
      assert.equal(fitTargetEncoding(many, flipped, { seed: 3 }).outOfFold[i], base[i]);
    }
  });

  test('out-of-fold values are deterministic for a seed', () => {
    const a = fitTargetEncoding(categories, labels, { seed: 5, folds: 2 }).outOfFold;
    const b = fitTargetEncoding(categories, labels, { seed: 5, folds: 2 }).outOfFold;
    assert.deepEqual(a, b);
  });

  test('categories and labels of different lengths are a bug and throw', () => {
    assert.throws(() => fitTargetEncoding(['a'], [1, 0]));
  });
});

describe('frequency encoding', () => {
  test('a category encodes to how often it occurred, an unknown one to 0', () => {
    const encoder = fitFrequencyEncoding(['x', 'y', 'x', '', 'x']);
    assert.equal(encodeFrequency(encoder, 'x'), 3);
    assert.equal(encodeFrequency(encoder, 'y'), 1);
    assert.equal(encodeFrequency(encoder, ''), 1);
    assert.equal(encodeFrequency(encoder, 'never'), 0);
  });
});
