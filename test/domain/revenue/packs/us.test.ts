// Worked examples for the US pack (jurisdictions/us): de minimis USD 800 until 2025-08-28, suspended from 2025-08-29
// (EO 14324), HTSUS general (column 1) rates on the FOB transaction value, merchandise processing fee FY2026.
// Additional IEEPA / Section 301 / Section 232 duties are NOT modelled (they depend on origin and changed often).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const tshirts: Basket = {
  destination: 'US', currency: 'USD', service: 'express', departureCountry: 'GB',
  items: [{ description: 'cotton T-shirt', hsCode: '6109100012', quantity: 4, unitPrice: '30.00', originCountry: 'GB' }],
  shippingCost: '25.00',
};

test('US: before 29 August 2025 a USD 120 shipment enters free under the USD 800 de minimis (19 U.S.C. 1321(a)(2)(C); 19 CFR 10.151)', () => {
  const a = estimate('us', tshirts, { day: '2025-06-01' });
  // FOB value 4 × 30 = 120 (freight 25 excluded) ≤ 800 → no duty, no fee (no entry).
  assert.equal(a.customsValue, '120.00');
  assert.equal(a.total, '0.00');
});

test('US: from 29 August 2025 the same USD 120 shipment pays 16.5 % duty and the USD 2.69 informal-entry MPF (EO 14324; HTSUS 6109.10.00; 19 CFR 24.23(b)(2)(i), 90 FR 34665)', () => {
  const a = estimate('us', tshirts, { day: '2025-11-03' });
  // de minimis suspended: duty 120 × 16.5 % = 19.80; informal entry (≤ 2,500): MPF 2.69 (FY2026); total 22.49.
  assert.equal(a.dutyTotal, '19.80');
  assert.equal(linesOf(a, 'fee').map((l) => l.amount).join(), '2.69');
  assert.equal(a.total, '22.49');
});

test('US: a USD 900 leather handbag was dutiable even before the suspension (over USD 800): 10 % on the FOB value (HTSUS 4202.21.60; 19 U.S.C. 1401a(b)(4)(A))', () => {
  const basket: Basket = {
    destination: 'US', currency: 'USD', service: 'express', departureCountry: 'IT',
    items: [{ description: 'leather handbag', hsCode: '4202216000', quantity: 1, unitPrice: '900.00', originCountry: 'IT' }],
    shippingCost: '40.00', insuranceCost: '9.00',
  };
  const a = estimate('us', basket, { day: '2025-06-01' });
  // FOB 900 > 800 → duty 900 × 10 % = 90.00 (freight and insurance excluded). MPF before FY2026 not modelled.
  assert.equal(a.customsValue, '900.00');
  assert.equal(a.dutyTotal, '90.00');
});

test('US: a USD 3,000 laptop (formal entry, over USD 2,500) is duty-free but pays the MPF minimum USD 33.58 (HTSUS 8471.30.01 free; 19 CFR 24.23(b)(1), FY2026)', () => {
  const basket: Basket = {
    destination: 'US', currency: 'USD', service: 'express', departureCountry: 'TW',
    items: [{ description: 'laptop', hsCode: '8471300100', quantity: 1, unitPrice: '3000.00', originCountry: 'TW' }],
  };
  const a = estimate('us', basket, { day: '2026-02-02' });
  // duty 0; MPF 3000 × 0.3464 % = 10.392 < minimum 33.58 → 33.58.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.feesTotal, '33.58');
  assert.equal(a.total, '33.58');
});

test('US: after the suspension a bona fide gift of USD 80 from a private person stays duty-free (19 U.S.C. 1321(a)(2)(A); 19 CFR 10.152; EO 14324 keeps the gift exemption)', () => {
  const basket: Basket = { ...tshirts, transaction: 'gift', viaPlatform: false,
    items: [{ description: 'cotton T-shirt', hsCode: '6109100012', quantity: 2, unitPrice: '40.00', originCountry: 'GB' }] };
  const a = estimate('us', basket, { day: '2026-02-02' });
  // 80 ≤ 100 → no duty.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(linesOf(a, 'duty').length, 0);
});
