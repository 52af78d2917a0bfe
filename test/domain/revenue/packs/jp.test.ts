// Worked examples for the JP pack (jurisdictions/jp): personal-use 60 % rule, JPY 10,000 exemption (Customs Tariff Law
// Art. 14(18); customs.go.jp FAQ 1006), consumption tax 10 % on CIF value + duty, lines cut to the yen and each
// charge type's total cut to JPY 100 (approximating Act on General Rules for National Taxes Art. 118–119).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const cosmetics = (price: string, shipping: string): Basket => ({
  destination: 'JP', currency: 'JPY', service: 'post', departureCountry: 'FR',
  items: [{ description: 'face cream', hsCode: '3304990000', quantity: 1, unitPrice: price, originCountry: 'FR' }],
  shippingCost: shipping,
});

test('JP: JPY 15,000 of cosmetics plus JPY 1,000 postage is exempt: 15,000 × 60 % + 1,000 = 10,000 ≤ 10,000 (Customs Tariff Law Art. 4-6(2) 60 % rule, Art. 14(18); customs.go.jp FAQ 1006)', () => {
  const a = estimate('jp', cosmetics('15000', '1000'), { day: '2026-09-01' });
  // customs value = 15,000 × 0.6 + 1,000 = 10,000 ≤ 10,000 → no duty, no consumption tax.
  assert.equal(a.customsValue, '10000');
  assert.equal(a.total, '0');
});

test('JP: one yen more (postage JPY 1,001) and the whole value is taxed: consumption tax 10 % of 10,001 = 1,000 (Consumption Tax Act Art. 28(4), 29; Customs Tariff Law Art. 14(18))', () => {
  const a = estimate('jp', cosmetics('15000', '1001'), { day: '2026-09-01' });
  // CV 10,001 > 10,000; duty 0 (3304 free); CT 10,001 × 10 % = 1,000.1 → 1,000 (line, down) → 1,000 (total, down to 100).
  assert.equal(a.dutyTotal, '0');
  assert.equal(a.taxTotal, '1000');
});

test('JP: JPY 30,000 of cosmetics plus JPY 2,000 postage: customs value 20,000, consumption tax JPY 2,000 (Customs Tariff Law Art. 4-6(2); Consumption Tax Act Art. 29)', () => {
  const a = estimate('jp', cosmetics('30000', '2000'), { day: '2026-09-01' });
  // CV = 30,000 × 0.6 + 2,000 = 20,000; CT 20,000 × 10 % = 2,000.
  assert.equal(a.customsValue, '20000');
  assert.equal(a.taxTotal, '2000');
  assert.equal(a.total, '2000');
});

test('JP: a knitted pullover is never relieved by the JPY 10,000 rule: 10.9 % duty and 10 % consumption tax, totals cut to JPY 100 (Customs Tariff Law Enforcement Order Art. 16-3; Act on General Rules for National Taxes Art. 119)', () => {
  const basket: Basket = {
    destination: 'JP', currency: 'JPY', service: 'post', departureCountry: 'GB',
    items: [{ description: 'wool pullover, knitted', hsCode: '6110110000', quantity: 1, unitPrice: '10000', originCountry: 'GB' }],
    shippingCost: '500',
  };
  const a = estimate('jp', basket, { day: '2026-09-01' });
  // CV = 10,000 × 0.6 + 500 = 6,500 (≤ 10,000 but knitted apparel is excluded).
  // duty 6,500 × 10.9 % = 708.5 → 708 (line) → 700 (total, a ROUNDING line of −8).
  // CT (6,500 + 708.5) × 10 % = 720.85 → 720 → 700. Total 1,400.
  assert.equal(a.customsValue, '6500');
  assert.equal(a.dutyTotal, '700');
  assert.equal(a.taxTotal, '700');
  assert.equal(a.total, '1400');
});

test('JP: leather shoes pay the greater of 30 % and JPY 4,300 per pair, then 10 % consumption tax on value + duty (Japan Tariff Schedule 6403, WTO secondary rate; Consumption Tax Act Art. 28(4))', () => {
  const basket: Basket = {
    destination: 'JP', currency: 'JPY', service: 'express', departureCountry: 'IT',
    items: [{ description: 'leather shoes', hsCode: '6403990000', quantity: 1, unitPrice: '20000', originCountry: 'IT' }],
    shippingCost: '1000',
  };
  const a = estimate('jp', basket, { day: '2026-09-01' });
  // CV = 20,000 × 0.6 + 1,000 = 13,000; 30 % = 3,900 < 4,300 × 1 pair → duty 4,300.
  // CT (13,000 + 4,300) × 10 % = 1,730 → 1,700 (total cut to 100). Total 6,000.
  assert.equal(a.dutyTotal, '4300');
  assert.equal(a.taxTotal, '1700');
  assert.equal(a.total, '6000');
});
