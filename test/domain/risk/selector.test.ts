// The day's control capacity and who gets it: forced lanes, selection by expected value, the random share, day roll-over.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom, uniformOf } from '../../../src/domain/random/index.ts';
import { DEFAULT_SELECTOR, Selector, type LaneCapacity, type Selection, type SelectorSettings } from '../../../src/domain/risk/selector.ts';
import type { ForcedLane } from '../../../src/domain/risk/rules/index.ts';

const DAY = '2026-11-23';
const NEXT_DAY = '2026-11-24';
const at = (day: string, minute: number) => new Date(Date.parse(`${day}T00:00:00.000Z`) + minute * 60_000).toISOString();

const settings = (over: Partial<SelectorSettings> = {}): SelectorSettings => ({ ...DEFAULT_SELECTOR, ...over });

/** Recent expected values 1..n: with them the threshold is finite from the first parcel. */
const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

interface Parcel {
  id: string;
  score: number;
  forced: ForcedLane | null;
}

interface Decided extends Parcel, Selection {
  /** The lane's usage just before this decision. */
  usedBefore: number;
}

/**
 * A day of traffic: scores skewed low (u⁴, mean 0.2, median 0.06), 1 % forced to a physical check by a rule, and four
 * more forced parcels at the very end, when the capacity is long used up.
 */
function dayOfTraffic(n = 2000, seed = 7): Parcel[] {
  const rand = seededRandom(seed);
  const parcels: Parcel[] = Array.from({ length: n }, (_, i) => ({ id: `c-${i}`, score: rand() ** 4, forced: rand() < 0.01 ? 'physical' : null }));
  for (let i = 0; i < 4; i++) parcels.push({ id: `late-${i}`, score: 0.01, forced: i % 2 === 0 ? 'physical' : 'agency-referral' });
  return parcels;
}

const CAPACITIES: LaneCapacity[] = [
  { lane: 'document-check', perDay: 250 },
  { lane: 'scan', perDay: 100 },
  { lane: 'physical', perDay: 10 },
];

/** A node starting the day after one of 2 000 decisions, with their expected values (from the same distribution). */
function warmSelector(seed: string): Selector {
  const s = new Selector(settings({ capacities: CAPACITIES, randomShare: 0.25, expectedPerDay: 500, harmFloor: 20, seed }));
  const rand = seededRandom(99);
  s.restore({ day: DAY, lanes: {} }, 2000, Array.from({ length: 2000 }, () => 20 * rand() ** 4));
  assert.equal(s.expectedToday(), 2000, 'yesterday’s count, not the setting');
  return s;
}

function runDay(selector: Selector, parcels: readonly Parcel[]): Decided[] {
  // Spread over the day, one parcel every 43 seconds; atStake 0: what is at stake is the harm floor for all.
  return parcels.map((p, i) => {
    const before = selector.usage().lanes;
    const d = selector.select(p.id, p.score, 0, p.forced, new Date(Date.parse(`${DAY}T00:00:00.000Z`) + i * 43_000).toISOString());
    return { ...p, ...d, usedBefore: before[d.lane] ?? 0 };
  });
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a simulated day of 2 000 parcels with skewed scores', () => {
  const parcels = dayOfTraffic();
  const selector = warmSelector('clearway');
  const decided = runDay(selector, parcels);
  const by = (k: Selection['selectedBy']) => decided.filter((d) => d.selectedBy === k);
  const scores = parcels.map((p) => p.score).sort((a, b) => a - b);
  const median = scores[Math.floor(scores.length / 2)]!;
  const dayMean = mean(scores);

  test('no lane ever exceeds its capacity through selection by score or at random', () => {
    for (const d of decided) {
      if (d.selectedBy !== 'model' && d.selectedBy !== 'random') continue;
      const cap = CAPACITIES.find((c) => c.lane === d.lane);
      assert.ok(cap, `${d.id} selected into ${d.lane}, which has no capacity`);
      assert.ok(d.usedBefore < cap.perDay, `${d.id} selected into ${d.lane} with ${d.usedBefore} of ${cap.perDay} used`);
    }
    const used = selector.usage().lanes;
    assert.ok((used['document-check'] ?? 0) <= 250, `document-check ${used['document-check']}`);
    assert.ok((used.scan ?? 0) <= 100, `scan ${used.scan}`);
    // The day's capacity is in fact used: the threshold is placed to fill it.
    assert.ok((used['document-check'] ?? 0) + (used.scan ?? 0) >= 300, JSON.stringify(used));
  });

  test('the usage counts every decision, release included', () => {
    const used = selector.usage();
    assert.equal(used.day, DAY);
    assert.equal(Object.values(used.lanes).reduce((a, b) => a + (b ?? 0), 0), parcels.length);
    for (const lane of ['release', 'document-check', 'scan', 'physical', 'agency-referral'] as const) {
      assert.equal(used.lanes[lane] ?? 0, decided.filter((d) => d.lane === lane).length, lane);
    }
  });

  test('forced lanes apply whatever the capacity, also once it is used up', () => {
    const forced = decided.filter((d) => d.forced !== null);
    assert.ok(forced.length > 10);
    for (const d of forced) assert.deepEqual([d.lane, d.selectedBy], [d.forced, 'rule'], d.id);
    const late = decided.slice(-4);
    assert.deepEqual(late.map((d) => d.lane), ['physical', 'agency-referral', 'physical', 'agency-referral']);
    // By then no lane had room: a parcel without a rule would have been released.
    const used = selector.usage().lanes;
    for (const c of CAPACITIES) assert.ok((used[c.lane] ?? 0) >= c.perDay, `${c.lane}: ${used[c.lane]} of ${c.perDay}`);
    assert.ok((used.physical ?? 0) > 10, 'a rule may exceed its lane’s capacity: the law comes first');
  });

  test('selection by the model picks markedly higher scores than the day’s mean', () => {
    const model = by('model');
    assert.ok(model.length > 200, `${model.length} selected by the model`);
    assert.ok(mean(model.map((d) => d.score)) > 3 * dayMean, `model mean ${mean(model.map((d) => d.score))}, day mean ${dayMean}`);
    assert.ok(model.every((d) => d.score > median));
  });

  test('random selection still picks from the low-score population', () => {
    const random = by('random');
    assert.ok(random.length >= 40, `${random.length} random selections`);
    // The draw ignores the score: random picks are spread over the parcels the model leaves, which are mostly low.
    const belowMean = random.filter((d) => d.score < dayMean).length;
    assert.ok(belowMean > (2 / 3) * random.length, `${belowMean} of ${random.length} random picks below the day's mean score`);
    // About 0.5 / 0.87 of them below the median (the model takes the top 13 %), and the bottom quarter is sampled too.
    const belowMedian = random.filter((d) => d.score < median).length;
    assert.ok(belowMedian > 0.4 * random.length, `${belowMedian} of ${random.length} random picks below the median score`);
    const bottomQuarter = random.filter((d) => d.score < scores[Math.floor(scores.length / 4)]!).length;
    assert.ok(bottomQuarter > 0.1 * random.length, `${bottomQuarter} of ${random.length} random picks in the bottom quarter`);
    assert.ok(mean(random.map((d) => d.score)) < dayMean);
    // The random draw is the one an auditor can replay: seed and consignment id.
    const probability = (0.25 * 360) / 2000;
    for (const d of random) assert.ok(uniformOf(`clearway:${d.id}`) < probability, d.id);
  });

  test('the same seed and ids give the same decisions; another seed other random picks', () => {
    const again = runDay(warmSelector('clearway'), parcels);
    assert.deepEqual(again, decided);
    const other = runDay(warmSelector('another office'), parcels);
    const picks = (ds: Decided[]) => ds.filter((d) => d.selectedBy === 'random').map((d) => d.id);
    assert.notDeepEqual(picks(other), picks(decided));
    const shared = picks(other).filter((id) => picks(decided).includes(id)).length;
    assert.ok(shared < picks(decided).length / 2, `${shared} random picks in common`);
  });
});

describe('the threshold', () => {
  test('a cold start selects nothing by score until enough expected values are seen', () => {
    const s = new Selector(settings({ randomShare: 0 }));
    for (let i = 0; i < 20; i++) {
      const d = s.select(`c-${i}`, 1, 10_000, null, at(DAY, i));
      assert.deepEqual([d.lane, d.selectedBy], ['release', 'none'], `parcel ${i}`);
    }
    // Once the recent values can hold the score-selected share, the top of the traffic is selected.
    let model = 0;
    for (let i = 20; i < 300; i++) if (s.select(`c-${i}`, i % 10 === 0 ? 1 : 0.01, 100, null, at(DAY, i)).selectedBy === 'model') model++;
    assert.ok(model > 0, 'selected by score after the cold start');
  });

  test('restored expected values place the threshold at once: the top share is selected, the rest released', () => {
    // 10 controls a day of 100 parcels, no random share: the top 10 % of 1..100 → a threshold of 91.
    const s = new Selector(settings({ capacities: [{ lane: 'document-check', perDay: 10 }], randomShare: 0, expectedPerDay: 100, harmFloor: 1 }));
    s.restore({ day: DAY, lanes: {} }, 0, ramp(100));
    assert.deepEqual(s.select('a', 0.5, 182, null, at(DAY, 1)), { lane: 'document-check', selectedBy: 'model', expectedValue: 91 });
    assert.deepEqual(s.select('b', 0.5, 180, null, at(DAY, 2)), { lane: 'release', selectedBy: 'none', expectedValue: 90 });
  });

  test('a score of 0 is never selected by the model, whatever is at stake', () => {
    const s = new Selector(settings({ capacities: [{ lane: 'scan', perDay: 10 }], randomShare: 0, expectedPerDay: 100 }));
    s.restore({ day: DAY, lanes: {} }, 0, Array.from({ length: 100 }, () => 0));
    assert.equal(s.select('a', 0, 1e9, null, at(DAY, 1)).selectedBy, 'none');
  });

  test('the expected value is the score times what is at stake, at least the harm floor', () => {
    const s = new Selector(settings({ harmFloor: 20 }));
    assert.equal(s.select('a', 0.5, 100, null, at(DAY, 1)).expectedValue, 50);
    assert.equal(s.select('b', 0.5, 3, null, at(DAY, 2)).expectedValue, 10);
  });
});

describe('capacity', () => {
  const top = { score: 1, atStake: 1000 };
  const primed = (capacities: LaneCapacity[]) => {
    const s = new Selector(settings({ capacities, randomShare: 0, expectedPerDay: 100, harmFloor: 1 }));
    s.restore({ day: DAY, lanes: {} }, 0, ramp(100));
    return s;
  };

  test('lanes fill in the order given: the least intrusive with room first, then release', () => {
    const s = primed([
      { lane: 'document-check', perDay: 2 },
      { lane: 'scan', perDay: 1 },
    ]);
    const lanes = ['a', 'b', 'c', 'd'].map((id, i) => s.select(id, top.score, top.atStake, null, at(DAY, i)).lane);
    assert.deepEqual(lanes, ['document-check', 'document-check', 'scan', 'release']);
  });

  test('no capacity configured: nothing is selected but what a rule forces', () => {
    const s = new Selector(settings({ capacities: [] }));
    s.restore({ day: DAY, lanes: {} }, 0, ramp(2000));
    for (let i = 0; i < 200; i++) assert.equal(s.select(`c-${i}`, 1, 1000, null, at(DAY, i)).lane, 'release');
    assert.deepEqual(s.select('ruled', 0, 0, 'scan', at(DAY, 300)), { lane: 'scan', selectedBy: 'rule', expectedValue: 0 });
  });

  test('a rule’s scans beyond the scan capacity do not take the document checks’ room', () => {
    const s = primed([
      { lane: 'document-check', perDay: 2 },
      { lane: 'scan', perDay: 1 },
    ]);
    for (let i = 0; i < 3; i++) assert.equal(s.select(`ruled-${i}`, 0, 0, 'scan', at(DAY, i)).lane, 'scan');
    assert.deepEqual(s.select('a', top.score, top.atStake, null, at(DAY, 10)).lane, 'document-check');
    assert.deepEqual(s.select('b', top.score, top.atStake, null, at(DAY, 11)).lane, 'document-check');
    assert.deepEqual(s.select('c', top.score, top.atStake, null, at(DAY, 12)).lane, 'release');
    assert.deepEqual(s.usage().lanes, { scan: 3, 'document-check': 2, release: 1 });
  });
});

describe('days, restore and sync', () => {
  const capacity = [{ lane: 'document-check' as const, perDay: 1 }];
  const primed = () => {
    const s = new Selector(settings({ capacities: capacity, randomShare: 0, expectedPerDay: 100, harmFloor: 1 }));
    s.restore({ day: DAY, lanes: {} }, 0, ramp(100));
    return s;
  };

  test('a new day starts with the capacity free and yesterday’s count as the traffic expected', () => {
    const s = primed();
    assert.equal(s.select('a', 1, 1000, null, at(DAY, 600)).lane, 'document-check');
    assert.equal(s.select('b', 1, 1000, null, at(DAY, 601)).lane, 'release');
    assert.equal(s.select('c', 0.01, 1, null, at(DAY, 602)).lane, 'release');
    assert.equal(s.expectedToday(), 100, 'before a full day is seen, the setting');
    assert.equal(s.select('d', 1, 1000, null, at(NEXT_DAY, 1)).lane, 'document-check');
    assert.deepEqual(s.usage(), { day: NEXT_DAY, lanes: { 'document-check': 1 } });
    assert.equal(s.expectedToday(), 3, 'yesterday saw 3 decisions');
  });

  test('a decision dated before the current day (requests crossing midnight out of order) counts in the current day', () => {
    const s = primed();
    assert.equal(s.select('a', 1, 1000, null, at(NEXT_DAY, 0)).lane, 'document-check');
    assert.equal(s.select('late', 0.01, 1, null, `${DAY}T23:59:59.900Z`).lane, 'release');
    // The capacity of the new day was used by 'a': going back to yesterday must not have forgotten it.
    assert.equal(s.select('b', 1, 1000, null, at(NEXT_DAY, 1)).lane, 'release');
    assert.deepEqual(s.usage(), { day: NEXT_DAY, lanes: { 'document-check': 1, release: 2 } });
  });

  test('restore takes over the day’s usage of every node, yesterday’s count and the recent values', () => {
    const s = new Selector(settings({ capacities: [{ lane: 'document-check', perDay: 5 }, { lane: 'scan', perDay: 5 }], randomShare: 0, expectedPerDay: 10, harmFloor: 1 }));
    s.restore({ day: DAY, lanes: { 'document-check': 5, release: 40 } }, 1234, ramp(1000));
    assert.equal(s.expectedToday(), 1234);
    assert.equal(s.select('a', 1, 5000, null, at(DAY, 1)).lane, 'scan');
    assert.deepEqual(s.usage(), { day: DAY, lanes: { 'document-check': 5, release: 40, scan: 1 } });
    // Only the last `window` values count.
    const small = new Selector(settings({ capacities: [{ lane: 'scan', perDay: 1 }], randomShare: 0, expectedPerDay: 10, window: 10, harmFloor: 1 }));
    small.restore({ day: DAY, lanes: {} }, 0, [...ramp(90).map((v) => v * 1000), ...ramp(10)]);
    // Top 10 % of 1..10 is 10: an expected value of 10 is selected (it would not be against the older values).
    assert.equal(small.select('a', 1, 10, null, at(DAY, 1)).selectedBy, 'model');
  });

  test('syncUsage takes the store’s count where it is ahead, and keeps this node’s where it is not', () => {
    const s = primed();
    s.select('a', 0.01, 1, null, at(DAY, 1));
    s.select('b', 0.01, 1, null, at(DAY, 2));
    s.syncUsage({ day: DAY, lanes: { release: 1, 'document-check': 1 } });
    assert.deepEqual(s.usage().lanes, { release: 2, 'document-check': 1 });
    assert.equal(s.select('c', 1, 1000, null, at(DAY, 3)).lane, 'release', 'another node used the day’s document check');
  });

  test('syncUsage with a new day rolls over; with a past day it changes nothing', () => {
    const s = primed();
    s.select('a', 1, 1000, null, at(DAY, 1));
    s.syncUsage({ day: '2026-11-22', lanes: { 'document-check': 7, release: 90 } });
    assert.deepEqual(s.usage(), { day: DAY, lanes: { 'document-check': 1 } });
    s.syncUsage({ day: NEXT_DAY, lanes: { release: 4 } });
    assert.deepEqual(s.usage(), { day: NEXT_DAY, lanes: { release: 4 } });
    assert.equal(s.expectedToday(), 4, 'yesterday’s single decision is fewer than today’s so far');
    assert.equal(s.select('b', 1, 1000, null, at(NEXT_DAY, 1)).lane, 'document-check');
  });
});

describe('uniformOf', () => {
  test('a key always gives the same number in [0, 1), and different keys different numbers', () => {
    assert.equal(uniformOf('clearway:c-1'), uniformOf('clearway:c-1'));
    assert.notEqual(uniformOf('clearway:c-1'), uniformOf('clearway:c-2'));
    assert.notEqual(uniformOf('clearway:c-1'), uniformOf('other:c-1'));
    for (const k of ['', 'a', 'é', '😀', 'x'.repeat(10_000)]) {
      const u = uniformOf(k);
      assert.ok(u >= 0 && u < 1, `${k.slice(0, 5)} → ${u}`);
    }
  });

  test('over 20 000 consecutive ids the draws spread evenly over ten bins', () => {
    const n = 20_000;
    const bins = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = uniformOf(`clearway:c-${i}`);
      assert.ok(u >= 0 && u < 1);
      bins[Math.floor(u * 10)]!++;
      sum += u;
    }
    // Chi-square with 9 degrees of freedom: 27.9 is its 99.9th percentile.
    const chi2 = bins.reduce((a, b) => a + (b - n / 10) ** 2 / (n / 10), 0);
    assert.ok(chi2 < 27.9, `chi² ${chi2.toFixed(1)} over ${JSON.stringify(bins)}`);
    assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
    // A low draw (the random share's) is as likely for any id as for another: about 1 in 100 below 0.01.
    const low = Array.from({ length: n }, (_, i) => uniformOf(`seed:${i}`)).filter((u) => u < 0.01).length;
    assert.ok(low > 140 && low < 260, `${low} draws below 0.01`);
  });
});
