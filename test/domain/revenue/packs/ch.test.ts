// Worked examples for the CH pack (jurisdictions/ch): import VAT not levied up to CHF 5 of tax, the mail-order rule, gifts, reduced rate, duty per gross kg.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'CH', currency: 'CHF', service: 'post', departureCountry: 'DE', ...b });

test('CH: a CHF 40 T-shirt from a mail-order company registered for Swiss VAT — 8.1 % VAT charged at checkout even though the import tax would be under CHF 5 (ESTV Mail-order trade, 2019)', () => {
  const a = estimate('ch', basket({
    shippingCost: '8.00',
    items: [{ description: 'T-shirt', hsCode: '6109100000', quantity: 1, unitPrice: '40.00', originCountry: 'PT' }],
    taxCollected: { scheme: 'CH-VAT', registrationNumber: 'CHE-123.456.789 MWST', amount: '3.89', currency: 'CHF' },
  }), { day });
  // Assessment basis 40 + 8 = 48.00; duty 0 (industrial products duty-free since 1 Jan 2024).
  assert.equal(a.customsValue, '48.00');
  assert.equal(a.dutyTotal, '0.00');
  // VAT 8.1 % × 48.00 = 3.888 → 3.89: kept (registered seller), collected at checkout, not at the border.
  const [vat] = linesOf(a, 'tax');
  assert.match(vat!.rate, /^8\.1%/);
  assert.equal(vat!.amount, '3.89');
  assert.equal(vat!.dueAtBorder, false);
  assert.equal(a.alreadyCollected, '3.89');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, 'vendor');
});

test('CH: CHF 55 of goods with CHF 6 postage from an unregistered shop — import VAT of CHF 4.94 is not levied (≤ CHF 5) (BAZG Receipt of letters and parcels: "Tax amounts of up to 5 Swiss francs are not levied")', () => {
  const a = estimate('ch', basket({
    shippingCost: '6.00',
    items: [{ description: 'phone case', hsCode: '3926909000', quantity: 1, unitPrice: '55.00', originCountry: 'CN' }],
  }), { day });
  // 8.1 % × 61.00 = 4.941 ≤ 5 → not levied.
  assert.equal(a.customsValue, '61.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, null);
});

test('CH: a CHF 200 jacket with CHF 15 postage — no duty on industrial products since 2024, import VAT 8.1 % on the value including transport (BAZG Receipt of letters and parcels; SECO abolition of industrial tariffs, 1 Jan 2024)', () => {
  const a = estimate('ch', basket({
    departureCountry: 'CN',
    service: 'express',
    shippingCost: '15.00',
    grossMassKg: '1.2',
    items: [{ description: 'jacket', hsCode: '6201400000', quantity: 1, unitPrice: '200.00', originCountry: 'CN' }],
  }), { day });
  // Duty: chapter 62 free from 1 Jan 2024 → 0.00, and a duty amount ≤ CHF 5 is not collected, so no duty line remains.
  assert.equal(linesOf(a, 'duty').length, 0);
  assert.equal(a.dutyTotal, '0.00');
  // VAT 8.1 % × 215.00 = 17.415 → 17.42 (half-up to the centime; 5-Rappen rounding unverified).
  assert.equal(a.customsValue, '215.00');
  assert.equal(a.taxTotal, '17.42');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '17.42');
});

test('CH: a CHF 100 gift from a private person abroad — exempt up to a value of CHF 100 (ch.ch Waren im Ausland bestellen: "Geschenk im Wert von höchstens 100 Franken")', () => {
  const a = estimate('ch', basket({
    transaction: 'gift',
    shippingCost: '20.00',
    items: [{ description: 'toy', hsCode: '9503000000', quantity: 1, unitPrice: '100.00', originCountry: 'DE' }],
  }), { day });
  // 100.00 ≤ 100 → nothing due (without the relief: 8.1 % × 120 = 9.72).
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.lines.length, 0);
});

test('CH: books at the reduced rate 2.6 % — CHF 150 + CHF 10 postage gives CHF 4.16 (not levied); CHF 190 + CHF 10 gives CHF 5.20 (levied) (BAZG: 2.6 % for books; CHF 193 limit)', () => {
  const small = estimate('ch', basket({
    shippingCost: '10.00',
    items: [{ description: 'books', hsCode: '4901990000', quantity: 3, unitPrice: '50.00', originCountry: 'DE' }],
  }), { day });
  // 2.6 % × 160.00 = 4.16 ≤ 5 → not levied.
  assert.equal(small.taxTotal, '0.00');
  const big = estimate('ch', basket({
    shippingCost: '10.00',
    items: [{ description: 'books', hsCode: '4901990000', quantity: 2, unitPrice: '95.00', originCountry: 'DE' }],
  }), { day });
  // 2.6 % × 200.00 = 5.20 > 5 → levied.
  const [vat] = linesOf(big, 'tax');
  assert.match(vat!.rate, /^2\.6%/);
  assert.equal(vat!.amount, '5.20');
  assert.equal(big.taxTotal, '5.20');
  assert.equal(big.dueAtBorder, '5.20');
});

test('CH: in 2023 (reduced rate 2.5 %) books worth CHF 200 including postage give exactly CHF 5.00 of tax, not levied (≤); CHF 200.20 gives CHF 5.01, levied (Swiss Post FAQ: "2,5% VAT (e.g. books): CHF 200"; MWSTG Art. 25 as in force 2018–2023)', () => {
  const at = estimate('ch', basket({
    shippingCost: '10.00',
    items: [{ description: 'books', hsCode: '4901990000', quantity: 2, unitPrice: '95.00', originCountry: 'DE' }],
  }), { day: '2023-06-01' });
  // 2.5 % × 200.00 = 5.00 ≤ 5 → not levied.
  assert.equal(at.taxTotal, '0.00');
  const over = estimate('ch', basket({
    shippingCost: '10.20',
    items: [{ description: 'books', hsCode: '4901990000', quantity: 2, unitPrice: '95.00', originCountry: 'DE' }],
  }), { day: '2023-06-01' });
  // 2.5 % × 200.20 = 5.005 > 5 → levied, 5.005 → 5.01 (half-up).
  assert.equal(over.taxTotal, '5.01');
  assert.equal(over.dueAtBorder, '5.01');
});

test('CH: in 2023 cotton T-shirts in a 3 kg parcel paid a specific duty per gross kg, then VAT 7.7 % on value + duty (ZTG Art. 2 gross weight; MWSTG Art. 54; ILLUSTRATIVE tariff amount CHF 2.50/kg — not the Tares rate)', () => {
  const a = estimate('ch', basket({
    departureCountry: 'CN',
    shippingCost: '10.00',
    grossMassKg: '3',
    items: [{ description: 'cotton T-shirts', hsCode: '6109100000', quantity: 10, unitPrice: '15.00', originCountry: 'CN' }],
  }), { day: '2023-06-01' });
  // Duty: CHF 2.50 per kg × 3 kg gross (no net mass: the gross mass apportioned to the only item) = 7.50 > 5 → collected.
  const [duty] = linesOf(a, 'duty');
  assert.equal(Number(duty!.basis), 3);
  assert.equal(duty!.amount, '7.50');
  assert.equal(a.dutyTotal, '7.50');
  // VAT 7.7 % × (150 + 10 + 7.50) = 12.8975 → 12.90.
  assert.equal(a.taxTotal, '12.90');
  assert.equal(a.dueAtBorder, '20.40');
  // In 2026 the same parcel pays no duty (industrial tariffs abolished) and VAT 8.1 % × 160 = 12.96.
  const now = estimate('ch', basket({
    departureCountry: 'CN',
    shippingCost: '10.00',
    grossMassKg: '3',
    items: [{ description: 'cotton T-shirts', hsCode: '6109100000', quantity: 10, unitPrice: '15.00', originCountry: 'CN' }],
  }), { day });
  assert.equal(now.dutyTotal, '0.00');
  assert.equal(now.taxTotal, '12.96');
});
