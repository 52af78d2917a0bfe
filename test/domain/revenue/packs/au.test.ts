// Worked examples for the AU pack (jurisdictions/au): GST on low value imported goods, the A$1,000 border threshold, import processing charges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'AU', currency: 'AUD', service: 'post', departureCountry: 'IT', ...b });

test('AU: jeans for A$300 + A$50 shipping from a GST-registered overseas vendor — GST of A$35 on the delivered price charged at the point of sale (ATO GST on low value imported goods, example "Jeans Co", updated 7 Dec 2021)', () => {
  const a = estimate('au', basket({
    shippingCost: '50.00',
    items: [{ description: 'jeans', hsCode: '6203420000', quantity: 1, unitPrice: '300.00', originCountry: 'IT' }],
    taxCollected: { scheme: 'AU-GST-LVIG', registrationNumber: 'ARN 300000000001', amount: '35.00', currency: 'AUD' },
  }), { day });
  // Customs value = price minus freight and insurance (FOB) = 300.00 ≤ 1,000.
  assert.equal(a.customsValue, '300.00');
  // No duty at the border for consignments ≤ A$1,000 (duty line removed, so none enters the GST base).
  assert.equal(a.dutyTotal, '0.00');
  // GST 10 % × (300.00 + 50.00 transport) = 35.00, collected by the vendor at checkout.
  const [gst] = linesOf(a, 'tax');
  assert.match(gst!.rate, /^10%/);
  assert.equal(gst!.amount, '35.00');
  assert.equal(gst!.dueAtBorder, false);
  assert.equal(a.taxTotal, '35.00');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.alreadyCollected, '35.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, 'vendor');
});

test('AU: an A$800 laptop from an unregistered seller — no duty, GST or charges at the border at or below A$1,000 (Home Affairs GST on low value imported goods, 2018)', () => {
  const a = estimate('au', basket({
    departureCountry: 'US',
    shippingCost: '40.00',
    items: [{ description: 'laptop', hsCode: '8471300000', quantity: 1, unitPrice: '800.00', originCountry: 'CN' }],
  }), { day });
  // FOB customs value 800.00 ≤ 1,000 → duty and GST relieved, no import declaration, no charge.
  assert.equal(a.customsValue, '800.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, null);
});

test('AU: goods with a customs value of A$2,000 and A$150 transport and insurance by air cargo — duty 5 %, GST on the value of the taxable importation, import processing charge and biosecurity charge (ABF worked example "Example 3"; ABF Import Processing Charges)', () => {
  const a = estimate('au', basket({
    service: 'air-cargo',
    shippingCost: '150.00',
    items: [{ description: 'wool coats', hsCode: '6202400000', quantity: 4, unitPrice: '500.00', originCountry: 'CN' }],
  }), { day });
  // Cval = 2,000.00 (FOB).
  assert.equal(a.customsValue, '2000.00');
  // Duty @ 5 % of Cval = 100.00.
  const [duty] = linesOf(a, 'duty');
  assert.equal(duty!.rate, '5%');
  assert.equal(duty!.amount, '100.00');
  // VoTI = Cval + Duty + T&I = 2,000 + 100 + 150 = 2,250; GST 10 % = 225.00.
  assert.equal(Number(linesOf(a, 'tax')[0]!.basis), 2250);
  assert.equal(a.taxTotal, '225.00');
  // Fees: electronic IPC A$50.00 (> A$1,000 and < A$10,000) + biosecurity FID charge (air) A$45.00 = 95.00.
  assert.deepEqual(linesOf(a, 'fee').map((f) => [f.code, f.amount]), [['IPC', '50.00'], ['BIO', '45.00']]);
  assert.equal(a.feesTotal, '95.00');
  // Due at the border: 100 + 225 + 95 = 420.00.
  assert.equal(a.dueAtBorder, '420.00');
  assert.equal(a.total, '420.00');
});

test('AU: a A$500 gift sent by a relative abroad — no separate gift concession, but nothing is collected at or below the A$1,000 threshold (Home Affairs GST on low value imported goods, 2018)', () => {
  const a = estimate('au', basket({
    transaction: 'gift',
    departureCountry: 'GB',
    shippingCost: '30.00',
    items: [{ description: 'handbag', hsCode: '4202210000', quantity: 1, unitPrice: '500.00', originCountry: 'GB' }],
  }), { day });
  // Customs value 500.00 ≤ 1,000 → duty (5 % would be 25.00) and GST relieved.
  assert.equal(a.customsValue, '500.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
});

test('AU: a postal consignment of exactly A$1,000.00 is at or below the threshold (≤); A$1,000.01 needs an import declaration with duty, GST and the A$50 import processing charge (ABF: "valued at or below A$1000"; Import Processing Charges)', () => {
  const at = estimate('au', basket({
    shippingCost: '80.00',
    items: [{ description: 'dresses', hsCode: '6204430000', quantity: 1, unitPrice: '1000.00', originCountry: 'CN' }],
  }), { day });
  assert.equal(at.customsValue, '1000.00');
  assert.equal(at.dueAtBorder, '0.00');
  assert.equal(at.feesTotal, '0.00');
  const over = estimate('au', basket({
    shippingCost: '80.00',
    items: [{ description: 'dresses', hsCode: '6204430000', quantity: 1, unitPrice: '1000.01', originCountry: 'CN' }],
  }), { day });
  // Duty 5 % × 1,000.01 = 50.0005 → 50.00.
  assert.equal(over.dutyTotal, '50.00');
  // GST 10 % × (1,000.01 + 80 + 50.0005) = 113.00105 → 113.00.
  assert.equal(over.taxTotal, '113.00');
  // IPC A$50 (post: no biosecurity air/sea charge in this pack).
  assert.equal(over.feesTotal, '50.00');
  assert.equal(over.dueAtBorder, '213.00');
});

test('AU: a single A$1,200 item cannot be sold under the LVIG rules — the GST is due at the border (ATO: low value goods are goods with a customs value of A$1,000 or less)', () => {
  const a = estimate('au', basket({
    items: [{ description: 'smartphone', hsCode: '8517130000', quantity: 1, unitPrice: '1200.00', originCountry: 'CN' }],
    taxCollected: { scheme: 'AU-GST-LVIG', registrationNumber: '300000000001', amount: '120.00', currency: 'AUD' },
  }), { day });
  // Item ceiling 1,000 (≤) fails → not recognised; duty free (8517); GST 10 % × 1,200 = 120.00 at the border + IPC 50.00.
  assert.equal(a.scheme?.recognised, false);
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '120.00');
  assert.equal(a.feesTotal, '50.00');
  assert.equal(a.alreadyCollected, '0.00');
  assert.equal(a.dueAtBorder, '170.00');
});
