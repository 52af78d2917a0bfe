// Hit rates of the decisions taken, per rule, lane and way of selection, with the revenue the controls recovered.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hitRates, ruleIdOf, type DecisionRecord, type HitRate } from '../../../src/domain/risk/hit-rates.ts';

const outcome = (result: string, amount: string | null = null, currency: string | null = amount === null ? null : 'EUR') => ({ result, amount, currency });

const rate = (over: Partial<HitRate>): HitRate => ({ decided: 0, selected: 0, inspected: 0, hits: 0, hitRate: null, revenueAdjusted: {}, ...over });

/** Five decisions of a day: two rules (one in two versions), a model pick, a random pick and a release. */
const records: DecisionRecord[] = [
  {
    lane: 'document-check',
    selectedBy: 'model',
    reasons: ['undervaluation', 'rule:r-1@1'],
    outcomes: [outcome('revenue-adjustment', '12.10')],
  },
  {
    lane: 'scan',
    selectedBy: 'rule',
    reasons: ['rule:r-1@2', 'rule:r-2@1', 'finding:payment-mismatch'],
    outcomes: [outcome('no-finding')],
  },
  { lane: 'release', selectedBy: 'none', reasons: ['rule:r-2@1', 'model:m-3'], outcomes: [] },
  {
    lane: 'document-check',
    selectedBy: 'random',
    reasons: [],
    outcomes: [outcome('undervaluation', '0.1'), outcome('revenue-adjustment', '0.2'), outcome('prohibited', '5', 'USD')],
  },
  // Two versions of one rule on one decision: it counts once for the rule.
  { lane: 'scan', selectedBy: 'rule', reasons: ['rule:r-1@1', 'rule:r-1@3'], outcomes: [outcome('no-finding'), outcome('misdescription')] },
];

describe('hitRates', () => {
  const r = hitRates(records);

  test('overall: decided, sent to a control, inspected, hits, and the revenue adjusted summed exactly per currency', () => {
    // 12.10 + 0.1 + 0.2 is 12.4 exactly (as numbers it would be 12.399999999999999).
    assert.deepEqual(r.overall, rate({ decided: 5, selected: 4, inspected: 4, hits: 3, hitRate: 0.75, revenueAdjusted: { EUR: '12.4', USD: '5' } }));
  });

  test('per lane', () => {
    assert.deepEqual(Object.keys(r.byLane), ['document-check', 'release', 'scan']);
    assert.deepEqual(r.byLane['document-check'], rate({ decided: 2, selected: 2, inspected: 2, hits: 2, hitRate: 1, revenueAdjusted: { EUR: '12.4', USD: '5' } }));
    assert.deepEqual(r.byLane.release, rate({ decided: 1 }));
    assert.deepEqual(r.byLane.scan, rate({ decided: 2, selected: 2, inspected: 2, hits: 1, hitRate: 0.5 }));
  });

  test('per way of selection: the random picks are the unbiased estimate', () => {
    assert.deepEqual(Object.keys(r.bySelection), ['model', 'none', 'random', 'rule']);
    assert.deepEqual(r.bySelection.random, rate({ decided: 1, selected: 1, inspected: 1, hits: 1, hitRate: 1, revenueAdjusted: { EUR: '0.3', USD: '5' } }));
    assert.deepEqual(r.bySelection.model, rate({ decided: 1, selected: 1, inspected: 1, hits: 1, hitRate: 1, revenueAdjusted: { EUR: '12.1' } }));
    assert.deepEqual(r.bySelection.rule, rate({ decided: 2, selected: 2, inspected: 2, hits: 1, hitRate: 0.5 }));
    assert.deepEqual(r.bySelection.none, rate({ decided: 1 }));
  });

  test('per rule id, every version together, counting the decisions it matched', () => {
    assert.deepEqual(Object.keys(r.byRule), ['r-1', 'r-2']);
    assert.deepEqual(r.byRule['r-1'], rate({ decided: 3, selected: 3, inspected: 3, hits: 2, hitRate: 0.6667, revenueAdjusted: { EUR: '12.1' } }));
    assert.deepEqual(r.byRule['r-2'], rate({ decided: 2, selected: 1, inspected: 1, hits: 0, hitRate: 0 }));
  });

  test('no decisions: zeros, and no hit rate rather than a division by zero', () => {
    assert.deepEqual(hitRates([]), { overall: rate({}), randomEstimate: null, byLane: {}, bySelection: {}, byRule: {} });
  });

  test('an outcome without an amount or currency adds no revenue; many small amounts sum exactly', () => {
    const many: DecisionRecord[] = Array.from({ length: 10 }, () => ({
      lane: 'document-check',
      selectedBy: 'model',
      reasons: [],
      outcomes: [outcome('revenue-adjustment', '0.1'), outcome('undervaluation', '3', null), outcome('undervaluation', null, 'EUR')],
    }));
    assert.deepEqual(hitRates(many).overall.revenueAdjusted, { EUR: '1' });
  });

  test('accepts any iterable, read once', () => {
    function* gen() {
      yield* records;
    }
    assert.deepEqual(hitRates(gen()), r);
  });
});

describe('ruleIdOf', () => {
  test('the id in rule:<id>@<version>, the last @ separating the version', () => {
    assert.equal(ruleIdOf('rule:r-1@2'), 'r-1');
    assert.equal(ruleIdOf('rule:geo@eu@3'), 'geo@eu');
    assert.equal(ruleIdOf('rule:no-version'), 'no-version');
  });

  test('any other reason is no rule', () => {
    for (const code of ['undervaluation', 'finding:payment-mismatch', 'model:m-3', 'rules:r-1@1', 'RULE:r-1@1']) assert.equal(ruleIdOf(code), undefined, code);
  });
});

describe('the random estimate', () => {
  const random = (hit: boolean, randomChance: number) => ({
    lane: 'document-check',
    selectedBy: 'random',
    reasons: [],
    outcomes: [{ result: hit ? 'prohibited' : 'no-finding', amount: null, currency: null }],
    randomChance,
  });

  test('weights each random selection by 1 ÷ its chance: parcels drawn half as often count twice', () => {
    // Ordinary parcels drawn at 0.1: 1 hit in 4; an AEO's drawn at 0.05: 0 hits in 2. Unweighted 1/6; weighted 10/(40+40).
    const r = hitRates([random(true, 0.1), random(false, 0.1), random(false, 0.1), random(false, 0.1), random(false, 0.05), random(false, 0.05)]);
    assert.equal(r.bySelection.random!.hitRate, 0.1667);
    assert.equal(r.randomEstimate, 0.125);
  });

  test('null before a random selection has an outcome; selections by rule or model do not count', () => {
    assert.equal(hitRates([]).randomEstimate, null);
    assert.equal(hitRates([{ ...random(true, 0.1), selectedBy: 'model' }]).randomEstimate, null);
  });
});
