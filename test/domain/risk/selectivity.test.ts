// Combining evidence into one score, and selecting under a daily capacity with a random share.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../../../src/domain/random/index.ts';
import { combine, decide, expectedValue, thresholdFor, type Capacity } from '../../../src/domain/risk/selectivity.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≠ ${b}`);

describe('combine', () => {
  test('rules and indicators combine by noisy-or; a trusted trader scales the score down', () => {
    const r = combine({
      hits: [
        { ruleId: 'r1', version: 2, name: 'phones from CN', weight: 0.3 },
        { ruleId: 'r2', version: 1, name: 'late filing', weight: 0.4 },
      ],
      indicators: [{ code: 'undervaluation', score: 0.5, message: 'declared far below the usual' }],
    });
    // 1 − 0.7 × 0.6 × 0.5 = 0.79
    close(r.score, 0.79);
    assert.deepEqual(r.reasons.map((x) => x.code), ['undervaluation', 'rule:r2@1', 'rule:r1@2']);
    const trusted = combine({ hits: [{ ruleId: 'r1', version: 2, name: 'phones', weight: 0.3 }], indicators: [{ code: 'trusted-trader', score: -0.5, message: 'AEO' }] });
    close(trusted.score, 0.15);
  });

  test('the strongest forced lane wins; the model is one more piece of evidence with its top contributions', () => {
    const r = combine({
      hits: [
        { ruleId: 'a', version: 1, name: 'scan batteries', weight: 0, lane: 'scan' },
        { ruleId: 'b', version: 1, name: 'watchlisted seller', weight: 0.2, lane: 'physical' },
      ],
      indicators: [],
      model: { version: 'm3', probability: 0.5, contributions: [{ feature: 'importer', value: 1.2 }, { feature: 'hs6', value: -0.1 }] },
    });
    assert.equal(r.forcedLane, 'physical');
    close(r.score, 1 - 0.8 * 0.5);
    assert.match(r.reasons.find((x) => x.code === 'model:m3')!.message, /importer \+1\.20/);
  });
});

describe('decide under capacity', () => {
  const lane = (usedToday: number): Capacity => ({ lane: 'document-check', perDay: 10, usedToday });
  const policy = { randomShare: 0.1, threshold: 5, expectedPerDay: 100 };

  test('a forced lane applies even when the day is full; otherwise a full lane releases', () => {
    assert.deepEqual(decide(0.1, 0.1, 'physical', lane(10), policy, 0.99), { lane: 'physical', selectedBy: 'rule' });
    assert.deepEqual(decide(0.9, 50, null, lane(10), policy, 0), { lane: 'release', selectedBy: 'none' });
  });

  test('an expected value at the threshold is selected by the model; below it, only a low draw selects at random', () => {
    assert.deepEqual(decide(0.5, 5, null, lane(0), policy, 0.99), { lane: 'document-check', selectedBy: 'model' });
    // Random share 10 % of 10 a day over 100 parcels: probability 0.01 per parcel.
    assert.deepEqual(decide(0.01, 0.01, null, lane(0), policy, 0.005), { lane: 'document-check', selectedBy: 'random' });
    assert.deepEqual(decide(0.01, 0.01, null, lane(0), policy, 0.5), { lane: 'release', selectedBy: 'none' });
  });

  test('the threshold fills the score-selected share: top 9 % of recent values for 10 a day of 100 with a 10 % random share', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(thresholdFor(values, 10, 100, 0.1), 92);
    assert.equal(thresholdFor([], 10, 100, 0.1), Number.POSITIVE_INFINITY);
  });

  test('over a simulated day the lane never exceeds capacity, and random selection still picks from the low-score population', () => {
    const rand = seededRandom(42);
    const scores = Array.from({ length: 2000 }, () => rand() ** 3);
    const threshold = thresholdFor(scores.map((s) => expectedValue(s, 1)), 100, 2000, 0.1);
    const capacity: Capacity = { lane: 'document-check', perDay: 100, usedToday: 0 };
    const picked: Array<{ score: number; by: string }> = [];
    for (const s of scores) {
      const d = decide(s, expectedValue(s, 1), null, capacity, { randomShare: 0.1, threshold, expectedPerDay: 2000 }, rand());
      if (d.lane !== 'release') {
        capacity.usedToday++;
        picked.push({ score: s, by: d.selectedBy });
      }
    }
    assert.ok(capacity.usedToday <= 100);
    const random = picked.filter((p) => p.by === 'random');
    assert.ok(random.length >= 3, `${random.length} random selections`);
    assert.ok(random.some((p) => p.score < threshold), 'random picks include parcels the model would not select');
    const byModel = picked.filter((p) => p.by === 'model');
    assert.ok(byModel.every((p) => p.score >= threshold));
  });
});
