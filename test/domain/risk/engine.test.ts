// The risk engine as clearance's judge: a provisional estimate before arrival, one decision under capacity at arrival.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFiling, newConsignment, type ConsignmentState, type Rules } from '../../../src/domain/clearance/index.ts';
import type { Finding } from '../../../src/domain/model/index.ts';
import { computeIndicators, type Indicator } from '../../../src/domain/risk/indicators/index.ts';
import { RiskEngine, type EngineModel } from '../../../src/domain/risk/engine.ts';
import { RiskMemory } from '../../../src/domain/risk/memory.ts';
import { compileRules, type RiskRule } from '../../../src/domain/risk/rules/index.ts';
import { DEFAULT_SELECTOR, Selector, type SelectorSettings } from '../../../src/domain/risk/selector.ts';
import { arrival, declaration, logistics, uid } from '../../helpers/filings.ts';
import { euPack, euRules, refOf, valid } from '../support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';

const rule = (over: Partial<RiskRule> & Pick<RiskRule, 'id' | 'when' | 'then'>): RiskRule => ({
  version: 1,
  name: `rule ${over.id}`,
  validFrom: '2026-01-01',
  author: 'analyst@customs.example',
  active: true,
  ...over,
});

/** T-shirts (HS 6109) must be scanned. */
const scanTshirts = rule({ id: 'scan-tshirts', version: 2, when: { field: 'hsCode', prefix: ['6109'] }, then: { lane: 'scan', weight: 0.1 } });
/** A heavy weight on T-shirts, no lane: a high score, left to the selection. */
const suspectTshirts = rule({ id: 'suspect-tshirts', when: { field: 'hsCode', prefix: ['6109'] }, then: { weight: 0.9 } });

function engine(rules: RiskRule[] = [], selector: Partial<SelectorSettings> = {}, models: { active?: EngineModel; shadow?: EngineModel } = {}) {
  return new RiskEngine({
    pack: euPack,
    memory: new RiskMemory('EUR'),
    rules: compileRules(rules, []),
    selector: new Selector({ ...DEFAULT_SELECTOR, ...selector }),
    ...models,
  });
}

/** A selector that has seen a day of modest expected values: a high one is selected by the model at once. */
function primed(e: RiskEngine): RiskEngine {
  e.parts.selector.restore({ day: NOW.slice(0, 10), lanes: {} }, 2000, Array.from({ length: 2000 }, (_, i) => (i % 100) / 10));
  return e;
}

/** A declared and shipped parcel, not yet arrived, assessed without a risk engine. */
function shipped(findings: Finding[] = []): ConsignmentState {
  const d = valid(declaration());
  const l = valid(logistics(d.trackingId!));
  let state = newConsignment(uid('c'), NOW);
  for (const [f, sender] of [[d, PLATFORM], [l, CARRIER]] as const) {
    const r = applyFiling(state, f, refOf(f, sender, NOW), euRules, NOW);
    assert.ok(r.ok, r.ok ? '' : r.message);
    state = r.state;
  }
  assert.ok(state.assessment, 'assessed');
  return findings.length === 0 ? state : { ...state, findings: [...state.findings, ...findings] };
}

const warning = (code: string): Finding => ({ code, severity: 'warning', message: `${code} found`, sources: [] });
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

describe('decide', () => {
  test('a rule forcing a scan: lane scan, selected by rule, final and dated', () => {
    const e = engine([scanTshirts]);
    const c = shipped();
    const j = e.decide(c, NOW);
    assert.equal(j.lane, 'scan');
    assert.equal(j.risk.selectedBy, 'rule');
    assert.equal(j.risk.provisional, false);
    assert.equal(j.risk.decidedAt, NOW);
    assert.ok(j.risk.reasons.some((r) => r.code === 'rule:scan-tshirts@2' && /demands scan/.test(r.message)), JSON.stringify(j.risk.reasons));
    assert.equal(j.risk.expectedValue, round6(j.risk.score * Math.max(Number(c.assessment!.total), DEFAULT_SELECTOR.harmFloor)));
    assert.equal(e.parts.selector.usage().lanes.scan, 1, 'the scan is counted in the day’s usage');
  });

  test('no capacity configured and no forced lane: released, selected by none, however high the score', () => {
    const e = primed(engine([suspectTshirts], { capacities: [] }));
    const j = e.decide(shipped(), NOW);
    assert.ok(j.risk.score >= 0.9, `score ${j.risk.score}`);
    assert.equal(j.lane, 'release');
    assert.equal(j.risk.selectedBy, 'none');
    assert.equal(j.risk.provisional, false);
    assert.equal(j.risk.decidedAt, NOW);
  });

  test('a high score is selected by the model into the first lane with room', () => {
    const e = primed(engine([suspectTshirts], { capacities: [{ lane: 'document-check', perDay: 1 }, { lane: 'scan', perDay: 1 }], randomShare: 0 }));
    assert.deepEqual([e.decide(shipped(), NOW)].map((j) => [j.lane, j.risk.selectedBy]), [['document-check', 'model']]);
    assert.deepEqual([e.decide(shipped(), NOW)].map((j) => [j.lane, j.risk.selectedBy]), [['scan', 'model']]);
    assert.deepEqual([e.decide(shipped(), NOW)].map((j) => [j.lane, j.risk.selectedBy]), [['release', 'none']]);
  });

  test('warnings in the findings force a document check, with reasons finding:<code> first', () => {
    const e = engine([], { capacities: [] });
    const j = e.decide(shipped([warning('payment-mismatch'), { ...warning('missing-hs-code'), severity: 'info' }]), NOW);
    assert.equal(j.lane, 'document-check');
    assert.equal(j.risk.selectedBy, 'rule');
    assert.deepEqual(j.risk.reasons[0], { code: 'finding:payment-mismatch', message: 'payment-mismatch found', weight: 0.5 });
    assert.ok(!j.risk.reasons.some((r) => r.code === 'finding:missing-hs-code'), 'an info finding is no reason to check');
  });

  test('a rule’s stronger lane wins over the findings’ document check; both are reasons', () => {
    const j = engine([scanTshirts]).decide(shipped([warning('order-from-several-parties')]), NOW);
    assert.equal(j.lane, 'scan');
    const reasons = j.risk.reasons.map((r) => r.code);
    assert.ok(reasons.includes('finding:order-from-several-parties') && reasons.includes('rule:scan-tshirts@2'), JSON.stringify(reasons));
  });

  test('a shadow model’s probability is recorded, rounded, and changes nothing else', () => {
    const seen: number[] = [];
    const shadow: EngineModel = {
      version: 'm-shadow',
      opinion: () => ({ version: 'm-shadow', probability: 0.99, contributions: [] }),
      probability: (_state, indicators: readonly Indicator[]) => {
        seen.push(indicators.length);
        return 0.12345678;
      },
    };
    const c = shipped();
    const without = engine([scanTshirts]).decide(c, NOW);
    const withShadow = engine([scanTshirts], {}, { shadow }).decide(c, NOW);
    assert.deepEqual(withShadow.risk.shadow, { version: 'm-shadow', probability: 0.123457 });
    const { shadow: _s, ...rest } = withShadow.risk;
    assert.deepEqual(rest, without.risk);
    assert.equal(withShadow.lane, without.lane);
    // The shadow is asked with the indicators the engine computed.
    assert.deepEqual(seen, [computeIndicators(c, new RiskMemory('EUR').context(NOW, { deadlines: euPack.advanceDataDeadlineHours })).length]);
    assert.ok(seen[0]! > 0);
  });

  test('an active model’s probability is one more piece of evidence: in the score, the reasons and the record', () => {
    const active: EngineModel = {
      version: 'm-7',
      opinion: () => ({ version: 'm-7', probability: 0.4, contributions: [{ feature: 'hs6', value: 0.8 }] }),
      probability: () => 0.4,
    };
    const c = shipped();
    const base = engine([], { capacities: [] }).decide(c, NOW);
    const j = engine([], { capacities: [] }, { active }).decide(c, NOW);
    assert.deepEqual(j.risk.model, { version: 'm-7', probability: 0.4 });
    assert.ok(Math.abs(j.risk.score - (1 - (1 - base.risk.score) * 0.6)) < 1e-9, `${j.risk.score} from ${base.risk.score}`);
    const reason = j.risk.reasons.find((r) => r.code === 'model:m-7');
    assert.ok(reason, JSON.stringify(j.risk.reasons));
    assert.equal(reason.weight, 0.4);
    assert.match(reason.message, /hs6 \+0\.80/);
    assert.equal(base.risk.model, undefined);
  });

  test('the memory feeds the indicators: a buyer’s earlier parcels make a split shipment under the pack’s threshold', () => {
    const e = engine();
    const c = shipped();
    assert.ok(!e.decide(c, NOW).risk.reasons.some((r) => r.code === 'split-shipment'));
    // The buyer's other parcels, each under EUR 150, together over it with this one.
    for (let i = 0; i < 6; i++) e.parts.memory.seen(shipped(), NOW);
    const j = e.decide(c, NOW);
    assert.ok(j.risk.reasons.some((r) => r.code === 'split-shipment'), JSON.stringify(j.risk.reasons.map((r) => r.code)));
  });
});

describe('estimate', () => {
  test('provisional, with only the forced lanes, and no capacity used', () => {
    const e = engine([scanTshirts]);
    const j = e.estimate(shipped(), NOW);
    assert.equal(j.lane, 'scan');
    assert.equal(j.risk.selectedBy, 'rule');
    assert.equal(j.risk.provisional, true);
    assert.equal(j.risk.decidedAt, undefined);
    assert.equal(j.risk.expectedValue, undefined);
    assert.deepEqual(e.parts.selector.usage(), { day: '', lanes: {} });
  });

  test('a high score alone is never a lane before arrival', () => {
    const e = primed(engine([suspectTshirts]));
    const j = e.estimate(shipped(), NOW);
    assert.ok(j.risk.score >= 0.9);
    assert.deepEqual([j.lane, j.risk.selectedBy], ['release', 'none']);
    assert.deepEqual(e.parts.selector.usage().lanes, {});
  });

  test('warnings force a document check before arrival too', () => {
    const j = engine().estimate(shipped([warning('payment-mismatch')]), NOW);
    assert.deepEqual([j.lane, j.risk.selectedBy, j.risk.provisional], ['document-check', 'rule', true]);
    assert.equal(j.risk.reasons[0]!.code, 'finding:payment-mismatch');
  });

  test('the estimate and the decision score alike; an active model shows in both, a shadow only in the decision', () => {
    const models = {
      active: { version: 'm-1', opinion: () => ({ version: 'm-1', probability: 0.25, contributions: [] }), probability: () => 0.25 },
      shadow: { version: 'm-2', opinion: () => undefined, probability: () => 0.5 },
    };
    const e = engine([scanTshirts], {}, models);
    const c = shipped();
    const est = e.estimate(c, NOW);
    const dec = e.decide(c, NOW);
    assert.equal(est.risk.score, dec.risk.score);
    assert.deepEqual(est.risk.reasons, dec.risk.reasons);
    assert.deepEqual(est.risk.model, { version: 'm-1', probability: 0.25 });
    assert.equal(est.risk.shadow, undefined);
    assert.deepEqual(dec.risk.shadow, { version: 'm-2', probability: 0.5 });
  });
});

describe('at arrival, through clearance', () => {
  test('the parcel is held for the lane the engine decided, and a risk-decided event records the decision', () => {
    const e = engine([scanTshirts]);
    const rules: Rules = { ...euRules, risk: e };
    const c = shipped();
    const a = valid(arrival(c.trackingId!));
    const r = applyFiling(c, a, refOf(a, CARRIER, NOW), rules, NOW);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.state.status, 'held');
    assert.equal(r.state.lane, 'scan');
    assert.equal(r.state.risk.provisional, false);
    const decided = r.effects.filter((x) => x.type === 'risk-decided');
    assert.equal(decided.length, 1);
    assert.equal(decided[0]!.data.lane, 'scan');
    assert.equal(decided[0]!.data.selectedBy, 'rule');
    assert.ok((decided[0]!.data.reasons as string[]).includes('rule:scan-tshirts@2'));
    assert.equal(e.parts.selector.usage().lanes.scan, 1);
  });
});
