// Worked examples for the CA pack (jurisdictions/ca): CUSMA low-value thresholds (CBSA "Low value shipments"),
// value for duty FOB the place of direct shipment (Customs Act s. 48), GST/HST/PST on value for duty + duty.
// Goods are of Chinese origin so that the MFN rate applies (CUSMA preferential rates are not modelled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const tshirts = (destination: string, service: string, departureCountry: string, price: string): Basket => ({
  destination, currency: 'CAD', service, departureCountry,
  items: [{ description: 'cotton T-shirt', hsCode: '6109100000', quantity: 1, unitPrice: price, originCountry: 'CN' }],
  shippingCost: '15.00',
});

test('CA/ON: a CAD 35 courier shipment from the US is free of duty and taxes (≤ CAD 40, CUSMA; Courier Imports Remission Order as amended 2020-07-01; CBSA "Low value shipments")', () => {
  const a = estimate('ca', tshirts('CA-ON', 'express', 'US', '35.00'), { day: '2026-09-01' });
  // value for duty 35 (FOB: the 15 transport is excluded) ≤ 40 → no taxes; ≤ 150 → no duty.
  assert.equal(a.customsValue, '35.00');
  assert.equal(a.total, '0.00');
});

test('CA/ON: a CAD 100 courier shipment from the US pays GST 5 % and the Ontario HST part 8 % but no duty (CAD 40.01–150, CUSMA; Excise Tax Act s. 212, 212.1, 215)', () => {
  const a = estimate('ca', tshirts('CA-ON', 'express', 'US', '100.00'), { day: '2026-09-01' });
  // VFD 100 > 40 → taxes; ≤ 150 → duty-free. GST 100 × 5 % = 5.00; HST (ON) 100 × 8 % = 8.00 → 13 % in all.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'GST')?.amount, '5.00');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'HST')?.amount, '8.00');
  assert.equal(a.total, '13.00');
});

test('CA/ON: a CAD 200 courier shipment from the US pays 18 % MFN duty and 13 % HST on value for duty + duty (over CAD 150; Customs Tariff 6109 MFN 18 %; Excise Tax Act s. 215)', () => {
  const a = estimate('ca', tshirts('CA-ON', 'express', 'US', '200.00'), { day: '2026-09-01' });
  // duty 200 × 18 % = 36.00; tax base 236: GST 11.80, HST 18.88; total 66.68.
  assert.equal(a.dutyTotal, '36.00');
  assert.equal(a.taxTotal, '30.68');
  assert.equal(a.total, '66.68');
});

test('CA/AB: mail of CAD 18 is free; mail of CAD 25 from the US pays duty and GST (Postal Imports Remission Order: CAD 20 for mail whatever the origin)', () => {
  const free = estimate('ca', tshirts('CA-AB', 'post', 'US', '18.00'), { day: '2026-09-01' });
  assert.equal(free.total, '0.00');
  const a = estimate('ca', tshirts('CA-AB', 'post', 'US', '25.00'), { day: '2026-09-01' });
  // VFD 25 > 20 → duty 25 × 18 % = 4.50; GST (25 + 4.50) × 5 % = 1.475 → 1.48; Alberta has no provincial tax.
  assert.equal(a.dutyTotal, '4.50');
  assert.equal(a.taxTotal, '1.48');
  assert.equal(a.total, '5.98');
});

test('CA/BC: a CAD 30 courier shipment from China (not CUSMA) pays duty, GST and BC PST 7 % collected by the CBSA (Courier Imports Remission Order CAD 20; CBSA Memorandum D17-1-22)', () => {
  const a = estimate('ca', tshirts('CA-BC', 'express', 'CN', '30.00'), { day: '2026-09-01' });
  // VFD 30 > 20 → duty 30 × 18 % = 5.40; base 35.40: GST 1.77; PST 35.40 × 7 % = 2.478 → 2.48; total 9.65.
  assert.equal(a.dutyTotal, '5.40');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'GST')?.amount, '1.77');
  assert.equal(linesOf(a, 'tax').find((l) => l.code === 'PST')?.amount, '2.48');
  assert.equal(a.total, '9.65');
});

test('CA/NS: the Nova Scotia HST part is 10 % until 31 March 2025 and 9 % from 1 April 2025 (Excise Tax Act Schedule VIII)', () => {
  const basket = tshirts('CA-NS', 'express', 'US', '100.00');
  // duty-free (≤ 150 from the US); HST part 100 × 10 % = 10.00, then 100 × 9 % = 9.00.
  assert.equal(linesOf(estimate('ca', basket, { day: '2025-03-31' }), 'tax').find((l) => l.code === 'HST')?.amount, '10.00');
  assert.equal(linesOf(estimate('ca', basket, { day: '2025-04-01' }), 'tax').find((l) => l.code === 'HST')?.amount, '9.00');
});
