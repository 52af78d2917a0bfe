// Worked examples for the GB pack (jurisdictions/gb): UK VAT on low-value consignments, duty relief up to £135, gifts, zero-rated books.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'GB', currency: 'GBP', service: 'post', departureCountry: 'CN', ...b });

test('GB: a £100 dress sold by an overseas seller via an online marketplace — VAT charged at checkout, nothing at the border (HMRC VAT and overseas goods sold to customers in the UK using online marketplaces, 2021)', () => {
  const a = estimate('gb', basket({
    viaPlatform: true,
    shippingCost: '5.00',
    items: [{ description: 'dress', hsCode: '6204440000', quantity: 1, unitPrice: '100.00', originCountry: 'CN' }],
    taxCollected: { scheme: 'UK-OMP', registrationNumber: 'GB123456789', amount: '21.00', currency: 'GBP' },
  }), { day });
  // CIF customs value: 100.00 + 5.00 postage = 105.00; intrinsic value 100.00 ≤ £135.
  assert.equal(a.customsValue, '105.00');
  // Duty: consignment ≤ £135 → no customs duty (duty line removed).
  assert.equal(a.dutyTotal, '0.00');
  // VAT: the marketplace charges UK supply VAT on the price it charges, 20 % × 105.00 = 21.00, at checkout.
  const [vat] = linesOf(a, 'tax');
  assert.match(vat!.rate, /^20%/);
  assert.equal(vat!.amount, '21.00');
  assert.equal(vat!.dueAtBorder, false);
  assert.equal(a.taxTotal, '21.00');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.alreadyCollected, '21.00');
  assert.equal(a.dueAtBorder, '0.00');
  // The marketplace is the deemed supplier → intermediary collection.
  assert.equal(a.collectedBy, 'intermediary');
  assert.equal(a.scheme?.recognised, true);
});

test('GB: a £120 jacket sold directly by an unregistered overseas seller — no import VAT and no duty at the border for consignments ≤ £135 (HMRC Charging VAT on goods sold direct to customers in the UK, 2021)', () => {
  const a = estimate('gb', basket({
    shippingCost: '8.00',
    items: [{ description: 'jacket', hsCode: '6201400000', quantity: 1, unitPrice: '120.00', originCountry: 'CN' }],
  }), { day });
  // Customs value 120.00 + 8.00 = 128.00; intrinsic 120.00 ≤ 135 → duty relief and no import VAT (supply VAT is the seller's liability).
  assert.equal(a.customsValue, '128.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.alreadyCollected, '0.00');
  assert.equal(a.collectedBy, null);
});

test('GB: £150 leather boots and £60 textile trainers (£210 > £135) — duty and import VAT at the border on value + postage + duty (GOV.UK Tax and customs for goods sent from abroad; UK Global Tariff 6403 8 %, 6404 16 %)', () => {
  const a = estimate('gb', basket({
    service: 'express',
    shippingCost: '10.00',
    items: [
      { description: 'leather boots', hsCode: '6403990500', quantity: 1, unitPrice: '150.00', originCountry: 'CN' },
      { description: 'textile trainers', hsCode: '6404199000', quantity: 1, unitPrice: '60.00', originCountry: 'VN' },
    ],
  }), { day });
  // Postage 10.00 apportioned by value: boots 10 × 150/210 = 7.142857…, trainers 2.857142…; CV = 210 + 10 = 220.00.
  assert.equal(a.customsValue, '220.00');
  // Duty: boots 8 % × 157.142857 = 12.571428 → 12.57; trainers 16 % × 62.857143 = 10.057143 → 10.06; total 22.63.
  const duty = linesOf(a, 'duty');
  assert.equal(duty[0]!.rate, '8%');
  assert.equal(duty[0]!.amount, '12.57');
  assert.equal(duty[1]!.rate, '16%');
  assert.equal(duty[1]!.amount, '10.06');
  assert.equal(a.dutyTotal, '22.63');
  // VAT 20 %: boots (157.142857 + 12.571428) × 0.2 = 33.942857 → 33.94; trainers (62.857143 + 10.057143) × 0.2 = 14.582857 → 14.58.
  assert.equal(a.taxTotal, '48.52');
  assert.equal(a.feesTotal, '0.00');
  // Everything is due at the border: 22.63 + 48.52 = 71.15.
  assert.equal(a.total, '71.15');
  assert.equal(a.dueAtBorder, '71.15');
  assert.equal(a.collectedBy, null);
});

test('GB: a £30 birthday gift from a private person abroad — no duty and no import VAT up to £39 (HMRC Duties and import VAT on gifts)', () => {
  const a = estimate('gb', basket({
    transaction: 'gift',
    departureCountry: 'US',
    shippingCost: '12.00',
    items: [{ description: 'board game', hsCode: '9504900000', quantity: 1, unitPrice: '30.00', originCountry: 'US' }],
  }), { day });
  // Gift relief measured on the intrinsic value 30.00 ≤ 39 → nothing due.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.lines.length, 0);
});

test('GB: £200 of printed books with £10 postage — duty-free and zero-rated for VAT (VAT Act 1994 Sch. 8 Group 3; UK Global Tariff chapter 49 free)', () => {
  const a = estimate('gb', basket({
    shippingCost: '10.00',
    items: [{ description: 'printed books', hsCode: '4901990000', quantity: 4, unitPrice: '50.00', originCountry: 'US' }],
  }), { day });
  // CV 200 + 10 = 210.00 (> £135: no relief); duty 0 % × 210 = 0.00.
  assert.equal(a.customsValue, '210.00');
  assert.equal(a.dutyTotal, '0.00');
  // VAT at the zero rate: 0 % × 210.00 = 0.00.
  const [vat] = linesOf(a, 'tax');
  assert.match(vat!.rate, /^0%/);
  assert.equal(vat!.amount, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
});

test('GB: a dress at exactly £135.00 intrinsic value is within the relief (≤), at £135.01 duty and import VAT are due (HMRC: "goods worth £135 or less")', () => {
  const at = estimate('gb', basket({
    shippingCost: '10.00',
    items: [{ description: 'dress', hsCode: '6204440000', quantity: 1, unitPrice: '135.00', originCountry: 'CN' }],
  }), { day });
  // 135.00 ≤ 135 → no duty, no import VAT.
  assert.equal(at.dutyTotal, '0.00');
  assert.equal(at.taxTotal, '0.00');
  assert.equal(at.dueAtBorder, '0.00');
  const over = estimate('gb', basket({
    shippingCost: '10.00',
    items: [{ description: 'dress', hsCode: '6204440000', quantity: 1, unitPrice: '135.01', originCountry: 'CN' }],
  }), { day });
  // CV 145.01; duty 12 % × 145.01 = 17.4012 → 17.40; VAT 20 % × (145.01 + 17.4012) = 32.48224 → 32.48.
  assert.equal(over.customsValue, '145.01');
  assert.equal(over.dutyTotal, '17.40');
  assert.equal(over.taxTotal, '32.48');
  assert.equal(over.dueAtBorder, '49.88');
});

test('GB: a marketplace sale of £135.01 cannot use the UK-OMP scheme — the VAT is due at the border (HMRC: the £135 limit applies to the whole consignment)', () => {
  const a = estimate('gb', basket({
    viaPlatform: true,
    items: [{ description: 'dress', hsCode: '6204440000', quantity: 1, unitPrice: '135.01', originCountry: 'CN' }],
    taxCollected: { scheme: 'UK-OMP', registrationNumber: 'GB123456789', amount: '27.00', currency: 'GBP' },
  }), { day });
  // Ceiling 135 (≤) fails → scheme not recognised: duty 12 % × 135.01 = 16.2012 → 16.20; VAT 20 % × 151.2112 = 30.24224 → 30.24.
  assert.equal(a.scheme?.recognised, false);
  assert.ok(a.findings.some((f) => f.code === 'scheme-not-recognised'));
  assert.equal(a.alreadyCollected, '0.00');
  assert.equal(a.dutyTotal, '16.20');
  assert.equal(a.taxTotal, '30.24');
  assert.equal(a.dueAtBorder, '46.44');
});
