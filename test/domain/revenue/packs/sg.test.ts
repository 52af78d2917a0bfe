// Worked examples for the SG pack (jurisdictions/sg): OVR GST on low-value goods, the S$400 import GST relief for air and post, rate history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'SG', currency: 'SGD', service: 'express', departureCountry: 'CN', ...b });

test('SG: a S$120 dress from an OVR-registered overseas vendor by air — 9 % GST charged at the point of purchase, nothing at importation (IRAS GST on imported low-value goods, consumers)', () => {
  const a = estimate('sg', basket({
    shippingCost: '10.00',
    items: [{ description: 'dress', hsCode: '6204430000', quantity: 1, unitPrice: '120.00', originCountry: 'CN' }],
    taxCollected: { scheme: 'SG-OVR', registrationNumber: 'M91234567X', amount: '11.70', currency: 'SGD' },
  }), { day });
  // CIF 120 + 10 = 130.00; Singapore charges no customs duty on apparel.
  assert.equal(a.customsValue, '130.00');
  assert.equal(a.dutyTotal, '0.00');
  // GST 9 % × 130.00 = 11.70 at checkout.
  const [gst] = linesOf(a, 'tax');
  assert.match(gst!.rate, /^9%/);
  assert.equal(gst!.amount, '11.70');
  assert.equal(gst!.dueAtBorder, false);
  assert.equal(a.alreadyCollected, '11.70');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, 'vendor');
});

test('SG: a S$280 jacket with S$25 transport and insurance from a supplier not registered for GST — CIF S$305 is within the S$400 import relief, no GST (IRAS example "Imported Jacket")', () => {
  const a = estimate('sg', basket({
    shippingCost: '25.00',
    items: [{ description: 'jacket', hsCode: '6201400000', quantity: 1, unitPrice: '280.00', originCountry: 'CN' }],
  }), { day });
  // CIF 305.00 ≤ 400 → import GST relief.
  assert.equal(a.customsValue, '305.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, null);
});

test('SG: S$390 sneakers with S$35 transport and insurance — CIF S$425 exceeds S$400, import GST of S$38.25 is paid through the courier (IRAS example "Imported Sneakers")', () => {
  const a = estimate('sg', basket({
    shippingCost: '35.00',
    items: [{ description: 'sneakers', hsCode: '6404110000', quantity: 1, unitPrice: '390.00', originCountry: 'VN' }],
  }), { day });
  // CIF 425.00 > 400; duty 0 %; GST 9 % × 425.00 = 38.25.
  assert.equal(a.customsValue, '425.00');
  const [duty] = linesOf(a, 'duty');
  assert.equal(duty!.rate, '0%');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '38.25');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '38.25');
});

test('SG: the same S$425 CIF import in 2022 (7 %) and 2023 (8 %) — GST rate history (GST (Amendment) Act 2022)', () => {
  const b = basket({
    shippingCost: '35.00',
    items: [{ description: 'sneakers', hsCode: '6404110000', quantity: 1, unitPrice: '390.00', originCountry: 'VN' }],
  });
  // 7 % × 425.00 = 29.75.
  assert.equal(estimate('sg', b, { day: '2022-12-31' }).taxTotal, '29.75');
  // 8 % × 425.00 = 34.00.
  assert.equal(estimate('sg', b, { day: '2023-01-01' }).taxTotal, '34.00');
  // 9 % × 425.00 = 38.25.
  assert.equal(estimate('sg', b, { day: '2024-01-01' }).taxTotal, '38.25');
});

test('SG: a S$200 gift sent by post from a friend abroad — within the S$400 import GST relief for air and post (IRAS GST on imports of low-value goods)', () => {
  const a = estimate('sg', basket({
    service: 'post',
    transaction: 'gift',
    shippingCost: '20.00',
    items: [{ description: 'watch strap', hsCode: '9113900000', quantity: 1, unitPrice: '200.00', originCountry: 'JP' }],
  }), { day });
  // No separate gift relief in Singapore: CIF 220.00 ≤ 400 → no GST.
  assert.equal(a.customsValue, '220.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
});

test('SG: CIF of exactly S$400.00 by air is relieved (≤, "valued up to (and including)"); S$400.01 is not; by sea there is no relief at any value (IRAS GST on imports of low-value goods; consumers table "Sea/Land – Any value")', () => {
  const at = estimate('sg', basket({
    shippingCost: '20.00',
    items: [{ description: 'headphones', hsCode: '8518300000', quantity: 1, unitPrice: '380.00', originCountry: 'CN' }],
  }), { day });
  assert.equal(at.customsValue, '400.00');
  assert.equal(at.taxTotal, '0.00');
  const over = estimate('sg', basket({
    shippingCost: '20.01',
    items: [{ description: 'headphones', hsCode: '8518300000', quantity: 1, unitPrice: '380.00', originCountry: 'CN' }],
  }), { day });
  // 9 % × 400.01 = 36.0009 → 36.00.
  assert.equal(over.taxTotal, '36.00');
  assert.equal(over.dueAtBorder, '36.00');
  const sea = estimate('sg', basket({
    service: 'sea',
    shippingCost: '20.00',
    items: [{ description: 'chair', hsCode: '9401610000', quantity: 1, unitPrice: '80.00', originCountry: 'CN' }],
  }), { day });
  // Sea: GST 9 % × 100.00 = 9.00 whatever the value.
  assert.equal(sea.taxTotal, '9.00');
  assert.equal(sea.dueAtBorder, '9.00');
});
