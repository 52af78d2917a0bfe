// What the risk memory learns from traffic (prices, buyers' parcels, party activity, control outcomes) and the context it gives the indicators.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConsignmentState, Rules } from '../../../src/domain/clearance/index.ts';
import { buyerKey, computeIndicators, sellerKey, type Indicator, type RiskContext } from '../../../src/domain/risk/indicators/index.ts';
import { RiskMemory, routeKey, routesOf } from '../../../src/domain/risk/memory.ts';
import type { ExchangeRate } from '../../../src/domain/revenue/index.ts';
import { declaration, logistics } from '../../helpers/filings.ts';
import { consignmentUnder as underRules, euPack, euRules, type Step } from '../support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';
const THRESHOLD = { amount: '150', inclusive: true, currency: 'EUR' };
const pack = { deadlines: euPack.advanceDataDeadlineHours, lowValueThreshold: THRESHOLD };


const consignmentUnder = (rules: Rules, ...steps: Step[]): ConsignmentState => underRules(rules, NOW, ...steps);
const consignment = (...steps: Step[]) => consignmentUnder(euRules, ...steps);

/** A T-shirt item; a key given as undefined is left out. */
const tshirt = (unitPrice: string, over: Record<string, unknown> = {}) =>
  Object.fromEntries(
    Object.entries({ description: "Men's cotton T-shirt", quantity: 1, unitPrice, hsCode: '610910', originCountry: 'CN', netMassKg: '0.200', ...over }).filter(
      ([, v]) => v !== undefined,
    ),
  );

/** A platform's declaration of one item, received at `at`. */
const declared = (item: Record<string, unknown>, at = NOW, over: Record<string, unknown> = {}) =>
  consignment([declaration({ items: [item], ...over }), PLATFORM, at]);

const codes = (found: Indicator[]) => found.map((i) => i.code);
const one = (found: Indicator[], code: string): Indicator => {
  const hit = found.find((i) => i.code === code);
  assert.ok(hit, `expected ${code}, got ${JSON.stringify(codes(found))}`);
  return hit;
};

const USD: ExchangeRate = { currency: 'USD', perUnit: '1.25', validFrom: '2026-01-01', source: 'test rate' };
const withUsd: Rules = { ...euRules, lookups: { ...euRules.lookups, rate: (c) => (c === 'USD' ? USD : undefined) } };

describe('value distributions', () => {
  test('prices join the distribution of their HS6 and origin: nearest-rank 5th percentile and median, per unit and per kg', () => {
    const m = new RiskMemory('EUR');
    for (let i = 0; i < 40; i++) m.observeDecided(declared(tshirt(`${10 + i}.00`, i === 0 ? { hsCode: '61091000' } : {})), NOW);
    const stats = m.context(NOW, pack).valueStats('610910', 'CN');
    // Prices 10..49: rank floor(0.05 × 40) = 2 → 12.00, rank 20 → 30.00; per kg of 0.200: five times that.
    assert.deepEqual(stats, {
      currency: 'EUR',
      perUnit: { count: 40, p05: '12.00', median: '30.00' },
      perKg: { count: 40, p05: '60.00', median: '150.00' },
    });
    assert.equal(m.context(NOW, pack).valueStats('610910', 'BD'), undefined);
    assert.equal(m.context(NOW, pack).valueStats('610990', 'CN'), undefined);
  });

  test('prices are kept in exact cents: amounts of a few cents come back as written', () => {
    const m = new RiskMemory('EUR');
    for (const p of ['0.05', '0.10', '0.07', '1234567.89']) m.observeDecided(declared(tshirt(p, { netMassKg: undefined })), NOW);
    assert.deepEqual(m.context(NOW, pack).valueStats('610910', 'CN'), { currency: 'EUR', perUnit: { count: 4, p05: '0.05', median: '0.10' } });
  });

  test('an item without HS code, or without net mass, leaves out what it cannot give', () => {
    const m = new RiskMemory('EUR');
    m.observeDecided(declared(tshirt('9.99', { hsCode: undefined })), NOW);
    m.observeDecided(declared(tshirt('8.00', { netMassKg: undefined })), NOW);
    assert.deepEqual(m.context(NOW, pack).valueStats('610910', 'CN'), { currency: 'EUR', perUnit: { count: 1, p05: '8.00', median: '8.00' } });
  });

  test('the distribution keeps only the most recent prices: a bounded ring', () => {
    const m = new RiskMemory('EUR', undefined, { valuesPerKey: 3 });
    for (const p of ['1.00', '2.00', '3.00', '10.00', '11.00']) m.observeDecided(declared(tshirt(p, { netMassKg: undefined })), NOW);
    // 1.00 and 2.00 were overwritten: 3.00, 10.00, 11.00 remain.
    assert.deepEqual(m.context(NOW, pack).valueStats('610910', 'CN')?.perUnit, { count: 3, p05: '3.00', median: '10.00' });
    m.observeDecided(declared(tshirt('0.50', { netMassKg: undefined })), NOW);
    // 3.00 goes next, the oldest.
    assert.deepEqual(m.context(NOW, pack).valueStats('610910', 'CN')?.perUnit, { count: 3, p05: '0.50', median: '10.00' });
  });

  test('a price in another currency is converted at the assessment’s exchange rate (half up to the cent)', () => {
    const m = new RiskMemory('EUR');
    // USD 12.50 at 1.25 USD per EUR: EUR 10.00; USD 10.00: EUR 8.00; USD 0.01: EUR 0.008 → 0.01.
    for (const p of ['12.50', '10.00', '0.01']) {
      const c = consignmentUnder(withUsd, [declaration({ items: [tshirt(p)], currency: 'USD' }), PLATFORM]);
      assert.equal(c.assessment?.exchangeRate?.perUnit, '1.25');
      m.observeDecided(c, NOW);
    }
    assert.deepEqual(m.context(NOW, pack).valueStats('610910', 'CN'), {
      currency: 'EUR',
      perUnit: { count: 3, p05: '0.01', median: '8.00' },
      perKg: { count: 3, p05: '0.04', median: '40.00' },
    });
  });

  test('a price in another currency without an exchange rate is left out; the parties still count', () => {
    const m = new RiskMemory('EUR');
    const c = declared(tshirt('12.50'), NOW, { currency: 'USD' });
    assert.equal(c.assessment, null);
    m.observeDecided(c, NOW);
    assert.equal(m.context(NOW, pack).valueStats('610910', 'CN'), undefined);
    assert.equal(m.context(NOW, pack).partyActivity(PLATFORM)?.consignments, 1);
  });

  test('undervaluation: silent on 29 prices, named once 30 are known', () => {
    const m = new RiskMemory('EUR');
    const cheap = declared(tshirt('2.00'));
    for (let i = 0; i < 29; i++) m.observeDecided(declared(tshirt(`${20 + (i % 10)}.00`)), NOW);
    assert.ok(!codes(computeIndicators(cheap, m.context(NOW, pack))).includes('undervaluation'));
    m.observeDecided(declared(tshirt('25.00')), NOW);
    const u = one(computeIndicators(cheap, m.context(NOW, pack)), 'undervaluation');
    // p05 of 30 prices 20..29 (three each) is 20.00: 2.00 is 90 % short of it.
    assert.equal(u.score, 0.9);
    assert.equal(u.evidence.p05, '20.00');
    assert.equal(u.evidence.observations, 30);
    // The parcel is never compared with itself: the cheap one was not observed.
    assert.equal(m.hasDecided(cheap.id), false);
  });
});

describe('buyers’ parcels', () => {
  const BUYER_KEY = buyerKey(declared(tshirt('1.00')).fields)!;

  test('split shipment end to end: three parcels of one buyer, each under EUR 150, together over it', () => {
    const m = new RiskMemory('EUR');
    const parcels = ['2026-11-22T08:00:00.000Z', '2026-11-22T20:00:00.000Z', '2026-11-23T08:00:00.000Z'].map((at) =>
      declared(tshirt('60.00'), at),
    );
    for (const p of parcels) assert.equal(p.assessment?.intrinsicValue, '60.00');
    // Seen at their assessments, before any of them is decided.
    m.seen(parcels[0]!, '2026-11-22T08:00:00.000Z');
    const two = computeIndicators(parcels[1]!, m.context('2026-11-22T20:00:00.000Z', pack));
    assert.ok(!codes(two).includes('split-shipment'), 'two parcels of 60 stay under 150');
    m.seen(parcels[1]!, '2026-11-22T20:00:00.000Z');
    const split = one(computeIndicators(parcels[2]!, m.context(NOW, pack)), 'split-shipment');
    assert.equal(split.evidence.parcels, 3);
    assert.equal(split.evidence.total, '180.00');
    assert.equal(split.evidence.buyer, BUYER_KEY);
    assert.equal(split.score, 0.5);
    // Without the pack's threshold in the context there is nothing to split under.
    assert.ok(!codes(computeIndicators(parcels[2]!, m.context(NOW, { deadlines: pack.deadlines }))).includes('split-shipment'));
  });

  test('a parcel seen again is listed once, last', () => {
    const m = new RiskMemory('EUR');
    const a = declared(tshirt('10.00'));
    const b = declared(tshirt('20.00'));
    m.seen(a, NOW);
    m.seen(b, NOW);
    m.seen(a, NOW);
    m.observeDecided(a, NOW);
    assert.deepEqual(
      m.context(NOW, pack).recentParcels(BUYER_KEY).map((p) => [p.id, p.intrinsicValue, p.currency, p.at]),
      [
        [b.id, '20.00', 'EUR', NOW],
        [a.id, '10.00', 'EUR', NOW],
      ],
    );
  });

  test('a buyer’s list keeps the 50 most recently seen parcels', () => {
    const m = new RiskMemory('EUR');
    const all = Array.from({ length: 60 }, (_, i) => declared(tshirt(`${i + 1}.00`)));
    for (const c of all) m.seen(c, NOW);
    const kept = m.context(NOW, pack).recentParcels(BUYER_KEY).map((p) => p.id);
    assert.deepEqual(kept, all.slice(10).map((c) => c.id));
  });

  test('parcels older than twice the split window are dropped when the buyer’s list is touched', () => {
    const m = new RiskMemory('EUR');
    const old = declared(tshirt('10.00'), '2026-11-10T00:00:00.000Z');
    const recent = declared(tshirt('10.00'), '2026-11-20T00:00:00.000Z');
    m.seen(old, '2026-11-10T00:00:00.000Z');
    m.seen(recent, '2026-11-20T00:00:00.000Z');
    assert.deepEqual(m.context(NOW, pack).recentParcels(BUYER_KEY).map((p) => p.id), [recent.id]);
    // 144 hours after the recent one it is still kept (the bound is strict), one second later it goes.
    const later = declared(tshirt('10.00'), '2026-11-26T00:00:00.000Z');
    m.seen(later, '2026-11-26T00:00:00.000Z');
    assert.deepEqual(m.context(NOW, pack).recentParcels(BUYER_KEY).map((p) => p.id), [recent.id, later.id]);
    const last = declared(tshirt('10.00'), '2026-11-26T00:00:01.000Z');
    m.seen(last, '2026-11-26T00:00:01.000Z');
    assert.deepEqual(m.context(NOW, pack).recentParcels(BUYER_KEY).map((p) => p.id), [later.id, last.id]);
  });

  test('a consignment without a buyer or without an assessment is not listed', () => {
    const m = new RiskMemory('EUR');
    const unassessed = declared(tshirt('10.00'), NOW, { currency: 'USD' });
    m.seen(unassessed, NOW);
    assert.deepEqual(m.context(NOW, pack).recentParcels(BUYER_KEY), []);
    assert.deepEqual(m.context(NOW, pack).recentParcels('nobody'), []);
  });
});

describe('party activity', () => {
  test('counted once per decided consignment, first seen at its first filing', () => {
    const m = new RiskMemory('EUR');
    const a = declared(tshirt('10.00'), '2026-11-01T10:00:00.000Z');
    const seller = sellerKey(a.fields)!;
    assert.equal(seller, `${PLATFORM}/S-1`);
    assert.equal(m.context(NOW, pack).partyActivity(PLATFORM), undefined);
    m.seen(a, NOW);
    assert.equal(m.context(NOW, pack).partyActivity(PLATFORM), undefined, 'an assessment is not a decision');
    m.observeDecided(a, NOW);
    m.observeDecided(a, NOW);
    assert.equal(m.hasDecided(a.id), true);
    assert.deepEqual(m.context(NOW, pack).partyActivity(PLATFORM), { firstSeen: '2026-11-01T10:00:00.000Z', consignments: 1 });
    m.observeDecided(declared(tshirt('10.00'), '2026-11-05T10:00:00.000Z'), NOW);
    assert.deepEqual(m.context(NOW, pack).partyActivity(PLATFORM), { firstSeen: '2026-11-01T10:00:00.000Z', consignments: 2 });
    assert.deepEqual(m.context(NOW, pack).partyActivity(seller), { firstSeen: '2026-11-01T10:00:00.000Z', consignments: 2 });
    assert.equal(m.context(NOW, pack).partyActivity(CARRIER), undefined, 'the carrier is not a declaring party');
  });

  test('first seen is the earliest filing, whatever the order the decisions are observed in', () => {
    const m = new RiskMemory('EUR');
    m.observeDecided(declared(tshirt('10.00'), '2026-11-05T10:00:00.000Z'), NOW);
    m.observeDecided(declared(tshirt('10.00'), '2026-11-01T10:00:00.000Z'), NOW);
    m.observeDecided(declared(tshirt('10.00'), '2026-11-03T10:00:00.000Z'), NOW);
    assert.deepEqual(m.context(NOW, pack).partyActivity(PLATFORM), { firstSeen: '2026-11-01T10:00:00.000Z', consignments: 3 });
  });

  test('a party seen five times is no longer new', () => {
    const m = new RiskMemory('EUR');
    const next = declared(tshirt('10.00'));
    assert.equal(one(computeIndicators(next, m.context(NOW, pack)), 'new-party').score, 0.3);
    for (let i = 0; i < 5; i++) m.observeDecided(declared(tshirt('10.00')), NOW);
    assert.ok(!codes(computeIndicators(next, m.context(NOW, pack))).includes('new-party'));
  });
});

/** A declaration and the carrier's logistics data for the same parcel. */
function shipped(items: Record<string, unknown>[], logisticsOver: Record<string, unknown> = {}): ConsignmentState {
  const d = declaration({ items });
  return consignment([d, PLATFORM], [logistics(d.trackingId, logisticsOver), CARRIER]);
}

describe('outcomes', () => {
  const c = shipped([tshirt('10.00')]);

  test('each outcome counts once for each party and route it names, and once in the base rate', () => {
    const m = new RiskMemory('EUR');
    m.observeOutcome({ parties: ['p-1', 'p-1', 'p-2'], routes: ['CN|CN|post'], hit: true });
    m.observeOutcome({ parties: ['p-1'], routes: [], hit: false });
    const ctx = m.context(NOW, pack);
    assert.deepEqual(ctx.partyStats('p-1'), { inspections: 2, hits: 1 });
    assert.deepEqual(ctx.partyStats('p-2'), { inspections: 1, hits: 1 });
    assert.equal(ctx.partyStats('p-3'), undefined);
    assert.deepEqual(ctx.routeStats('CN', 'CN', 'post'), { inspections: 1, hits: 1 });
    assert.equal(ctx.routeStats('CN', 'HK', 'post'), undefined);
    assert.deepEqual(ctx.baseRate, { inspections: 2, hits: 1 });
    assert.deepEqual(m.baseRate, { inspections: 2, hits: 1 });
  });

  test('a party with many hits scores on party history; its route too', () => {
    const m = new RiskMemory('EUR');
    const parties = [PLATFORM, sellerKey(c.fields)!];
    const routes = routesOf(c);
    assert.deepEqual(routes, [routeKey('CN', 'CN', 'post')]);
    for (let i = 0; i < 200; i++) m.observeOutcome({ parties: ['pty_other'], routes: ['DE|DE|post'], hit: i % 20 === 0 });
    for (let i = 0; i < 30; i++) m.observeOutcome({ parties, routes, hit: i % 2 === 0 });
    const found = computeIndicators(c, m.context(NOW, pack));
    const party = one(found, 'party-history');
    // Base rate (25 + ½) / 231 = 11.0 %; smoothed (15 + 20 × 0.110) / 50 = 34.4 %: log₁₀ of a 3.12 lift = 0.494.
    assert.equal(party.score, 0.494);
    assert.equal(party.evidence.inspections, 30);
    assert.equal(party.evidence.hits, 15);
    assert.equal(one(found, 'route-history').score, 0.494);
    // The other party, at the base rate, gives no lift.
    const other = m.context(NOW, pack).partyStats('pty_other');
    assert.deepEqual(other, { inspections: 200, hits: 10 });
  });

  test('resetOutcomes replaces the histories, it does not add to them', () => {
    const m = new RiskMemory('EUR');
    const parties = [PLATFORM];
    for (let i = 0; i < 30; i++) m.observeOutcome({ parties, routes: routesOf(c), hit: true });
    m.resetOutcomes([{ parties: ['pty_other'], routes: [], hit: false }]);
    const ctx = m.context(NOW, pack);
    assert.equal(ctx.partyStats(PLATFORM), undefined);
    assert.equal(ctx.routeStats('CN', 'CN', 'post'), undefined);
    assert.deepEqual(ctx.partyStats('pty_other'), { inspections: 1, hits: 0 });
    assert.deepEqual(ctx.baseRate, { inspections: 1, hits: 0 });
    assert.ok(!codes(computeIndicators(c, ctx)).includes('party-history'));
    m.resetOutcomes([]);
    assert.deepEqual(m.baseRate, { inspections: 0, hits: 0 });
  });

  test('routes come from the logistics data: one per distinct item origin, none without departure and service', () => {
    const mixed = shipped([tshirt('5.00'), tshirt('6.00', { originCountry: 'BD' }), tshirt('7.00')], { departureCountry: 'HK', service: 'express' });
    assert.deepEqual(routesOf(mixed), ['CN|HK|express', 'BD|HK|express']);
    assert.deepEqual(routesOf(declared(tshirt('5.00'))), []);
  });
});

describe('trusted traders and the context', () => {
  test('the trusted traders are replaced as a whole, and lower the risk of their parcels', () => {
    const m = new RiskMemory('EUR');
    const c = declared(tshirt('10.00'));
    m.setTrustedTraders([PLATFORM, 'DE123456789']);
    const ctx = m.context(NOW, pack);
    assert.equal(ctx.isTrustedTrader(PLATFORM), true);
    assert.equal(ctx.isTrustedTrader('DE123456789'), true);
    assert.equal(one(computeIndicators(c, ctx), 'trusted-trader').score, -0.5);
    m.setTrustedTraders(['DE123456789']);
    assert.equal(m.context(NOW, pack).isTrustedTrader(PLATFORM), false);
    assert.ok(!codes(computeIndicators(c, m.context(NOW, pack))).includes('trusted-trader'));
  });

  test('the context carries the moment, the pack’s deadlines and threshold, and the memory’s settings', () => {
    const settings = { minValueObservations: 3, splitWindowHours: 24, priorStrength: 5, newPartyBelow: 2, fullLift: 4, trustedTraderScore: -0.2 };
    const m = new RiskMemory('EUR', settings);
    const ctx: RiskContext = m.context(NOW, pack);
    assert.equal(ctx.now, NOW);
    assert.equal(ctx.deadlines, euPack.advanceDataDeadlineHours);
    assert.deepEqual(ctx.lowValueThreshold, THRESHOLD);
    assert.equal(ctx.settings, settings);
    assert.equal('lowValueThreshold' in m.context(NOW, { deadlines: {} }), false);
    // The settings are the ones the indicators apply: three prices are enough here.
    for (const p of ['20.00', '21.00', '22.00']) m.observeDecided(declared(tshirt(p)), NOW);
    assert.ok(codes(computeIndicators(declared(tshirt('2.00')), m.context(NOW, pack))).includes('undervaluation'));
  });
});
