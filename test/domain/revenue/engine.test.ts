// The revenue engine against synthetic packs: each rule of the engine's semantics (docs/revenue.md) pinned with hand-computed amounts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fee, Pack, Scheme, Threshold } from '../../../src/domain/jurisdiction/index.ts';
import { dec, Fixed } from '../../../src/domain/money/index.ts';
import { indexTariff, roundTo, type Assessment } from '../../../src/domain/revenue/index.ts';
import { adValorem, assessed, basket, DAY, FROM, item, linesOf, pack, run, SRC, summary, tariffLine, vat } from './synthetic.ts';

const threshold = (amount: string, basis: Threshold['basis'], over: Partial<Threshold> = {}): Threshold => ({
  amount,
  basis,
  inclusive: false,
  source: `threshold ${amount}`,
  validFrom: FROM,
  ...over,
});

const fee = (code: string, over: Partial<Fee>): Fee => ({ code, name: `${code} fee`, per: 'consignment', source: `fee ${code}`, validFrom: FROM, ...over });

const ioss = (over: Partial<Scheme> = {}): Scheme => ({
  scheme: 'IOSS',
  name: 'Import One-Stop Shop',
  registrationFormat: '^IM[0-9]{10}$',
  ceiling: { amount: '150', basis: 'intrinsic', inclusive: true },
  covers: ['tax'],
  source: 'IOSS law',
  validFrom: FROM,
  ...over,
});
const IOSS_NUMBER = 'IM2760000001';
const collected = (amount: string, currency = 'EUR', registrationNumber = IOSS_NUMBER) => ({ scheme: 'IOSS', registrationNumber, amount, currency });

const T12 = [adValorem('61', '0.12'), adValorem('85', '0.02')];

describe('revenue engine: destination, currency and rules in force', () => {
  test('a destination the pack does not serve is refused with unknown-destination', () => {
    const r = run(basket([item('610910', '10')], { destination: 'FR' }), pack());
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'unknown-destination');
    assert.equal(!r.ok && r.path, '/destination');
    // Listed destinations replace the home country.
    assert.equal(run(basket([item('610910', '10')], { destination: 'FR' }), pack({ destinations: ['FR', 'AT'] })).ok, true);
    assert.equal(run(basket([item('610910', '10')]), pack({ destinations: ['FR', 'AT'] })).ok, false);
  });

  test('a basket in another currency without a rate is refused with no-exchange-rate', () => {
    const r = run(basket([item('610910', '10')], { currency: 'USD' }), pack(), { rates: { GBP: '0.85' } });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.code, 'no-exchange-rate');
    assert.equal(!r.ok && r.path, '/currency');
  });

  test('foreign prices are divided by perUnit (units of foreign currency per unit of the pack currency)', () => {
    // 1.25 USD per EUR: 100 USD → 80 EUR; shipping 12.50 USD → 10 EUR; CV 90; VAT 20 % → 18.00.
    const a = assessed(basket([item(undefined, '100')], { currency: 'USD', shippingCost: '12.50' }), pack({ taxes: [vat('0.2')] }), { rates: { USD: '1.25' } });
    assert.equal(a.intrinsicValue, '80.00');
    assert.equal(a.customsValue, '90.00');
    assert.equal(a.taxTotal, '18.00');
    assert.equal(a.exchangeRate?.perUnit, '1.25');
    assert.ok(a.notes.some((n) => n.includes('1.25 USD per EUR')));
  });

  test('with no valuation or rounding rule in force on the day the engine refuses with no-rules-in-force', () => {
    const expired = pack({ valuation: [{ basis: 'CIF', taxBase: { transport: false, duty: true, fees: false }, source: SRC, validFrom: FROM, validUntil: '2025-12-31' }] });
    const r = run(basket([item('610910', '10')]), expired);
    assert.equal(!r.ok && r.code, 'no-rules-in-force');
    const later = pack({ rounding: [{ line: { increment: '0.01', mode: 'half-up' }, source: SRC, validFrom: '2027-01-01' }] });
    assert.equal(!run(basket([item('610910', '10')]), later).ok && 'refused', 'refused');
  });
});

describe('revenue engine: values', () => {
  test('shipping enters the customs value under CIF and is apportioned by value', () => {
    // V = 30 + 70 = 100; T = 8 + 2 = 10 → T_A = 3, T_B = 7; CV_A = 33, CV_B = 77, CV = 110.
    // Duty A (61: 12 %) = 33 × 0.12 = 3.96; duty B (85: 2 %) = 77 × 0.02 = 1.54.
    const a = assessed(basket([item('610910', '30'), item('851712', '70')], { shippingCost: '8', insuranceCost: '2' }), pack(), { tariff: T12 });
    assert.equal(a.intrinsicValue, '100.00');
    assert.equal(a.customsValue, '110.00');
    assert.deepEqual(summary(a), [
      ['duty', 'MFN', 0, '3.96', true],
      ['duty', 'MFN', 1, '1.54', true],
    ]);
    assert.ok(dec(a.lines[0]!.basis).eq(33));
    assert.ok(dec(a.lines[1]!.basis).eq(77));
  });

  test('FOB leaves transport out of the customs value', () => {
    // CV_A = 30 → 3.60; CV_B = 70 → 1.40.
    const fob = pack({ valuation: [{ basis: 'FOB', taxBase: { transport: false, duty: true, fees: false }, source: SRC, validFrom: FROM }] });
    const a = assessed(basket([item('610910', '30'), item('851712', '70')], { shippingCost: '8', insuranceCost: '2' }), fob, { tariff: T12 });
    assert.equal(a.customsValue, '100.00');
    assert.deepEqual(summary(a).map((l) => l[3]), ['3.60', '1.40']);
  });

  test('a FOB pack adds transport to the tax base only when taxBase.transport', () => {
    // Item 100, shipping 20, VAT 10 %, no duty. FOB + transport: base 120 → 12.00. FOB without: base 100 → 10.00.
    // CIF with the flag set: transport is in the customs value already and is not added twice: 120 → 12.00.
    const b = basket([item(undefined, '100')], { shippingCost: '20' });
    const withBasis = (basis: 'CIF' | 'FOB', transport: boolean) =>
      pack({ taxes: [vat('0.1')], valuation: [{ basis, taxBase: { transport, duty: true, fees: false }, source: SRC, validFrom: FROM }] });
    assert.equal(assessed(b, withBasis('FOB', true)).taxTotal, '12.00');
    assert.equal(assessed(b, withBasis('FOB', false)).taxTotal, '10.00');
    assert.equal(assessed(b, withBasis('CIF', true)).taxTotal, '12.00');
    assert.ok(dec(linesOf(assessed(b, withBasis('FOB', true)), 'tax')[0]!.basis).eq(120));
  });

  test('transport is shared equally when the goods have no value', () => {
    // Two items at 0, shipping 10: T_i = 5 each; CV_i = 5; duty 12 % = 0.60 each.
    const a = assessed(basket([item('610910', '0'), item('610920', '0')], { shippingCost: '10' }), pack(), { tariff: T12 });
    assert.equal(a.customsValue, '10.00');
    assert.deepEqual(summary(a).map((l) => l[3]), ['0.60', '0.60']);
  });

  test('a personal-use factor values the goods at a share of the price, transport then added under CIF', () => {
    // Goods 100 × 0.6 = 60; + shipping 10 = CV 70; intrinsic stays 100; duty 12 % = 8.40.
    const p = pack({ valuation: [{ basis: 'CIF', taxBase: { transport: false, duty: true, fees: false }, personalUseFactor: '0.6', source: 'personal use rule', validFrom: FROM }] });
    const a = assessed(basket([item('610910', '100')], { shippingCost: '10' }), p, { tariff: T12 });
    assert.equal(a.intrinsicValue, '100.00');
    assert.equal(a.customsValue, '70.00');
    assert.equal(a.dutyTotal, '8.40');
    assert.ok(a.notes.some((n) => n.includes('60%') && n.includes('personal use rule')));
  });
});

describe('revenue engine: thresholds', () => {
  const p22 = (over: Partial<Threshold> = {}) => pack({ taxes: [vat('0.2')], taxDeMinimis: [threshold('22', 'intrinsic', over)] });

  test('an intrinsic tax de minimis ignores transport, and an exclusive one does not relieve the amount itself', () => {
    // 21.99 + shipping 10: intrinsic 21.99 < 22 → no tax. 22.00: not < 22 → VAT on CV 32 = 6.40.
    const relieved = assessed(basket([item(undefined, '21.99')], { shippingCost: '10' }), p22());
    assert.equal(relieved.taxTotal, '0.00');
    assert.equal(relieved.lines.length, 0);
    assert.ok(relieved.notes.some((n) => n.startsWith('tax relief') && n.includes('threshold 22')));
    assert.equal(assessed(basket([item(undefined, '22.00')], { shippingCost: '10' }), p22()).taxTotal, '6.40');
  });

  test('an inclusive threshold relieves the amount itself', () => {
    assert.equal(assessed(basket([item(undefined, '22.00')], { shippingCost: '10' }), p22({ inclusive: true })).taxTotal, '0.00');
    assert.equal(assessed(basket([item(undefined, '22.01')], { shippingCost: '10' }), p22({ inclusive: true })).taxTotal, '6.40');
  });

  test('a customs-value threshold counts transport under CIF', () => {
    // Duty de minimis CV ≤ 150. 140 + 10 = 150 → relieved; 145 + 10 = 155 → 12 % × 155 = 18.60.
    const p = pack({ dutyDeMinimis: [threshold('150', 'customs-value', { inclusive: true })] });
    assert.equal(assessed(basket([item('610910', '140')], { shippingCost: '10' }), p, { tariff: T12 }).dutyTotal, '0.00');
    assert.equal(assessed(basket([item('610910', '145')], { shippingCost: '10' }), p, { tariff: T12 }).dutyTotal, '18.60');
  });

  test('an item above a per-item threshold is not relieved while the others are', () => {
    // GST 15 % per item ≤ 100: item 0 at 100.00 relieved (inclusive), item 1 at 100.01 → 15.0015 → 15.00.
    const p = pack({ taxes: [vat('0.15', 'GST')], taxDeMinimis: [threshold('100', 'item', { inclusive: true })] });
    const a = assessed(basket([item(undefined, '100.00'), item(undefined, '100.01')]), p);
    assert.deepEqual(summary(a), [['tax', 'GST', 1, '15.00', true]]);
  });

  test('a per-item threshold looks at the unit price, not the line total', () => {
    // 3 × 40 = 120 on the line, unit 40 ≤ 100 → relieved.
    const p = pack({ taxes: [vat('0.15', 'GST')], taxDeMinimis: [threshold('100', 'item', { inclusive: true })] });
    assert.equal(assessed(basket([item(undefined, '40', 3)]), p).taxTotal, '0.00');
  });

  test('items of an excluded HS prefix are never relieved by the threshold', () => {
    // Intrinsic 10 < 22, but beer (2203) is excluded: VAT 20 % × 5 = 1.00 stays; the T-shirt is relieved.
    const a = assessed(basket([item('220300', '5'), item('610910', '5')]), p22({ excludedHs: ['22', '24'] }));
    assert.deepEqual(summary(a), [['tax', 'VAT', 0, '1.00', true]]);
  });

  test('the most specific threshold (services + departureCountries) wins', () => {
    const p = pack({
      taxes: [vat('0.1')],
      taxDeMinimis: [
        threshold('20', 'intrinsic', { inclusive: true }),
        threshold('40', 'intrinsic', { inclusive: true, services: ['courier'] }),
        threshold('150', 'intrinsic', { inclusive: true, services: ['courier'], departureCountries: ['US', 'MX'] }),
        threshold('100', 'intrinsic', { inclusive: true, departureCountries: ['US'] }),
      ],
    });
    const tax = (price: string, over: { service?: string; departureCountry?: string }) => assessed(basket([item(undefined, price)], over), p).taxTotal;
    assert.equal(tax('120', { service: 'courier', departureCountry: 'US' }), '0.00'); // 150 (two filters) beats 100 and 40
    assert.equal(tax('160', { service: 'courier', departureCountry: 'US' }), '16.00');
    assert.equal(tax('30', { service: 'courier', departureCountry: 'CN' }), '0.00'); // 40 (courier only)
    assert.equal(tax('45', { service: 'courier', departureCountry: 'CN' }), '4.50');
    assert.equal(tax('90', { departureCountry: 'US' }), '0.00'); // 100 (departure only)
    assert.equal(tax('101', { departureCountry: 'US' }), '10.10');
  });

  test('a threshold with a filter does not match a basket lacking that field; the unfiltered one applies', () => {
    const p = pack({
      taxes: [vat('0.1')],
      taxDeMinimis: [threshold('20', 'intrinsic', { inclusive: true }), threshold('150', 'intrinsic', { inclusive: true, services: ['courier'] })],
    });
    // No service on the basket: the CAD 20-style general threshold applies, 30 > 20 → 3.00.
    assert.equal(assessed(basket([item(undefined, '30')]), p).taxTotal, '3.00');
  });

  test('among equally specific thresholds the first wins', () => {
    const p = pack({ taxes: [vat('0.1')], taxDeMinimis: [threshold('10', 'intrinsic'), threshold('100', 'intrinsic')] });
    assert.equal(assessed(basket([item(undefined, '50')]), p).taxTotal, '5.00');
  });

  test('a threshold not in force on the day is ignored', () => {
    // The EUR 22 VAT exemption ended: from 2021-07-01 no relief; 10 → VAT 2.00.
    const p = pack({ taxes: [vat('0.2')], taxDeMinimis: [threshold('22', 'intrinsic', { validUntil: '2021-06-30' })] });
    assert.equal(assessed(basket([item(undefined, '10')]), p, { day: '2021-06-30' }).taxTotal, '0.00');
    assert.equal(assessed(basket([item(undefined, '10')]), p, { day: '2021-07-01' }).taxTotal, '2.00');
  });

  test('a duty-amount de minimis drops a duty at or under its amount, and the dropped duty leaves the tax base', () => {
    // Duty ≤ 10 not collected. 80 × 12 % = 9.60 → dropped; VAT 20 % on 80 = 16.00.
    // 90 × 12 % = 10.80 → kept; VAT on 100.80 = 20.16.
    const p = pack({ taxes: [vat('0.2')], dutyDeMinimis: [threshold('10', 'duty-amount', { inclusive: true })] });
    const low = assessed(basket([item('610910', '80')]), p, { tariff: T12 });
    assert.deepEqual(summary(low), [['tax', 'VAT', 0, '16.00', true]]);
    const high = assessed(basket([item('610910', '90')]), p, { tariff: T12 });
    assert.deepEqual(summary(high), [
      ['duty', 'MFN', 0, '10.80', true],
      ['tax', 'VAT', 0, '20.16', true],
    ]);
  });

  test('a tax-amount de minimis drops tax of CHF 5 or less', () => {
    // CHF, VAT 8 %, tax ≤ 5 not collected. 62.50 × 0.08 = 5.00 → dropped. 63.00 × 0.08 = 5.04 → kept, 0.05 rounding → 5.05.
    const p = pack({
      homeCountry: 'CH',
      currency: 'CHF',
      taxes: [vat('0.08')],
      taxDeMinimis: [threshold('5', 'tax-amount', { inclusive: true })],
      rounding: [{ line: { increment: '0.05', mode: 'half-up' }, source: SRC, validFrom: FROM }],
    });
    const ch = (price: string) => assessed(basket([item(undefined, price)], { destination: 'CH', currency: 'CHF' }), p);
    assert.equal(ch('62.50').taxTotal, '0.00');
    assert.equal(ch('62.50').lines.length, 0);
    assert.equal(ch('63.00').taxTotal, '5.05');
    // The total is measured, not each line: two items of 40 owe 3.20 each (≤ 5) but 6.40 together (> 5) → kept.
    const two = assessed(basket([item(undefined, '40'), item(undefined, '40')], { destination: 'CH', currency: 'CHF' }), p);
    assert.equal(two.taxTotal, '6.40');
  });

  test('a non-commercial gift within the relief pays no duty and no tax; a gift via a platform does not qualify', () => {
    // Gift relief intrinsic ≤ 45. Gift of 45: nothing. Same through a platform: 12 % duty 5.40, VAT 20 % on 50.40 = 10.08.
    const p = pack({ taxes: [vat('0.2')], giftRelief: [threshold('45', 'intrinsic', { inclusive: true, source: 'gift law' })] });
    const gift = assessed(basket([item('610910', '45')], { transaction: 'gift' }), p, { tariff: T12 });
    assert.equal(gift.total, '0.00');
    assert.equal(gift.lines.length, 0);
    assert.ok(gift.notes.some((n) => n.includes('gift') && n.includes('gift law')));
    const platform = assessed(basket([item('610910', '45')], { transaction: 'gift', viaPlatform: true }), p, { tariff: T12 });
    assert.equal(platform.total, '15.48');
    assert.equal(assessed(basket([item('610910', '45.01')], { transaction: 'gift' }), p, { tariff: T12 }).dutyTotal, '5.40');
    assert.equal(assessed(basket([item('610910', '45')], { transaction: 'sale' }), p, { tariff: T12 }).total, '15.48');
  });

  test('documents with no commercial value owe nothing, fees included; documents with a value are assessed', () => {
    const p = pack({ taxes: [vat('0.2')], fees: [fee('PROC', { amount: '2.00' })] });
    const docs = assessed(basket([item('490700', '0')], { transaction: 'documents', shippingCost: '10' }), p);
    assert.equal(docs.total, '0.00');
    assert.equal(docs.lines.length, 0);
    // 5 + shipping 10 = CV 15; VAT 3.00; fee 2.00.
    assert.equal(assessed(basket([item('490700', '5')], { transaction: 'documents', shippingCost: '10' }), p).total, '5.00');
  });
});

describe('revenue engine: duty', () => {
  test('the longest tariff prefix in force on the day applies', () => {
    const tariff = [adValorem('61', '0.12'), adValorem('6109', '0.10'), tariffLine('610910', { adValorem: '0.08' }, { validUntil: '2025-12-31' })];
    // 2025: 610910 (8 %) → 8.00 on 100. 2026: 610910 ended → 6109 (10 %) → 10.00. 6110 → 61 (12 %).
    assert.equal(assessed(basket([item('6109100010', '100')]), pack(), { tariff, day: '2025-12-31' }).dutyTotal, '8.00');
    assert.equal(assessed(basket([item('6109100010', '100')]), pack(), { tariff, day: '2026-01-01' }).dutyTotal, '10.00');
    assert.equal(assessed(basket([item('611020', '100')]), pack(), { tariff }).dutyTotal, '12.00');
  });

  test('a tariff line no longer in force is skipped, and one not yet in force is not used', () => {
    const tariff = [
      tariffLine('8517', { adValorem: '0.03' }, { validUntil: '2025-12-31' }),
      tariffLine('851712', { adValorem: '0.05' }, { validFrom: '2027-01-01' }),
    ];
    const a = assessed(basket([item('851712', '100')]), pack(), { tariff });
    assert.equal(a.dutyTotal, '0.00');
    assert.ok(a.findings.some((f) => f.code === 'no-tariff-line'));
  });

  test('a later tariff source overrides an earlier line for the same prefix', () => {
    const lookup = indexTariff([adValorem('6109', '0.12')], [adValorem('6109', '0.09')]);
    assert.equal(lookup('610910', DAY)?.duty.adValorem, '0.09');
  });

  test('an item without a tariff line pays no duty (no-tariff-line); one without an HS code pays none either (missing-hs-code)', () => {
    // Semantics 7: "No hsCode or no tariff line → duty 0 for the item and a finding no-tariff-line".
    const noLine = assessed(basket([item('970100', '100')]), pack(), { tariff: T12 });
    assert.equal(noLine.dutyTotal, '0.00');
    assert.deepEqual(noLine.findings.map((f) => f.code), ['no-tariff-line']);
    const noCode = assessed(basket([item(undefined, '100')]), pack(), { tariff: T12 });
    assert.equal(noCode.dutyTotal, '0.00');
    assert.deepEqual(noCode.findings.map((f) => f.code), ['missing-hs-code']);
  });

  test('a specific duty per kg applies to the item line\'s net mass', () => {
    // EUR 2.50/kg × 1.2 kg = 3.00; the line's basis is the mass.
    const tariff = [tariffLine('0901', { specific: { amount: '2.50', unit: 'kg' } })];
    const a = assessed(basket([item('090121', '20', 2, { netMassKg: '1.2' })]), pack(), { tariff });
    assert.deepEqual(summary(a), [['duty', 'MFN', 0, '3.00', true]]);
    assert.ok(dec(a.lines[0]!.basis).eq('1.2'));
    assert.equal(a.lines[0]!.rate, 'EUR 2.50/kg');
  });

  test('specific duty per kg with gross mass apportioned by value when the net mass is missing', () => {
    // Gross 2 kg; values 30 and 10 → 1.5 kg and 0.5 kg → 3.75 and 1.25; a note says so.
    const tariff = [tariffLine('0901', { specific: { amount: '2.50', unit: 'kg' } })];
    const a = assessed(basket([item('090121', '30'), item('090122', '10')], { grossMassKg: '2' }), pack(), { tariff });
    assert.deepEqual(summary(a).map((l) => l[3]), ['3.75', '1.25']);
    assert.ok(a.notes.some((n) => n.includes('gross mass')));
    assert.equal(a.findings.length, 0);
  });

  test('a duty per kg with no mass at all gives a mass-missing finding and no specific part', () => {
    const tariff = [tariffLine('0901', { specific: { amount: '2.50', unit: 'kg' } })];
    const a = assessed(basket([item('090121', '30')]), pack(), { tariff });
    assert.equal(a.dutyTotal, '0.00');
    assert.deepEqual(a.findings.map((f) => f.code), ['mass-missing']);
  });

  test('a specific duty per pair or per item counts the quantity', () => {
    // EUR 1.20 per pair × 3 = 3.60.
    const tariff = [tariffLine('6403', { specific: { amount: '1.20', unit: 'pair' } })];
    assert.equal(assessed(basket([item('640399', '50', 3)]), pack(), { tariff }).dutyTotal, '3.60');
  });

  test('a compound duty sums its parts by default', () => {
    // 8 % × 100 = 8 + EUR 0.50/kg × 2 kg = 1 → 9.00.
    const tariff = [tariffLine('2204', { adValorem: '0.08', specific: { amount: '0.50', unit: 'kg' } })];
    const a = assessed(basket([item('220421', '100', 1, { netMassKg: '2' })]), pack(), { tariff });
    assert.equal(a.dutyTotal, '9.00');
    assert.equal(a.lines[0]!.rate, '8% + EUR 0.50/kg');
  });

  test('a compound duty with combine max takes the higher part, with min the lower', () => {
    // 8 % × 100 = 8 vs 0.50 × 2 kg = 1 and 0.50 × 20 kg = 10.
    const rate = (combine: 'max' | 'min') => [tariffLine('2204', { adValorem: '0.08', specific: { amount: '0.50', unit: 'kg' }, combine })];
    const duty = (combine: 'max' | 'min', kg: string) => assessed(basket([item('220421', '100', 1, { netMassKg: kg })]), pack(), { tariff: rate(combine) }).dutyTotal;
    assert.equal(duty('max', '2'), '8.00');
    assert.equal(duty('max', '20'), '10.00');
    assert.equal(duty('min', '2'), '1.00');
    assert.equal(duty('min', '20'), '8.00');
  });

  test('a flat duty per tariff subheading counts distinct 6-digit codes', () => {
    // 6109100010 and 6109109000 share 610910; 610920; an item without a code counts on its own → 3 × EUR 3.00 = 9.00.
    const p = pack({ flatDuties: [{ amount: '3.00', per: 'tariff-subheading', ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: 'flat duty law', validFrom: FROM }] });
    const a = assessed(basket([item('6109100010', '10'), item('6109109000', '10'), item('6109200000', '10'), item(undefined, '10')]), p, { tariff: T12 });
    assert.deepEqual(summary(a), [
      ['duty', 'FLAT', 0, '3.00', true],
      ['duty', 'FLAT', 2, '3.00', true],
      ['duty', 'FLAT', 3, '3.00', true],
    ]);
    assert.equal(a.lines[0]!.rate, 'EUR 3.00 per tariff subheading');
    assert.equal(a.lines[0]!.source, 'flat duty law');
  });

  test('a flat duty per item multiplies by the total quantity, per consignment it is charged once', () => {
    const flat = (per: 'item' | 'consignment') => pack({ flatDuties: [{ amount: '1.00', per, ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: SRC, validFrom: FROM }] });
    const b = basket([item('610910', '10', 2), item('851712', '10', 3)]);
    assert.equal(assessed(b, flat('item'), { tariff: T12 }).dutyTotal, '5.00'); // (2 + 3) × 1.00
    assert.deepEqual(summary(assessed(b, flat('consignment'), { tariff: T12 })), [['duty', 'FLAT', null, '1.00', true]]);
  });

  test('above its ceiling the flat duty gives way to the tariff', () => {
    // 150.01 > 150 → 12 % × 150.01 = 18.0012 → 18.00.
    const p = pack({ flatDuties: [{ amount: '3.00', per: 'tariff-subheading', ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: SRC, validFrom: FROM }] });
    assert.deepEqual(summary(assessed(basket([item('610910', '150.01')]), p, { tariff: T12 })), [['duty', 'MFN', 0, '18.00', true]]);
  });

  test('a flat duty limited to schemes applies only when the tax was collected under a recognised scheme', () => {
    const p = pack({
      taxes: [vat('0.2')],
      schemes: [ioss()],
      flatDuties: [{ amount: '3.00', per: 'tariff-subheading', schemes: ['IOSS'], ceiling: { amount: '150', basis: 'intrinsic', inclusive: true }, source: SRC, validFrom: FROM }],
    });
    const b = (over = {}) => basket([item('610910', '100')], over);
    assert.equal(assessed(b(), p, { tariff: T12 }).lines[0]!.code, 'MFN');
    assert.equal(assessed(b({ taxCollected: collected('20.60') }), p, { tariff: T12 }).lines[0]!.code, 'FLAT');
    // Registered elsewhere only: not recognised → tariff.
    assert.equal(assessed(b({ taxCollected: collected('20.60') }), p, { tariff: T12, registry: [] }).lines[0]!.code, 'MFN');
  });

  test('a regime scales duty and taxes; a tax on a tax is computed on the normal amount', () => {
    // CNY, regime ≤ 5000 via a platform: duty × 0, taxes × 0.7. Item 3304 at 1000, tariff 10 %.
    // CT inclusive 15 %: normal = 1000 × 0.15 / 0.85 = 176.470588…; due × 0.7 = 123.529411… → 123.53.
    // VAT 13 % on CV + CT: normal = (1000 + 176.470588…) × 0.13 = 152.941176…; due × 0.7 = 107.058823… → 107.06.
    // (China's cross-border e-commerce rule: 70 % of the statutory amount of each tax.)
    const p = pack({
      homeCountry: 'CN',
      currency: 'CNY',
      taxes: [
        { code: 'CT', name: 'consumption tax', inclusive: true, rates: [{ rate: '0.15', hsPrefixes: ['3304'], name: 'cosmetics', source: 'CT law', validFrom: FROM }] },
        { code: 'VAT', name: 'VAT', onTaxes: ['CT'], rates: [{ rate: '0.13', name: 'standard', source: 'VAT law', validFrom: FROM }] },
      ],
      regimes: [{ code: 'CBEC', name: 'cross-border e-commerce retail', ceiling: { amount: '5000', basis: 'intrinsic', inclusive: true }, dutyFactor: '0', taxFactor: '0.7', requiresPlatform: true, source: 'CBEC notice', validFrom: FROM }],
    });
    const b = (viaPlatform: boolean) => basket([item('330499', '1000')], { destination: 'CN', currency: 'CNY', viaPlatform });
    const tariff = [adValorem('3304', '0.10')];
    assert.deepEqual(summary(assessed(b(true), p, { tariff })), [
      ['duty', 'MFN', 0, '0.00', true],
      ['tax', 'CT', 0, '123.53', true],
      ['tax', 'VAT', 0, '107.06', true],
    ]);
    // Without a platform no regime: duty 100; CT (1100) × 0.15 / 0.85 = 194.117647… → 194.12; VAT (1100 + 194.117647…) × 0.13 = 168.235294… → 168.24.
    assert.deepEqual(summary(assessed(b(false), p, { tariff })).map((l) => l[3]), ['100.00', '194.12', '168.24']);
  });
});

describe('revenue engine: fees', () => {
  test('a fixed fee is charged per consignment, per item line or per tariff subheading', () => {
    const b = basket([item('6109100010', '10', 3), item('6109109000', '10'), item('851712', '10')]);
    const feeOf = (per: Fee['per']) => assessed(b, pack({ fees: [fee('F', { amount: '1.50', per })] })).feesTotal;
    assert.equal(feeOf('consignment'), '1.50');
    assert.equal(feeOf('item'), '4.50'); // 3 item lines
    assert.equal(feeOf('tariff-subheading'), '3.00'); // 610910, 851712
  });

  test('an ad valorem fee on the customs value is clamped to its minimum and maximum', () => {
    // 0.3464 %: CV 1000 → 3.464 → minimum 33.58; 10000 → 34.64; 200000 → 692.80 → maximum 651.50.
    const p = pack({ fees: [fee('MPF', { rate: '0.003464', minimum: '33.58', maximum: '651.50' })] });
    const mpf = (price: string) => assessed(basket([item(undefined, price)]), p).feesTotal;
    assert.equal(mpf('1000'), '33.58');
    assert.equal(mpf('10000'), '34.64');
    assert.equal(mpf('200000'), '651.50');
  });

  test('a fee applies only above (exclusive) or up to (inclusive) its customs values, for its services and regions', () => {
    const p = pack({
      destinations: ['DE', 'AT'],
      fees: [
        fee('HIGH', { amount: '10', when: { above: '1000' } }),
        fee('LOW', { amount: '1', when: { upTo: '1000' } }),
        fee('POST', { amount: '2', when: { services: ['post'] } }),
        fee('AT', { amount: '4', when: { regions: ['AT'] } }),
      ],
    });
    const codes = (price: string, over = {}) => linesOf(assessed(basket([item(undefined, price)], over), p), 'fee').map((l) => l.code);
    assert.deepEqual(codes('1000'), ['LOW']);
    assert.deepEqual(codes('1000.01'), ['HIGH']);
    assert.deepEqual(codes('10', { service: 'post' }), ['LOW', 'POST']);
    assert.deepEqual(codes('10', { destination: 'AT' }), ['LOW', 'AT']);
  });

  test('fees enter the tax base when taxBase.fees, apportioned by value share', () => {
    // Fee 10; items 30 (VAT 20 %) and 70 (books 5 %). Shares 3 and 7: VAT 33 × 0.2 = 6.60, 77 × 0.05 = 3.85.
    // Without the flag: 6.00 and 3.50.
    const taxes = [{ code: 'VAT', name: 'VAT', rates: [
      { rate: '0.2', name: 'standard', source: SRC, validFrom: FROM },
      { rate: '0.05', name: 'books', hsPrefixes: ['4901'], source: SRC, validFrom: FROM },
    ] }];
    const withFees = (fees: boolean) => pack({ taxes, fees: [fee('PROC', { amount: '10' })], valuation: [{ basis: 'CIF', taxBase: { transport: false, duty: true, fees }, source: SRC, validFrom: FROM }] });
    const b = basket([item('610910', '30'), item('490199', '70')]);
    assert.deepEqual(linesOf(assessed(b, withFees(true)), 'tax').map((l) => l.amount), ['6.60', '3.85']);
    assert.deepEqual(linesOf(assessed(b, withFees(false)), 'tax').map((l) => l.amount), ['6.00', '3.50']);
    assert.equal(assessed(b, withFees(true)).feesTotal, '10.00');
  });

  test('fees conditional on dueAtBorder are added only when something is due', () => {
    // Handling fee 5 when duty or tax is collected at the border; VAT 20 %, de minimis < 22.
    const p = pack({ taxes: [vat('0.2')], taxDeMinimis: [threshold('22', 'intrinsic')], schemes: [ioss()], fees: [fee('HANDLING', { amount: '5', when: { dueAtBorder: true } })] });
    // 20: relieved → nothing due → no fee.
    assert.equal(assessed(basket([item(undefined, '20')]), p).total, '0.00');
    // 30: VAT 6.00 due → fee 5.00.
    assert.deepEqual(summary(assessed(basket([item(undefined, '30')]), p)), [
      ['tax', 'VAT', 0, '6.00', true],
      ['fee', 'HANDLING', null, '5.00', true],
    ]);
    // 30 under IOSS: VAT collected at checkout, nothing at the border → no fee.
    const viaIoss = assessed(basket([item(undefined, '30')], { taxCollected: collected('6.00') }), p);
    assert.deepEqual(summary(viaIoss), [['tax', 'VAT', 0, '6.00', false]]);
    assert.equal(viaIoss.dueAtBorder, '0.00');
  });
  test('a fee conditional on dueAtBorder is not added when the duty due rounds to nothing', () => {
    // CHF 5.00/kg × 0.001 kg = 0.005 → line 0.00 at 0.05 rounding: nothing is collected, so no handling fee.
    // 0.01 kg → 0.05 due → fee 11.50.
    const p = pack({
      homeCountry: 'CH',
      currency: 'CHF',
      rounding: [{ line: { increment: '0.05', mode: 'half-up' }, source: SRC, validFrom: FROM }],
      fees: [fee('HANDLING', { amount: '11.50', when: { dueAtBorder: true } })],
    });
    const tariff = [tariffLine('61', { specific: { amount: '5.00', unit: 'kg' } })];
    const ch = (kg: string) => assessed(basket([item('610910', '0.01', 1, { netMassKg: kg })], { destination: 'CH', currency: 'CHF' }), p, { tariff });
    assert.equal(ch('0.001').total, '0.00');
    assert.equal(ch('0.001').feesTotal, '0.00');
    assert.equal(ch('0.01').total, '11.55');
  });
});

describe('revenue engine: taxes', () => {
  test('a region\'s rate beats the general one, and the longest HS prefix wins among them', () => {
    const p = pack({
      destinations: ['DE', 'AT'],
      taxes: [{ code: 'VAT', name: 'VAT', rates: [
        { rate: '0.2', name: 'standard', source: SRC, validFrom: FROM },
        { rate: '0.19', region: 'DE', name: 'standard', source: SRC, validFrom: FROM },
        { rate: '0.07', region: 'DE', hsPrefixes: ['49'], name: 'reduced', source: SRC, validFrom: FROM },
        { rate: '0', region: 'DE', hsPrefixes: ['4901', '4902'], name: 'zero', source: SRC, validFrom: FROM },
      ] }],
    });
    const rate = (hs: string | undefined, destination = 'DE') => linesOf(assessed(basket([item(hs, '100')], { destination }), p), 'tax')[0]?.amount;
    assert.equal(rate('490110'), '0.00');
    assert.equal(rate('491199'), '7.00');
    assert.equal(rate('610910'), '19.00');
    assert.equal(rate(undefined), '19.00');
    assert.equal(rate('610910', 'AT'), '20.00');
    assert.match(linesOf(assessed(basket([item('491199', '100')]), p), 'tax')[0]!.rate, /^7%/);
  });

  test('an item no rate of a tax covers gets no line for that tax', () => {
    // Excise only on HS 22: the T-shirt has no EXC line.
    const p = pack({ taxes: [{ code: 'EXC', name: 'excise', rates: [{ rate: '0.5', hsPrefixes: ['22'], name: 'alcohol', source: SRC, validFrom: FROM }] }] });
    const a = assessed(basket([item('220300', '10'), item('610910', '10')]), p);
    assert.deepEqual(summary(a), [['tax', 'EXC', 0, '5.00', true]]);
  });

  test('the tax rate in force on the day applies', () => {
    const p = pack({ taxes: [{ code: 'VAT', name: 'VAT', rates: [
      { rate: '0.2', name: 'standard', source: SRC, validFrom: FROM, validUntil: '2025-12-31' },
      { rate: '0.21', name: 'standard', source: SRC, validFrom: '2026-01-01' },
    ] }] });
    assert.equal(assessed(basket([item(undefined, '100')]), p, { day: '2025-12-31' }).taxTotal, '20.00');
    assert.equal(assessed(basket([item(undefined, '100')]), p, { day: '2026-01-01' }).taxTotal, '21.00');
  });

  test('duty enters the tax base only when taxBase.duty', () => {
    // 100 + duty 12 = 112 × 20 % = 22.40; without: 20.00.
    const p = (duty: boolean) => pack({ taxes: [vat('0.2')], valuation: [{ basis: 'CIF', taxBase: { transport: false, duty, fees: false }, source: SRC, validFrom: FROM }] });
    assert.equal(assessed(basket([item('610910', '100')]), p(true), { tariff: T12 }).taxTotal, '22.40');
    assert.equal(assessed(basket([item('610910', '100')]), p(false), { tariff: T12 }).taxTotal, '20.00');
  });

  const taxOnTax = (inclusive = false) =>
    pack({
      taxes: [
        { code: 'CT', name: 'consumption tax', inclusive, rates: [{ rate: '0.15', hsPrefixes: ['3304'], name: 'cosmetics', source: SRC, validFrom: FROM }] },
        { code: 'VAT', name: 'VAT', onTaxes: ['CT'], rates: [{ rate: '0.13', name: 'standard', source: SRC, validFrom: FROM }] },
      ],
    });

  test('tax on tax: VAT on a base that includes consumption tax', () => {
    // CT 15 % × 100 = 15; VAT 13 % × (100 + 15) = 14.95. The T-shirt pays no CT: VAT 13 % × 100 = 13.00.
    const a = assessed(basket([item('330499', '100'), item('610910', '100')]), taxOnTax());
    assert.deepEqual(summary(a), [
      ['tax', 'CT', 0, '15.00', true],
      ['tax', 'VAT', 0, '14.95', true],
      ['tax', 'VAT', 1, '13.00', true],
    ]);
  });

  test('tax on tax uses the unrounded amount of the inner tax', () => {
    // CV 11.94: CT = 1.791 (line 1.79); VAT = (11.94 + 1.791) × 0.13 = 1.78503 → 1.79 (on the rounded 13.73 it would be 1.7849 → 1.78).
    const a = assessed(basket([item('330499', '11.94')]), taxOnTax());
    assert.deepEqual(summary(a).map((l) => l[3]), ['1.79', '1.79']);
  });

  test('an inclusive tax uses base × r / (1 − r)', () => {
    // CV 85: CT = 85 × 0.15 / 0.85 = 15.00; VAT = (85 + 15) × 0.13 = 13.00.
    const a = assessed(basket([item('330499', '85')]), taxOnTax(true));
    assert.deepEqual(summary(a).map((l) => l[3]), ['15.00', '13.00']);
  });
});

describe('revenue engine: schemes', () => {
  const p = pack({ taxes: [vat('0.2')], schemes: [ioss()] });
  // Items here carry no HS code (each is a no-tariff-line finding): only the scheme's findings matter.
  const schemeFindings = (a: Assessment) => a.findings.map((f) => f.code).filter((c) => c !== 'no-tariff-line' && c !== 'missing-hs-code');

  test('a well-formed IOSS number is accepted on its format when no registry is loaded, with a note', () => {
    const a = assessed(basket([item(undefined, '100')], { taxCollected: collected('20.00') }), p);
    assert.equal(a.scheme?.recognised, true);
    assert.match(a.scheme!.reason, /no registry loaded/);
    assert.deepEqual(summary(a), [['tax', 'VAT', 0, '20.00', false]]);
    assert.equal(a.total, '20.00');
    assert.equal(a.dueAtBorder, '0.00');
    assert.equal(a.alreadyCollected, '20.00');
    assert.equal(a.collectedBy, 'vendor');
    assert.deepEqual(schemeFindings(a), []);
  });

  test('a scheme number collected by a marketplace makes the intermediary the collector', () => {
    const a = assessed(basket([item(undefined, '100')], { viaPlatform: true, taxCollected: collected('20.00') }), p, { registry: [IOSS_NUMBER] });
    assert.equal(a.collectedBy, 'intermediary');
    assert.match(a.scheme!.reason, /found in the registry/);
  });

  test('an unregistered IOSS number is not recognised and the tax is due at the border', () => {
    const a = assessed(basket([item(undefined, '100')], { taxCollected: collected('20.00') }), p, { registry: ['IM2760000002'] });
    assert.equal(a.scheme?.recognised, false);
    assert.deepEqual(schemeFindings(a), ['scheme-not-recognised']);
    assert.deepEqual(summary(a), [['tax', 'VAT', 0, '20.00', true]]);
    assert.equal(a.dueAtBorder, '20.00');
    assert.equal(a.alreadyCollected, '0.00');
    assert.equal(a.collectedBy, null);
  });

  test('a malformed number, an unknown scheme and a consignment over the ceiling are not recognised', () => {
    const reasons = [
      basket([item(undefined, '100')], { taxCollected: collected('20.00', 'EUR', 'IM27600000') }),
      basket([item(undefined, '100')], { taxCollected: { ...collected('20.00'), scheme: 'VOEC' } }),
      basket([item(undefined, '150.01')], { taxCollected: collected('30.00') }),
    ].map((b) => assessed(b, p));
    for (const a of reasons) {
      assert.equal(a.scheme?.recognised, false);
      assert.equal(a.dueAtBorder, a.total);
      assert.ok(a.findings.some((f) => f.code === 'scheme-not-recognised'));
    }
    // At the ceiling (inclusive) it is recognised.
    assert.equal(assessed(basket([item(undefined, '150')], { taxCollected: collected('30.00') }), p).scheme?.recognised, true);
  });

  test('an item-basis scheme ceiling looks at every unit price', () => {
    // GST LVIG-style: each item ≤ 1000; 2 × 600 is fine, one item at 1000.01 is not.
    const q = pack({ taxes: [vat('0.1')], schemes: [ioss({ ceiling: { amount: '1000', basis: 'item', inclusive: true } })] });
    assert.equal(assessed(basket([item(undefined, '600', 2)], { taxCollected: collected('120') }), q).scheme?.recognised, true);
    assert.equal(assessed(basket([item(undefined, '1000.01')], { taxCollected: collected('100') }), q).scheme?.recognised, false);
  });

  test('a recognised scheme keeps the tax a de minimis would drop, owed at checkout', () => {
    // 10 < 22: without a scheme no VAT; with IOSS the VAT of 2.00 is owed at checkout, not at the border.
    const q = pack({ taxes: [vat('0.2')], schemes: [ioss()], taxDeMinimis: [threshold('22', 'intrinsic')] });
    assert.equal(assessed(basket([item(undefined, '10')]), q).taxTotal, '0.00');
    assert.deepEqual(summary(assessed(basket([item(undefined, '10')], { taxCollected: collected('2.00') }), q)), [['tax', 'VAT', 0, '2.00', false]]);
  });

  test('collecting less than the covered amount is a tax-shortfall finding', () => {
    const short = assessed(basket([item(undefined, '100')], { taxCollected: collected('15.00') }), p);
    assert.deepEqual(schemeFindings(short), ['tax-shortfall']);
    assert.match(short.findings.find((f) => f.code === 'tax-shortfall')!.message, /short by 5\.00/);
    assert.equal(schemeFindings(assessed(basket([item(undefined, '100')], { taxCollected: collected('20.00') }), p)).length, 0);
  });

  test('an amount collected in another currency is converted to the pack currency', () => {
    // 25 USD at 1.25 USD per EUR = 20.00 EUR: no shortfall.
    const a = assessed(basket([item(undefined, '100')], { taxCollected: collected('25', 'USD') }), p, { rates: { USD: '1.25' } });
    assert.equal(a.alreadyCollected, '20.00');
    assert.deepEqual(schemeFindings(a), []);
    const r = run(basket([item(undefined, '100')], { taxCollected: collected('25', 'USD') }), p);
    assert.equal(!r.ok && r.code, 'no-exchange-rate');
    assert.equal(!r.ok && r.path, '/taxCollected/currency');
  });

  test('a scheme covering duty takes the duty off the border too', () => {
    // 100: duty 12.00; VAT at checkout is on the sale price, 100 × 0.2 = 20.00 (not on the duty); both at checkout.
    const q = pack({ taxes: [vat('0.2')], schemes: [ioss({ covers: ['tax', 'duty'] })] });
    const a = assessed(basket([item('610910', '100')], { taxCollected: collected('34.40') }), q, { tariff: T12 });
    assert.deepEqual(summary(a), [
      ['duty', 'MFN', 0, '12.00', false],
      ['tax', 'VAT', 0, '20.00', false],
    ]);
    assert.equal(a.dueAtBorder, '0.00');
    // Covering tax only, the duty stays at the border.
    assert.equal(assessed(basket([item('610910', '100')], { taxCollected: collected('20.00') }), p, { tariff: T12 }).dueAtBorder, '12.00');
  });
});

describe('revenue engine: rounding and line shape', () => {
  test('every line is rounded to the line increment in the line mode', () => {
    // Duty 12 % on 47.25 = 5.67 and on 47.29 = 5.6748.
    const chf = (mode: 'half-up' | 'down' | 'up', price: string) =>
      assessed(basket([item('610910', price)], { destination: 'CH', currency: 'CHF' }), pack({ homeCountry: 'CH', currency: 'CHF', rounding: [{ line: { increment: '0.05', mode }, source: SRC, validFrom: FROM }] }), { tariff: T12 }).dutyTotal;
    assert.equal(chf('half-up', '47.25'), '5.65'); // 5.67 → 5.65
    assert.equal(chf('half-up', '47.50'), '5.70'); // 5.70
    assert.equal(chf('half-up', '47.4375'), '5.70'); // 5.6925 → 5.70
    assert.equal(chf('down', '47.4375'), '5.65');
    assert.equal(chf('up', '47.25'), '5.70');
    assert.equal(roundTo(Fixed.of('1234.5'), { increment: '100', mode: 'down' }).toString(), '1200');
    assert.equal(roundTo(Fixed.of('0.025'), { increment: '0.05', mode: 'half-up' }).toString(), '0.05');
  });

  test('total rounding adds a ROUNDING line so lines still sum to the total', () => {
    // JPY (0 digits), lines to 1 yen half-up, totals down to 100 yen. Duty 10 %, consumption tax 10 % on CV + duty.
    // Duty: 12345 × 0.1 = 1234.5 → 1235; 5000 × 0.1 = 500 → 1735 → 1700: ROUNDING −35.
    // Tax: (12345 + 1234.5) × 0.1 = 1357.95 → 1358; 5500 × 0.1 = 550 → 1908 → 1900: ROUNDING −8.
    const p = pack({
      homeCountry: 'JP',
      currency: 'JPY',
      taxes: [vat('0.1', 'CT')],
      rounding: [{ line: { increment: '1', mode: 'half-up' }, total: { increment: '100', mode: 'down' }, source: 'JP rounding', validFrom: FROM }],
    });
    const a = assessed(basket([item('610910', '12345'), item('610920', '5000')], { destination: 'JP', currency: 'JPY' }), p, { tariff: [adValorem('61', '0.1')] });
    assert.deepEqual(summary(a), [
      ['duty', 'MFN', 0, '1235', true],
      ['duty', 'MFN', 1, '500', true],
      ['tax', 'CT', 0, '1358', true],
      ['tax', 'CT', 1, '550', true],
      ['duty', 'ROUNDING', null, '-35', true],
      ['tax', 'ROUNDING', null, '-8', true],
    ]);
    assert.equal(a.dutyTotal, '1700');
    assert.equal(a.taxTotal, '1900');
    assert.equal(a.total, '3600');
    assert.equal(a.dueAtBorder, '3600');
    assert.equal(a.intrinsicValue, '17345');
    assert.equal(a.lines[4]!.source, 'JP rounding');
  });

  test('a ROUNDING line on charges collected at checkout is not due at the border', () => {
    // Totals rounded up to 1: VAT 20 % of 10.10 = 2.02 → total 3.00, ROUNDING +0.98 collected at checkout.
    const p = pack({ taxes: [vat('0.2')], schemes: [ioss()], rounding: [{ line: { increment: '0.01', mode: 'half-up' }, total: { increment: '1', mode: 'up' }, source: SRC, validFrom: FROM }] });
    const a = assessed(basket([item(undefined, '10.10')], { taxCollected: collected('3.00') }), p);
    assert.deepEqual(summary(a), [
      ['tax', 'VAT', 0, '2.02', false],
      ['tax', 'ROUNDING', null, '0.98', false],
    ]);
    assert.equal(a.dueAtBorder, '0.00');
    assert.equal(a.total, '3.00');
  });

  test('lines say what the rate applies to, the rate as the law states it, and their source', () => {
    const a = assessed(basket([item('610910', '100')], { shippingCost: '10' }), pack({ taxes: [vat('0.2')], fees: [fee('PROC', { amount: '2.00' })] }), { tariff: T12 });
    const [duty, tax, proc] = a.lines;
    assert.deepEqual({ ...duty!, explanation: undefined }, { type: 'duty', code: 'MFN', item: 0, basis: '110', rate: '12%', amount: '13.20', dueAtBorder: true, source: 'tariff 61', explanation: undefined });
    // VAT 20 % on 110 + 13.20 = 123.20 → 24.64.
    assert.equal(tax!.code, 'VAT');
    assert.ok(dec(tax!.basis).eq('123.2'));
    assert.match(tax!.rate, /^20%/);
    assert.equal(tax!.amount, '24.64');
    assert.equal(tax!.source, 'VAT act');
    assert.deepEqual([proc!.type, proc!.code, proc!.item, proc!.amount, proc!.source], ['fee', 'PROC', null, '2.00', 'fee PROC']);
    assert.equal(a.total, '39.84');
    assert.equal(a.packVersion, 'TEST@0.0.1');
    assert.equal(a.day, DAY);
  });
});
