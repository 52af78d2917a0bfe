// Risk indicators: each one named, scored and explained for hand-made consignments built from real filings.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFiling, type ConsignmentState, type Rules } from '../../../src/domain/clearance/index.ts';
import {
  baseRateOf,
  buyerKey,
  computeIndicators,
  indicatorCodes,
  isVague,
  sellerKey,
  smoothedRate,
  type Indicator,
  type RiskContext,
  type ValueStats,
} from '../../../src/domain/risk/indicators/index.ts';
import { arrival, buyer, declaration, logistics, payment, s10 } from '../../helpers/filings.ts';
import { consignmentUnder as underRules, euPack, euRules, refOf, valid, type Step } from '../support.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const PLATFORM = 'pty_platform';
const CARRIER = 'pty_carrier';
const PAYER = 'pty_payer';
const BASE = { inspections: 10_000, hits: 500 };


/** A consignment built the way intake builds it: each filing validated, then applied in turn (merge, assess, status). */
function consignment(...steps: Step[]): ConsignmentState {
  return consignmentUnder(euRules, ...steps);
}

const consignmentUnder = (rules: Rules, ...steps: Step[]): ConsignmentState => underRules(rules, NOW, ...steps);

/** A context in which nothing is known against anyone: established parties, no statistics, no other parcels. */
function context(over: Partial<RiskContext> = {}): RiskContext {
  return {
    now: NOW,
    deadlines: euPack.advanceDataDeadlineHours,
    lowValueThreshold: { amount: '150', inclusive: true, currency: 'EUR' },
    valueStats: () => undefined,
    recentParcels: () => [],
    partyStats: () => undefined,
    routeStats: () => undefined,
    baseRate: BASE,
    partyActivity: () => ({ firstSeen: '2024-01-01T00:00:00Z', consignments: 1_000 }),
    isTrustedTrader: () => false,
    ...over,
  };
}

const one = (found: Indicator[], code: string): Indicator => {
  const hits = found.filter((i) => i.code === code);
  assert.equal(hits.length, 1, `expected one ${code} indicator, got ${JSON.stringify(found.map((i) => i.code))}`);
  return hits[0]!;
};
const none = (found: Indicator[], code: string) =>
  assert.equal(found.filter((i) => i.code === code).length, 0, `expected no ${code}, got ${JSON.stringify(found.find((i) => i.code === code))}`);
const close = (actual: number, expected: number, digits = 3) =>
  assert.ok(Math.abs(actual - expected) < 10 ** -digits, `expected ${expected}, got ${actual}`);

const phone = (unitPrice: string, over: Record<string, unknown> = {}) => ({
  description: 'Smartphone 128 GB',
  quantity: 1,
  unitPrice,
  hsCode: '851712',
  originCountry: 'CN',
  netMassKg: '0.180',
  ...over,
});
const phoneStats: ValueStats = {
  currency: 'EUR',
  perUnit: { count: 412, p05: '38.00', median: '120.00' },
  perKg: { count: 380, p05: '200.00', median: '650.00' },
};
const phoneLookup = (hs6: string, origin: string) => (hs6 === '851712' && origin === 'CN' ? phoneStats : undefined);

describe('undervaluation', () => {
  test('a phone declared at EUR 2.10 against a 5th percentile of EUR 38.00 is undervalued, with the numbers in the message', () => {
    const state = consignment([declaration({ items: [phone('2.10')] }), PLATFORM]);
    const found = one(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
    close(found.score, 1 - 2.1 / 38);
    assert.match(found.message, /declared EUR 2\.10 per unit for HS 851712 from CN; 95 % of 412 such items declare at least EUR 38\.00/);
    assert.equal(found.evidence.measure, 'unit');
    assert.equal(found.evidence.p05, '38.00');
  });

  test('a phone declared at a usual price gives no indicator', () => {
    const state = consignment([declaration({ items: [phone('139.00')] }), PLATFORM]);
    none(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
  });

  test('without statistics, or with too few observations behind them, nothing is said about the value', () => {
    const state = consignment([declaration({ items: [phone('2.10')] }), PLATFORM]);
    none(computeIndicators(state, context()), 'undervaluation');
    const thin: ValueStats = { currency: 'EUR', perUnit: { count: 12, p05: '38.00', median: '120.00' } };
    none(computeIndicators(state, context({ valueStats: () => thin })), 'undervaluation');
  });

  test('per kg catches a heavy parcel of phones priced by the piece at a plausible-looking unit price', () => {
    // EUR 40 a unit passes the unit check, but 2.5 kg a unit is EUR 16 per kg against a 5th percentile of EUR 200.
    const state = consignment([declaration({ items: [phone('40.00', { netMassKg: '2.500' })] }), PLATFORM]);
    const found = one(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
    assert.equal(found.evidence.measure, 'kg');
    assert.equal(found.evidence.declared, '16.00');
    close(found.score, 1 - 16 / 200);
    assert.match(found.message, /EUR 16\.00 per kg/);
  });

  test('the worst of several items makes the one indicator', () => {
    const state = consignment([declaration({ items: [phone('30.00', { netMassKg: '0.150' }), phone('3.80', { description: 'Mobile phone' })] }), PLATFORM]);
    const found = one(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
    assert.equal(found.evidence.itemIndex, 1);
    close(found.score, 0.9);
  });

  test('a price in another currency is converted at the assessment\'s exchange rate before it is compared', () => {
    const usd = { currency: 'USD', perUnit: '1.25', validFrom: '2026-11-01', source: 'test rate' };
    const rules: Rules = { ...euRules, lookups: { ...euRules.lookups, rate: (c: string) => (c === 'USD' ? usd : undefined) } };
    const state = consignmentUnder(rules, [declaration({ currency: 'USD', items: [phone('2.50')] }), PLATFORM]);
    const found = one(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
    assert.equal(found.evidence.declared, '2.00');
    close(found.score, 1 - 2 / 38);
  });

  test('a price in another currency than the statistics, with no exchange rate to convert it, is not compared', () => {
    const state = consignment([declaration({ currency: 'USD', items: [phone('2.10')] }), PLATFORM]);
    none(computeIndicators(state, context({ valueStats: phoneLookup })), 'undervaluation');
  });
});

describe('split shipment', () => {
  const at = (iso: string) => ({ arrivedAt: iso });
  const sixty = () => declaration({ items: [{ description: 'Wireless earbuds', quantity: 1, unitPrice: '60.00', hsCode: '851762', originCountry: 'CN' }] });
  /** This parcel expected on 24 November, 08:00. */
  const third = () => {
    const d = sixty();
    return consignment([d, PLATFORM, '2026-11-20T10:00:00Z'], [logistics(d.trackingId as string), CARRIER, '2026-11-20T12:00:00Z']);
  };
  const parcels = (...ats: string[]) => ats.map((a, i) => ({ id: `other-${i}`, intrinsicValue: '60.00', currency: 'EUR', at: at(a).arrivedAt }));

  test('three EUR 60 parcels to one buyer within two days are a split shipment: each under EUR 150, together EUR 180', () => {
    const state = third();
    let askedFor: string | undefined;
    const ctx = context({
      recentParcels: (key) => {
        askedFor = key;
        return parcels('2026-11-22T08:00:00Z', '2026-11-23T10:00:00Z');
      },
    });
    const found = one(computeIndicators(state, ctx), 'split-shipment');
    assert.equal(askedFor, buyerKey(state.fields));
    assert.equal(found.evidence.parcels, 3);
    assert.equal(found.evidence.total, '180.00');
    assert.equal(found.evidence.spanHours, 48);
    close(found.score, 0.5);
    assert.match(found.message, /3 parcels to the same buyer within 48 hours, each at most EUR 150, together EUR 180\.00/);
  });

  test('two EUR 60 parcels stay under the threshold together: no split shipment', () => {
    none(computeIndicators(third(), context({ recentParcels: () => parcels('2026-11-23T10:00:00Z') })), 'split-shipment');
  });

  test('parcels outside the three-day window, or over the threshold themselves, do not count', () => {
    const far = parcels('2026-11-10T08:00:00Z', '2026-11-30T08:00:00Z');
    const big = [{ id: 'big', intrinsicValue: '400.00', currency: 'EUR', at: '2026-11-23T10:00:00Z' }];
    none(computeIndicators(third(), context({ recentParcels: () => [...far, ...big, ...parcels('2026-11-23T10:00:00Z')] })), 'split-shipment');
  });

  test('the consignment itself among the recent parcels is not counted twice', () => {
    const state = third();
    const self = [{ id: state.id, intrinsicValue: '60.00', currency: 'EUR', at: '2026-11-24T08:00:00Z' }];
    none(computeIndicators(state, context({ recentParcels: () => [...self, ...parcels('2026-11-23T10:00:00Z')] })), 'split-shipment');
  });

  test('a parcel over the threshold has nothing to gain from a split', () => {
    const d = declaration({ items: [{ description: 'Wireless earbuds', quantity: 3, unitPrice: '60.00', hsCode: '851762', originCountry: 'CN' }] });
    const state = consignment([d, PLATFORM]);
    none(computeIndicators(state, context({ recentParcels: () => parcels('2026-11-22T08:00:00Z', '2026-11-23T10:00:00Z') })), 'split-shipment');
  });

  test('the buyer key ignores word order, accents, case and spaces in the postcode; another address is another buyer', () => {
    const a = consignment([declaration(), PLATFORM]).fields;
    const b = consignment([declaration({ buyer: { ...buyer, name: 'MULLER anna', address: { ...buyer.address, postcode: '10 115' } } }), PLATFORM]).fields;
    const c = consignment([declaration({ buyer: { ...buyer, address: { ...buyer.address, postcode: '10117' } } }), PLATFORM]).fields;
    assert.equal(buyerKey(a), 'DE|10115|anna muller');
    assert.equal(buyerKey(b), buyerKey(a));
    assert.notEqual(buyerKey(c), buyerKey(a));
  });

  test('without order data the carrier\'s consignee is the buyer', () => {
    const state = consignment([logistics(s10()), CARRIER]);
    assert.equal(buyerKey(state.fields), 'DE|10115|anna muller');
  });
});

describe('inconsistent filings', () => {
  test('a payment that disagrees with the order is one warning: score 0.35, the finding quoted', () => {
    const d = declaration();
    const state = consignment([d, PLATFORM], [payment(d.orderId as string, '99.00'), PAYER]);
    const found = one(computeIndicators(state, context()), 'inconsistent-filings');
    close(found.score, 0.35);
    assert.equal(found.evidence.findings, 'payment-mismatch');
    assert.match(found.message, /payment-mismatch: paid 99 EUR, order total 29\.99/);
  });

  test('two warnings count more than one, combined with diminishing effect', () => {
    const d = declaration();
    const stranger = { name: 'Jan Kowalski', address: { lines: ['Ul. Długa 1'], city: 'Warszawa', postcode: '00-001', country: 'PL' } };
    const state = consignment([d, PLATFORM], [payment(d.orderId as string, '99.00'), PAYER], [logistics(d.trackingId as string, { consignee: stranger }), CARRIER]);
    const found = one(computeIndicators(state, context()), 'inconsistent-filings');
    assert.equal(found.evidence.warnings, 2);
    close(found.score, 1 - 0.65 * 0.65);
  });

  test('an info finding counts less than a warning', () => {
    const d = declaration();
    const state = consignment([d, PLATFORM], [payment(d.orderId as string, '40.00', { currency: 'USD' }), PAYER]);
    const found = one(computeIndicators(state, context()), 'inconsistent-filings');
    assert.equal(found.evidence.findings, 'payment-currency-mismatch');
    close(found.score, 0.1);
  });

  test('findings another indicator scores (vague description, missing HS code) are not counted again', () => {
    const state = consignment([declaration({ items: [{ description: 'gift', quantity: 1, unitPrice: '20.00', originCountry: 'CN' }] }), PLATFORM]);
    assert.ok(state.findings.some((f) => f.code === 'vague-description'));
    none(computeIndicators(state, context()), 'inconsistent-filings');
  });
});

describe('descriptions', () => {
  test('"gift" alone says nothing about the goods: a vague description, scored 0.4 when it is the only item', () => {
    const state = consignment([declaration({ items: [{ description: 'Gift', quantity: 1, unitPrice: '20.00', hsCode: '950300', originCountry: 'CN' }] }), PLATFORM]);
    const found = one(computeIndicators(state, context()), 'vague-description');
    close(found.score, 0.4);
    assert.match(found.message, /1 of 1 items .* item 1 "Gift"/);
  });

  test('vague words with filler around them are still vague; a word naming the goods is not', () => {
    assert.equal(isVague('Free gift'), true);
    assert.equal(isVague('2 pcs spare parts'), true);
    assert.equal(isVague('Sample goods'), true);
    assert.equal(isVague('Gift: perfume 50 ml'), false);
    assert.equal(isVague("Men's cotton T-shirt"), false);
  });

  test('one vague item among two scores less than a parcel of vague items', () => {
    const items = [
      { description: 'parts', quantity: 1, unitPrice: '20.00', hsCode: '950300', originCountry: 'CN' },
      { description: 'Plush teddy bear', quantity: 1, unitPrice: '20.00', hsCode: '950300', originCountry: 'CN' },
    ];
    const found = one(computeIndicators(consignment([declaration({ items }), PLATFORM]), context()), 'vague-description');
    close(found.score, 0.3);
  });

  test('a smartphone declared under HS 610910 (T-shirts) reads as another chapter: description-hs-mismatch', () => {
    const state = consignment([declaration({ items: [phone('139.00', { hsCode: '610910' })] }), PLATFORM]);
    const found = one(computeIndicators(state, context()), 'description-hs-mismatch');
    close(found.score, 0.35);
    assert.match(found.message, /item 1 "Smartphone 128 GB" reads as machines and electronics but is declared under HS 610910 \(chapter 61, apparel\)/);
    assert.match(found.message, /heuristic/);
  });

  test('a T-shirt under 6109, a phone case under 4202 and a description with no known words are not judged a mismatch', () => {
    const items = [
      { description: "Men's cotton T-shirts", quantity: 1, unitPrice: '12.50', hsCode: '610910', originCountry: 'CN' },
      { description: 'Phone case, leather', quantity: 1, unitPrice: '9.00', hsCode: '420232', originCountry: 'CN' },
      { description: 'Widget assembly', quantity: 1, unitPrice: '9.00', hsCode: '851762', originCountry: 'CN' },
      { description: 'Case for iPhone 15', quantity: 1, unitPrice: '9.00', hsCode: '392690', originCountry: 'CN' },
    ];
    none(computeIndicators(consignment([declaration({ items }), PLATFORM]), context()), 'description-hs-mismatch');
  });

  test('words after "for" describe what the goods fit, not what they are: a case for an iPhone under 8517 is a mismatch', () => {
    const items = [{ description: 'Case for iPhone 15', quantity: 1, unitPrice: '9.00', hsCode: '851799', originCountry: 'CN' }];
    const found = one(computeIndicators(consignment([declaration({ items }), PLATFORM]), context()), 'description-hs-mismatch');
    assert.equal(found.evidence.describedAs, 'bags');
  });

  test('an item without an HS code is a missing-hs-code indicator naming the item', () => {
    const items = [
      { description: 'Ceramic mug', quantity: 1, unitPrice: '8.00', originCountry: 'CN' },
      { description: "Men's cotton T-shirt", quantity: 1, unitPrice: '12.50', hsCode: '610910', originCountry: 'CN' },
    ];
    const found = one(computeIndicators(consignment([declaration({ items }), PLATFORM]), context()), 'missing-hs-code');
    close(found.score, 0.3);
    assert.match(found.message, /1 of 2 items have no HS code \(first: item 1 "Ceramic mug"\)/);
  });
});

describe('late advance data', () => {
  const EXPECTED = '2026-11-24T08:00:00Z';
  const logisticsFirst = (d: Record<string, unknown>, service = 'post'): Step => [
    logistics(d.trackingId as string, { service, expectedArrival: EXPECTED }),
    CARRIER,
    '2026-11-20T12:00:00Z',
  ];

  test('order data received one hour before the expected arrival misses the two-hour post deadline', () => {
    const d = declaration();
    const state = consignment(logisticsFirst(d), [d, PLATFORM, '2026-11-24T07:00:00Z']);
    const found = one(computeIndicators(state, context({ now: '2026-11-24T07:00:00Z' })), 'late-advance-data');
    close(found.score, 0.2 + 0.3 * 0.5);
    assert.equal(found.evidence.hoursBeforeArrival, 1);
    assert.match(found.message, /order data received 1 hour before the expected arrival; post requires 2 hours before arrival/);
  });

  test('the same hour before arrival is in time for express, whose deadline is one hour', () => {
    const d = declaration();
    const state = consignment(logisticsFirst(d, 'express'), [d, PLATFORM, '2026-11-24T07:00:00Z']);
    none(computeIndicators(state, context({ now: '2026-11-24T07:00:00Z' })), 'late-advance-data');
  });

  test('order data days ahead of the arrival is in time', () => {
    const d = declaration();
    none(computeIndicators(consignment([d, PLATFORM, '2026-11-20T10:00:00Z'], logisticsFirst(d)), context()), 'late-advance-data');
  });

  test('a parcel that arrived without order data is late, and order data after the arrival is late too', () => {
    const d = declaration();
    const arrived = consignment(logisticsFirst(d), [arrival(d.trackingId as string, { arrivedAt: '2026-11-22T08:10:00Z' }), CARRIER, '2026-11-22T08:30:00Z']);
    const before = one(computeIndicators(arrived, context({ now: '2026-11-22T10:10:00Z' })), 'late-advance-data');
    assert.equal(before.score, 0.6);
    assert.match(before.message, /no order data 2 hours after the arrival/);
    const after = applyFiling(arrived, valid(d), refOf(valid(d), PLATFORM, '2026-11-22T11:10:00Z'), euRules, '2026-11-22T11:10:00Z');
    assert.ok(after.ok);
    const late = one(computeIndicators(after.state, context({ now: '2026-11-22T11:10:00Z' })), 'late-advance-data');
    assert.equal(late.score, 0.6);
    assert.equal(late.evidence.hoursBeforeArrival, -3);
    assert.match(late.message, /order data received 3 hours after the arrival/);
  });

  test('with only logistics data, the parcel is late once now is inside the deadline, not before', () => {
    const state = consignment(logisticsFirst(declaration()));
    none(computeIndicators(state, context({ now: '2026-11-24T05:00:00Z' })), 'late-advance-data');
    const found = one(computeIndicators(state, context({ now: '2026-11-24T07:30:00Z' })), 'late-advance-data');
    assert.match(found.message, /no order data yet, 0\.5 hours before the expected arrival/);
  });
});

describe('parties and routes', () => {
  const decl = () => declaration();
  const SELLER = `${PLATFORM}/S-1`;

  test('the seller is keyed by its tax id when the order gives one, else by the filer\'s own id for it', () => {
    assert.equal(sellerKey(consignment([decl(), PLATFORM]).fields), SELLER);
    const withEori = declaration({ seller: { id: 'S-1', name: 'Shenzhen Goods Co.', address: { lines: ['1 Road'], city: 'Shenzhen', country: 'CN' }, taxIds: { eori: 'CN1234567890' } } });
    assert.equal(sellerKey(consignment([withEori, PLATFORM]).fields), 'EORI:CN1234567890');
  });

  test('a seller never seen before is a new party; an established one is not', () => {
    const state = consignment([decl(), PLATFORM]);
    const ctx = context({ partyActivity: (id) => (id === SELLER ? undefined : { firstSeen: '2024-01-01T00:00:00Z', consignments: 1_000 }) });
    const found = one(computeIndicators(state, ctx), 'new-party');
    close(found.score, 0.3);
    assert.match(found.message, /seller pty_platform\/S-1 is new: never seen before/);
    none(computeIndicators(state, context()), 'new-party');
  });

  test('a seller seen in two earlier consignments is less new than one never seen', () => {
    const state = consignment([decl(), PLATFORM]);
    const ctx = context({ now: NOW, partyActivity: (id) => ({ firstSeen: '2026-11-20T09:00:00Z', consignments: id === SELLER ? 2 : 1_000 }) });
    const found = one(computeIndicators(state, ctx), 'new-party');
    close(found.score, 0.3 * (1 - 2 / 5));
    assert.match(found.message, /first seen 2026-11-20 \(3 days ago\), in 2 earlier consignments/);
  });

  test('an established seller with 40 hits in 100 inspections against a 5 % base rate has a strong party-history score', () => {
    const state = consignment([decl(), PLATFORM]);
    const found = one(computeIndicators(state, context({ partyStats: (id) => (id === SELLER ? { inspections: 100, hits: 40 } : undefined) })), 'party-history');
    // Base rate 500 / 10 000 = 0.05; smoothed (40 + 0.05 × 20) / (100 + 20) = 0.3417; score log10(0.3417 / 0.05) = 0.8346.
    close(baseRateOf(BASE), 0.05);
    close(found.score, 0.8346, 2);
    assert.ok(found.score > 0.8, `${found.score}`);
    assert.match(found.message, /seller pty_platform\/S-1: 40 hits in 100 inspections, a smoothed hit rate of 34\.2 % against 5\.0 % for all inspections/);
  });

  test('a new seller with one hit in one inspection stays near the prior: a much weaker score than the established offender', () => {
    const state = consignment([decl(), PLATFORM]);
    const found = one(computeIndicators(state, context({ partyStats: () => ({ inspections: 1, hits: 1 }) })), 'party-history');
    // Smoothed (1 + 0.05 × 20) / (1 + 20) = 0.0952, scored log10(0.0952 / 0.05) = 0.280.
    close(smoothedRate({ inspections: 1, hits: 1 }, baseRateOf(BASE), 20), 0.0952, 4);
    close(found.score, 0.28, 2);
    assert.ok(found.score > 0.2 && found.score < 0.35, `${found.score}`);
  });

  test('a party at or below the base rate scores 0; no inspections means no party-history at all', () => {
    const state = consignment([decl(), PLATFORM]);
    close(one(computeIndicators(state, context({ partyStats: () => ({ inspections: 400, hits: 8 }) })), 'party-history').score, 0);
    none(computeIndicators(state, context({ partyStats: () => ({ inspections: 0, hits: 0 }) })), 'party-history');
  });

  test('a route with many hits (goods of CN origin from CN by post) is a route-history indicator', () => {
    const d = decl();
    const state = consignment([d, PLATFORM], [logistics(d.trackingId as string), CARRIER]);
    let asked = '';
    const ctx = context({
      routeStats: (origin, departure, service) => {
        asked = `${origin} ${departure} ${service}`;
        return { inspections: 2_000, hits: 400 };
      },
    });
    const found = one(computeIndicators(state, ctx), 'route-history');
    assert.equal(asked, 'CN CN post');
    assert.ok(found.score > 0.55, `${found.score}`);
    assert.match(found.message, /CN by post: 400 hits in 2000 inspections/);
  });

  test('an authorised economic operator among the declaring parties lowers the risk: a negative trusted-trader score', () => {
    const state = consignment([decl(), PLATFORM]);
    const found = one(computeIndicators(state, context({ isTrustedTrader: (id) => id === PLATFORM })), 'trusted-trader');
    assert.equal(found.score, -0.5);
    assert.match(found.message, /filer pty_platform is an authorised economic operator/);
  });

  test('the platform\'s EORI is enough to find its AEO authorisation', () => {
    const platform = { name: 'Marketplace', address: { lines: ['1 Platform Way'], city: 'Dublin', country: 'IE' }, taxIds: { eori: 'IE1234567X' } };
    const state = consignment([declaration({ platform }), PLATFORM]);
    const found = one(computeIndicators(state, context({ isTrustedTrader: (id) => id === 'IE1234567X' })), 'trusted-trader');
    assert.equal(found.evidence.party, 'EORI IE1234567X');
    none(computeIndicators(state, context()), 'trusted-trader');
  });
});

describe('computeIndicators', () => {
  test('a consistent, timely, fairly priced parcel from established parties gets no indicator above 0', () => {
    const d = declaration({ sentAt: '2026-11-20T10:00:00Z' });
    const state = consignment(
      [d, PLATFORM, '2026-11-20T10:00:00Z'],
      [payment(d.orderId as string, '29.99'), PAYER, '2026-11-20T10:05:00Z'],
      [logistics(d.trackingId as string), CARRIER, '2026-11-20T12:00:00Z'],
    );
    assert.deepEqual(state.findings, []);
    const shirts: ValueStats = { currency: 'EUR', perUnit: { count: 5_000, p05: '4.00', median: '11.00' }, perKg: { count: 4_000, p05: '20.00', median: '55.00' } };
    const ctx = context({
      valueStats: () => shirts,
      recentParcels: () => [{ id: 'earlier', intrinsicValue: '30.00', currency: 'EUR', at: '2026-11-23T08:00:00Z' }],
      partyStats: () => ({ inspections: 300, hits: 9 }),
      routeStats: () => ({ inspections: 5_000, hits: 240 }),
    });
    const found = computeIndicators(state, ctx);
    for (const i of found) assert.equal(i.score, 0, `${i.code}: ${i.message}`);
    assert.deepEqual(found.map((i) => i.code).sort(), ['party-history', 'route-history']);
    assert.deepEqual(computeIndicators(state, context()), []);
  });

  test('a parcel with much wrong gets each indicator once, every code a named one, every message non-empty', () => {
    const d = declaration({ items: [phone('2.10', { hsCode: '610910' }), { description: 'gift', quantity: 1, unitPrice: '5.00', originCountry: 'CN' }] });
    const state = consignment([logistics(d.trackingId as string), CARRIER, '2026-11-20T12:00:00Z'], [d, PLATFORM, '2026-11-24T07:30:00Z'], [payment(d.orderId as string, '99.00'), PAYER]);
    const ctx = context({
      now: '2026-11-24T07:30:00Z',
      valueStats: () => ({ currency: 'EUR', perUnit: { count: 100, p05: '38.00', median: '120.00' } }),
      partyActivity: () => undefined,
      partyStats: () => ({ inspections: 50, hits: 20 }),
    });
    const found = computeIndicators(state, ctx);
    const codes = found.map((i) => i.code);
    assert.deepEqual(codes, [
      'undervaluation',
      'inconsistent-filings',
      'vague-description',
      'description-hs-mismatch',
      'missing-hs-code',
      'late-advance-data',
      'new-party',
      'party-history',
    ]);
    for (const i of found) {
      assert.ok((indicatorCodes as readonly string[]).includes(i.code));
      assert.equal(typeof i.evidence, 'object', `${i.code} gives its evidence`);
      assert.ok(i.score > 0 && i.score <= 1, `${i.code} ${i.score}`);
      assert.ok(i.message.length > 20);
    }
  });
});
