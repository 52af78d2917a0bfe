// Threshold review: the simulation's figures per scenario, and the progress it reports while it replays the parcels.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Progress } from '../../../src/domain/progress/index.ts';
import { indexTariff, simulateThresholds } from '../../../src/domain/revenue/index.ts';
import { adValorem, basket, DAY, item, pack, vat } from './synthetic.ts';

const eu = pack({ taxes: [vat('0.19')] });
const lookups = { rate: () => undefined, tariff: indexTariff([adValorem('61', '0.12')]) };
// 1 201 parcels of EUR 1 to EUR 300: more than two reports' worth per scenario.
const parcels = Array.from({ length: 1201 }, (_, i) => ({ basket: basket([item('610910', String((i % 300) + 1))]), day: DAY }));
const scenarios = [
  { duty: '0', tax: '0' },
  { duty: '150', tax: '22' },
  { duty: '150', tax: '150' },
];

describe('threshold simulation', () => {
  test('raising the tax de minimis leaves fewer parcels with revenue; collection cost is the cost times those parcels', () => {
    const [none, low, high] = simulateThresholds(parcels, eu, lookups, scenarios, '2.50');
    assert.equal(none!.parcelsWithRevenue, 1201);
    assert.ok(low!.parcelsWithRevenue < none!.parcelsWithRevenue);
    assert.ok(high!.parcelsWithRevenue < low!.parcelsWithRevenue);
    for (const r of [none!, low!, high!]) assert.equal(r.collectionCost, (2.5 * r.parcelsWithRevenue).toFixed(2));
  });

  test('the simulation reports parcels replayed out of parcels × scenarios, growing to the total, and gives the same figures', () => {
    const reports: Progress[] = [];
    const withProgress = simulateThresholds(parcels, eu, lookups, scenarios, '2.50', (p) => reports.push(p));
    assert.deepEqual(withProgress, simulateThresholds(parcels, eu, lookups, scenarios, '2.50'));
    const total = parcels.length * scenarios.length;
    assert.ok(reports.length >= 6, `${reports.length} reports`);
    for (const [i, p] of reports.entries()) {
      assert.equal(p.total, total);
      assert.equal(p.phase, 'simulating');
      if (i > 0) assert.ok(p.done > reports[i - 1]!.done, `report ${i}: ${p.done} after ${reports[i - 1]!.done}`);
    }
    assert.equal(reports.at(-1)!.done, total);
    // One report at the end of each scenario.
    for (let s = 1; s <= scenarios.length; s++) assert.ok(reports.some((p) => p.done === s * parcels.length), `scenario ${s}`);
  });
});
