// Revenue engine throughput: assessments per second on one core, against a baseline pass over the same baskets.
import { itemsPerSecond } from './rate.ts';
import { basketOf } from '../src/domain/clearance/index.ts';
import { combine, fieldsOf, goodsValue } from '../src/domain/merging/index.ts';
import type { Filing } from '../src/domain/model/index.ts';
import { assess, indexTariff, type Basket } from '../src/domain/revenue/index.ts';
import { generateTraffic } from '../src/demo/generator.ts';
import { loadPack, loadTariff } from '../src/services/packs.ts';

export interface AssessFigures {
  assessPerSecond: number;
  /** The same baskets' goods value summed in decimals: the least a pass over a basket costs. */
  baselinePerSecond: number;
  baselineOverAssess: number;
  baskets: number;
}

/** Demo declarations as the intake would merge them, as baskets for the EU pack. */
function baskets(count: number): Basket[] {
  const pack = loadPack('EU');
  const out: Basket[] = [];
  const steps = generateTraffic({ parcels: count, now: new Date('2026-11-23T12:00:00Z'), seed: 7 });
  for (const s of steps) {
    const f = s.filing as Filing | undefined;
    if (!f || (f.kind !== 'declaration' && f.kind !== 'order')) continue;
    const b = basketOf(combine({}, fieldsOf(f, { filingId: f.filingId, sender: s.sender, sentAt: f.sentAt })), pack);
    if (b) out.push(b);
  }
  return out;
}


export function benchAssess(count = 2000): AssessFigures {
  const pack = loadPack('EU');
  const tariff = indexTariff(loadTariff('EU'));
  const list = baskets(count);
  // Demo parcels priced in other currencies need a rate: one fixed bench rate (not an official one) for each.
  const benchRate = (currency: string) => ({ currency, perUnit: '1.1', validFrom: '2026-01-01', source: 'bench rate' });
  const ctx = { day: '2026-11-23', rate: benchRate, tariff };
  let failures = 0;
  const assessPerSecond = itemsPerSecond(2000, list.length, () => {
    for (const b of list) if (!assess(b, pack, ctx).ok) failures++;
    return failures;
  });
  if (failures > 0) throw new Error(`${failures} baskets were refused: the bench measures nothing`);
  const baselinePerSecond = itemsPerSecond(2000, list.length, () => {
    let n = 0;
    for (const b of list) n += goodsValue(b.items.map((i) => ({ ...i, description: i.description }))).isZero() ? 0 : 1;
    return n;
  });
  return {
    assessPerSecond: Math.round(assessPerSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    baselineOverAssess: Number((baselinePerSecond / assessPerSecond).toFixed(2)),
    baskets: list.length,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchAssess())}\n`);
}
