// Risk engine throughput: the engine's estimate of a consignment (indicators over the traffic memory, 24 targeting
// rules, the learned model with its explanation, the standing findings rule, the combined score and reasons), per
// consignment on one core, against a baseline pass over the same consignments measured in the same run.
// Standalone: `node --import tsx bench/risk-engine.ts` prints one JSON line.
import { itemsPerSecond } from './rate.ts';
import type { ConsignmentState } from '../src/domain/clearance/index.ts';
import {
  compileRules,
  computeIndicators,
  DEFAULT_SELECTOR,
  loadRiskModel,
  probabilityOf,
  RiskEngine,
  RiskMemory,
  routesOf,
  scoreWithModel,
  Selector,
  trainRiskModel,
  partiesOf,
  type EngineModel,
  type LabelledConsignment,
  type RiskRule,
  type Watchlist,
} from '../src/domain/risk/index.ts';
import { seededRandom } from '../src/domain/random/index.ts';
import { demoConsignments } from '../src/demo/consignments.ts';
import { loadPack } from '../src/services/packs.ts';

export interface RiskEngineFigures {
  /** The whole engine with the learned model (the measure). */
  riskScorePerSecond: number;
  riskScoreNoModelPerSecond: number;
  baselinePerSecond: number;
  baselineOverRiskScore: number;
  consignments: number;
  rules: number;
  modelTrees: number;
  /** Indicators that fired (score ≠ 0) per consignment, on average: how much work the figure includes. */
  indicatorsPerConsignment: number;
}

const NOW = '2026-11-23T12:00:00.000Z';

/** A planted pattern for the bench's model: leather goods, clothing and shoes from CN are found at fault, 3 % of the rest. */
function planted(c: ConsignmentState, random: () => number): boolean {
  const items = c.fields.items!.value;
  const hit = items.some((i) => i.originCountry === 'CN' && /^(42|61|62|64)/.test(i.hsCode ?? ''));
  return random() < 0.02 ? !hit : hit || random() < 0.03;
}

/**
 * The traffic memory after the demo weeks (every parcel decided, a third of them controlled with a planted pattern),
 * and a model trained on those controls the way `clearway risk train` trains one.
 */
function learned(all: ConsignmentState[]): { memory: RiskMemory; model: EngineModel; trees: number } {
  const pack = loadPack('EU');
  const memory = new RiskMemory(pack.currency);
  const random = seededRandom(11);
  const examples: LabelledConsignment[] = [];
  all.forEach((c, i) => {
    memory.observeDecided(c, NOW);
    if (random() >= 1 / 3) return;
    const hit = planted(c, random);
    memory.observeOutcome({ parties: partiesOf(c.fields).map((p) => p.id), routes: routesOf(c), hit });
    const indicators = computeIndicators(c, memory.context(NOW, { deadlines: pack.advanceDataDeadlineHours }));
    examples.push({ state: c, indicators, hit, at: new Date(Date.parse(NOW) - (all.length - i) * 60_000).toISOString() });
  });
  const trained = trainRiskModel(examples, { seed: 1 });
  if ('error' in trained) throw new Error(trained.error.message);
  const loaded = loadRiskModel(JSON.parse(JSON.stringify(trained.model)));
  if ('error' in loaded) throw new Error(loaded.error.message);
  const m = loaded.model;
  return {
    memory,
    trees: trained.metrics.trees,
    model: { version: 'bench', opinion: (state, ind) => ({ version: 'bench', ...scoreWithModel(m, state, ind) }), probability: (state, ind) => probabilityOf(m, state, ind) },
  };
}

/** 24 rules of the kinds analysts write: HS prefixes by origin, value per kg, words, timing, indicators, a watchlist. */
function ruleSet(): { rules: RiskRule[]; lists: Watchlist[] } {
  const base = { version: 1, validFrom: '2026-01-01', author: 'bench', active: true };
  const rules: RiskRule[] = [];
  const chapters = ['61', '62', '64', '42', '33', '95', '84', '85', '71', '49'];
  chapters.forEach((ch, i) =>
    rules.push({ ...base, id: `hs-${ch}`, name: `chapter ${ch} from CN`, when: { all: [{ field: 'hsCode', prefix: [ch] }, { field: 'originCountry', in: ['CN', 'HK'] }] }, then: { weight: 0.05 + i / 100 } }),
  );
  for (const [i, limit] of ['5', '10', '20', '50', '100'].entries()) {
    rules.push({ ...base, id: `perkg-${i}`, name: `under ${limit} per kg`, when: { field: 'valuePerKg', op: 'lt', value: limit }, then: { weight: 0.1 } });
  }
  rules.push({ ...base, id: 'words', name: 'replicas', when: { field: 'descriptionWord', in: ['replica', 'copy', 'imitation'] }, then: { lane: 'physical' } });
  rules.push({ ...base, id: 'late', name: 'late data', when: { field: 'hoursBeforeArrival', op: 'lt', value: '2' }, then: { weight: 0.2 } });
  rules.push({ ...base, id: 'batteries', name: 'batteries by post', when: { all: [{ field: 'hsCode', prefix: ['8506', '8507'] }, { field: 'service', in: ['post'] }] }, then: { lane: 'scan' } });
  rules.push({ ...base, id: 'under', name: 'undervalued', when: { indicator: 'undervaluation', atLeast: 0.5 }, then: { weight: 0.3 } });
  rules.push({ ...base, id: 'split', name: 'split', when: { indicator: 'split-shipment', atLeast: 0.3 }, then: { weight: 0.3 } });
  rules.push({ ...base, id: 'cat4', name: 'high value', when: { field: 'category', in: ['4'] }, then: { weight: 0.05 } });
  rules.push({ ...base, id: 'items', name: 'many items', when: { field: 'itemCount', op: 'gte', value: '4' }, then: { weight: 0.05 } });
  rules.push({ ...base, id: 'route', name: 'route', when: { all: [{ field: 'departureCountry', in: ['TR'] }, { field: 'destination', in: ['DE'] }] }, then: { weight: 0.1 } });
  rules.push({ ...base, id: 'watch', name: 'watchlist', when: { watchlist: 'wl' }, then: { lane: 'physical', weight: 0.9 } });
  const lists: Watchlist[] = [{ id: 'wl', name: 'bench', entries: [{ kind: 'identifier', value: 'IM2769999999' }, { kind: 'party', value: 'pty_nobody' }] }];
  return { rules, lists };
}


/** What the benchmark runs: the demo consignments, the memory and model learnt from them, and two engines. */
export function benchParts(parcels: number) {
  const all = demoConsignments(parcels, 5);
  const { memory, model, trees } = learned(all);
  const { rules, lists } = ruleSet();
  const compiled = compileRules(rules, lists);
  const pack = loadPack('EU');
  const engine = new RiskEngine({ pack, memory, rules: compiled, selector: new Selector(DEFAULT_SELECTOR), active: model });
  const engineNoModel = new RiskEngine({ pack, memory, rules: compiled, selector: new Selector(DEFAULT_SELECTOR) });
  const ctx = memory.context(NOW, { deadlines: pack.advanceDataDeadlineHours });
  return { all, memory, model, trees, compiled, engine, engineNoModel, ctx };
}

export function benchRiskEngine(parcels = 2000, ms = 2000): RiskEngineFigures {
  const { all, trees, compiled, engine: withModel, engineNoModel: withoutModel, ctx } = benchParts(parcels);
  let fired = 0;
  for (const c of all) fired += computeIndicators(c, ctx).filter((i) => i.score !== 0).length;
  // Whole passes over the consignments.
  const pass = (engine: RiskEngine) => () => {
    let s = 0;
    for (const c of all) s += engine.estimate(c, NOW).risk.score;
    return s;
  };
  const riskScorePerSecond = itemsPerSecond(ms, all.length, pass(withModel));
  const riskScoreNoModelPerSecond = itemsPerSecond(ms, all.length, pass(withoutModel));
  const baselinePerSecond = itemsPerSecond(ms, all.length, () => {
    let s = 0;
    for (const c of all) for (const item of c.fields.items!.value) s += item.quantity;
    return s;
  });
  return {
    riskScorePerSecond: Math.round(riskScorePerSecond),
    riskScoreNoModelPerSecond: Math.round(riskScoreNoModelPerSecond),
    baselinePerSecond: Math.round(baselinePerSecond),
    baselineOverRiskScore: Number((baselinePerSecond / riskScorePerSecond).toFixed(1)),
    consignments: all.length,
    rules: compiled.size,
    modelTrees: trees,
    indicatorsPerConsignment: Number((fired / all.length).toFixed(2)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchRiskEngine())}\n`);
}
