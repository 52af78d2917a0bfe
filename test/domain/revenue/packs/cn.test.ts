// Worked examples for the CN pack (jurisdictions/cn): cross-border e-commerce retail imports (CBEC) and general trade.
// CBEC comprehensive rate (Cai Guan Shui [2016] No. 18 / [2018] No. 49): tax = price × (CT + VAT) / (1 − CT) × 70 %.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const cosmetics = (price: string, viaPlatform = true): Basket => ({
  destination: 'CN', currency: 'CNY', service: 'express', departureCountry: 'KR', viaPlatform,
  items: [{ description: 'face cream (high-end)', hsCode: '3304990000', quantity: 1, unitPrice: price, originCountry: 'KR' }],
});

test('CN/CBEC: CNY 1,000 of high-end cosmetics through a platform pays 0 duty and 70 % of CT 15 % and VAT 13 % (comprehensive rate 23.0588 %) (Cai Guan Shui [2018] No. 49; Cai Shui [2016] No. 103)', () => {
  const a = estimate('cn', cosmetics('1000'), { day: '2026-09-01' });
  // dutiable price 1,000 ≤ 5,000 → CBEC: duty × 0.
  // CT (statutory) = 1000 × 0.15 / 0.85 = 176.470588…; VAT (statutory) = (1000 + 176.470588) × 0.13 = 152.941176…
  // due: CT 176.470588 × 0.7 = 123.529… → 123.53; VAT 152.941176 × 0.7 = 107.058… → 107.06; total 230.59
  // = 1000 × (0.15 + 0.13) / 0.85 × 0.7 = 230.588 (the comprehensive-rate formula).
  assert.equal(a.dutyTotal, '0.00');
  const tax = linesOf(a, 'tax');
  assert.equal(tax.find((l) => l.code === 'CT')?.amount, '123.53');
  assert.equal(tax.find((l) => l.code === 'VAT')?.amount, '107.06');
  assert.equal(a.taxTotal, '230.59');
  assert.equal(a.total, '230.59');
});

test('CN/CBEC: a single item of CNY 6,000 (over the CNY 5,000 single-transaction limit) pays full duty, CT and VAT (Cai Guan Shui [2018] No. 49 art. 2)', () => {
  const a = estimate('cn', cosmetics('6000'), { day: '2026-09-01' });
  // over 5,000: no CBEC reduction. duty 6000 × 1 % = 60.00 (> CNY 50, not exempt).
  // CT = (6000 + 60) × 0.15 / 0.85 = 1069.411764… → 1069.41; VAT = (6060 + 1069.411764) × 0.13 = 926.823529… → 926.82.
  assert.equal(a.dutyTotal, '60.00');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'CT')?.amount, '1069.41');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'VAT')?.amount, '926.82');
  assert.equal(a.total, '2056.23');
});

test('CN/CBEC: books take VAT 9 % × 70 % and apparel VAT 13 % × 70 %, on the price including freight (Cai Guan Shui [2016] No. 18 art. 1; Announcement 2019 No. 39)', () => {
  const basket: Basket = {
    destination: 'CN', currency: 'CNY', service: 'express', departureCountry: 'JP', viaPlatform: true,
    items: [
      { description: 'printed book', hsCode: '4901990000', quantity: 1, unitPrice: '200', originCountry: 'JP' },
      { description: 'cotton T-shirt', hsCode: '6109100000', quantity: 1, unitPrice: '300', originCountry: 'JP' },
    ],
    shippingCost: '50',
  };
  const a = estimate('cn', basket, { day: '2026-09-01' });
  // freight 50 by value: book 20, T-shirt 30 → dutiable price 220 and 330 (total 550 ≤ 5,000); duty × 0.
  // VAT book 220 × 9 % × 0.7 = 13.86; T-shirt 330 × 13 % × 0.7 = 30.03; total 43.89.
  assert.equal(a.customsValue, '550.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.deepEqual(linesOf(a, 'tax').map((l) => l.amount), ['13.86', '30.03']);
  assert.equal(a.total, '43.89');
});

test('CN/CBEC: exactly CNY 5,000 is within the single-transaction limit: a laptop pays VAT 13 % × 70 % = CNY 455 (Cai Guan Shui [2018] No. 49 art. 1)', () => {
  const basket: Basket = {
    destination: 'CN', currency: 'CNY', service: 'express', departureCountry: 'US', viaPlatform: true,
    items: [{ description: 'laptop', hsCode: '8471300000', quantity: 1, unitPrice: '5000', originCountry: 'US' }],
  };
  const a = estimate('cn', basket, { day: '2026-09-01' });
  // 5,000 ≤ 5,000 → CBEC; 8471 free anyway; VAT 5000 × 0.13 × 0.7 = 455.00.
  assert.equal(a.taxTotal, '455.00');
  // CNY 5,000.01 → full VAT 13 %: 650.0013 → 650.00.
  basket.items[0]!.unitPrice = '5000.01';
  assert.equal(estimate('cn', basket, { day: '2026-09-01' }).taxTotal, '650.00');
});

test('CN/CBEC: the 70 % rate needs a platform; the same CNY 1,000 cosmetics not sold through one pay the full statutory CT and VAT (Cai Guan Shui [2016] No. 18 art. 2; personal-postal-article regime not modelled)', () => {
  const a = estimate('cn', cosmetics('1000', false), { day: '2026-09-01' });
  // general trade: duty 1000 × 1 % = 10.00 ≤ CNY 50 → exempt (duty-amount de minimis).
  // CT = 1000 × 0.15 / 0.85 = 176.470588 → 176.47; VAT = (1000 + 176.470588) × 0.13 = 152.941176 → 152.94.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '329.41');
});
