// Worked examples for the NZ pack (jurisdictions/nz): GST on low-value imported goods, the NZ$1,000 threshold, the 2026 low-value goods levy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'NZ', currency: 'NZD', service: 'post', departureCountry: 'AU', ...b });

test('NZ: NZ$250 sneakers from a GST-registered offshore supplier by express — 15 % GST at checkout, no duty, only the NZ$2.21 low-value goods levy at the border (IRD GST on low-value imported goods, 2019; Customs and Excise (Goods Management Levies) Order 2025)', () => {
  const a = estimate('nz', basket({
    service: 'express',
    shippingCost: '20.00',
    items: [{ description: 'sneakers', hsCode: '6404110000', quantity: 1, unitPrice: '250.00', originCountry: 'VN' }],
    taxCollected: { scheme: 'NZ-GST', registrationNumber: '123-456-789', amount: '40.50', currency: 'NZD' },
  }), { day });
  // Customs value (FOB) 250.00 ≤ 1,000: no duty at the border.
  assert.equal(a.customsValue, '250.00');
  assert.equal(a.dutyTotal, '0.00');
  // GST 15 % × (250.00 + 20.00 shipping) = 40.50, collected by the supplier.
  const [gst] = linesOf(a, 'tax');
  assert.match(gst!.rate, /^15%/);
  assert.equal(gst!.amount, '40.50');
  assert.equal(gst!.dueAtBorder, false);
  assert.equal(a.alreadyCollected, '40.50');
  // Low-value goods levy (air): NZ$2.21 per consignment from 1 April 2026 (GST on the levy not modelled).
  const [levy] = linesOf(a, 'fee');
  assert.equal(levy!.code, 'LVG-LEVY');
  assert.equal(levy!.amount, '2.21');
  assert.equal(a.feesTotal, '2.21');
  assert.equal(a.dueAtBorder, '2.21');
  assert.equal(a.collectedBy, 'vendor');
});

test('NZ: a NZ$400 jacket by post from an unregistered seller — no duty and no GST collected at the border for consignments of NZ$1,000 or less (NZ Customs low value goods changes, 1 Dec 2019)', () => {
  const a = estimate('nz', basket({
    shippingCost: '25.00',
    items: [{ description: 'jacket', hsCode: '6201400000', quantity: 1, unitPrice: '400.00', originCountry: 'CN' }],
  }), { day });
  // CV 400.00 ≤ 1,000 → duty (10 % = 40.00) and GST relieved; the postal UPU levy is billed to the postal operator (not modelled).
  assert.equal(a.customsValue, '400.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, null);
});

test('NZ: a NZ$1,200 jacket with NZ$60 courier charges — duty 10 % of the customs value and GST 15 % on value + duty + courier charges (NZ Customs FAQ "How is the GST calculated?")', () => {
  const a = estimate('nz', basket({
    service: 'express',
    shippingCost: '60.00',
    items: [{ description: 'leather jacket', hsCode: '6203330000', quantity: 1, unitPrice: '1200.00', originCountry: 'CN' }],
  }), { day });
  // CV (FOB) 1,200.00 > 1,000. Duty 10 % × 1,200 = 120.00.
  assert.equal(a.customsValue, '1200.00');
  const [duty] = linesOf(a, 'duty');
  assert.equal(duty!.rate, '10%');
  assert.equal(duty!.amount, '120.00');
  // GST 15 % × (1,200 + 120 + 60) = 207.00.
  assert.equal(a.taxTotal, '207.00');
  // No low-value levy (CV > 1,000); the high-value levies of 2026 are not in the pack.
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '327.00');
});

test('NZ: a NZ$100 gift from a relative abroad — gifts of NZ$110 or less enter free (NZ Customs "Gifts", archived page)', () => {
  const a = estimate('nz', basket({
    transaction: 'gift',
    items: [{ description: 'scarf', hsCode: '6117100000', quantity: 1, unitPrice: '100.00', originCountry: 'GB' }],
  }), { day });
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.lines.length, 0);
});

test('NZ: a consignment of exactly NZ$1,000.00 is low value (≤); NZ$1,000.01 pays duty and GST (NZ Customs: "total value on or below NZ$1000")', () => {
  const at = estimate('nz', basket({
    shippingCost: '40.00',
    items: [{ description: 'coat', hsCode: '6202400000', quantity: 1, unitPrice: '1000.00', originCountry: 'CN' }],
  }), { day });
  assert.equal(at.dueAtBorder, '0.00');
  const over = estimate('nz', basket({
    shippingCost: '40.00',
    items: [{ description: 'coat', hsCode: '6202400000', quantity: 1, unitPrice: '1000.01', originCountry: 'CN' }],
  }), { day });
  // Duty 10 % × 1,000.01 = 100.001 → 100.00; GST 15 % × (1,000.01 + 40 + 100.001) = 171.00165 → 171.00.
  assert.equal(over.dutyTotal, '100.00');
  assert.equal(over.taxTotal, '171.00');
  assert.equal(over.dueAtBorder, '271.00');
});

test('NZ: the NZ$2.21 low-value goods levy applies to air consignments from 1 April 2026, not before (Customs and Excise (Goods Management Levies) Order 2025, in force 1 April 2026)', () => {
  const b = basket({
    service: 'air-cargo',
    items: [{ description: 'phone case', hsCode: '3926909000', quantity: 1, unitPrice: '50.00', originCountry: 'CN' }],
  });
  const before = estimate('nz', b, { day: '2026-03-31' });
  assert.equal(before.feesTotal, '0.00');
  assert.equal(before.dueAtBorder, '0.00');
  const after = estimate('nz', b, { day: '2026-04-01' });
  // One consignment × NZ$2.21; duty and GST relieved (CV 50 ≤ 1,000).
  assert.equal(after.feesTotal, '2.21');
  assert.equal(after.dutyTotal, '0.00');
  assert.equal(after.taxTotal, '0.00');
  assert.equal(after.dueAtBorder, '2.21');
});
