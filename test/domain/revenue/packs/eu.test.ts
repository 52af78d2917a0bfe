// Worked examples for the EU pack (jurisdictions/eu): each computed step by step from the cited law, with the pack's
// tariff (jurisdictions/eu/tariff.csv, Combined Nomenclature 2026 third-country duties).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const IOSS = 'IM2760000001';

test('EU/DE before 1 July 2026: a EUR 120 parcel is relieved of duty (≤ EUR 150) but pays 19 % import VAT on the CIF value (Reg. 1186/2009 Art. 23; Directive 2006/112/EC Art. 85–86; UStG § 12(1))', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'express', departureCountry: 'CN',
    items: [{ description: 'cotton T-shirt', hsCode: '6109100010', quantity: 2, unitPrice: '60.00', originCountry: 'CN' }],
    shippingCost: '10.00',
  };
  const a = estimate('eu', basket, { day: '2026-03-15' });
  // intrinsic value V = 2 × 60 = 120 ≤ 150 → duty relief (Art. 23); the 12 % MFN duty is not charged.
  // customs value (CIF) = 120 + 10 transport = 130; VAT base = 130 + duty 0 = 130; VAT = 130 × 19 % = 24.70.
  assert.equal(a.intrinsicValue, '120.00');
  assert.equal(a.customsValue, '130.00');
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(linesOf(a, 'duty').length, 0);
  assert.equal(a.taxTotal, '24.70');
  assert.equal(a.total, '24.70');
  assert.equal(a.dueAtBorder, '24.70');
});

test('EU/DE from 1 July 2026: 1 silk blouse + 2 wool blouses sold under IOSS = 2 tariff subheadings = EUR 6 flat duty, VAT collected at checkout (Council Regulation (EU) 2026/382, Council example of 11 Feb 2026; Directive 2006/112/EC Art. 143(1)(ca))', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'post', departureCountry: 'CN',
    items: [
      { description: 'blouse, silk', hsCode: '6206100000', quantity: 1, unitPrice: '40.00', originCountry: 'CN' },
      { description: 'blouse, wool', hsCode: '6206200000', quantity: 2, unitPrice: '30.00', originCountry: 'CN' },
    ],
    shippingCost: '5.00',
    taxCollected: { scheme: 'IOSS', registrationNumber: IOSS, amount: '19.95', currency: 'EUR' },
  };
  const a = estimate('eu', basket, { day: '2026-09-01' });
  // V = 40 + 60 = 100 ≤ 150 and IOSS recognised → flat duty replaces the tariff: 620610 and 620620 = 2 subheadings × 3 = 6.00.
  // transport 5 apportioned by value: silk 2, wool 3 → CV silk 42, wool 63, CV = 105.
  // VAT collected under IOSS is VAT on the sale (Directive 2006/112/EC Art. 73 and 78): the price paid for the goods
  // and their delivery, 100 + 5 = 105, not the import duty: 105 × 19 % = 19.95 (silk 42 × 0.19 = 7.98, wool 63 × 0.19 =
  // 11.97). IOSS covers the tax: VAT not due at the border; the duty is.
  assert.equal(a.customsValue, '105.00');
  assert.equal(a.dutyTotal, '6.00');
  assert.ok(linesOf(a, 'duty').every((l) => l.code === 'FLAT'));
  assert.equal(a.taxTotal, '19.95');
  assert.ok(linesOf(a, 'tax').every((l) => !l.dueAtBorder));
  assert.equal(a.total, '25.95');
  assert.equal(a.dueAtBorder, '6.00');
  assert.equal(a.alreadyCollected, '19.95');
  assert.ok(!a.findings.some((f) => f.code === 'tax-shortfall'), 'the seller collected exactly the VAT on the sale');
  assert.equal(a.collectedBy, 'vendor');
  assert.equal(a.scheme?.recognised, true);
});

test('EU/DE from 1 July 2026: a EUR 80 parcel without IOSS pays the Common Customs Tariff duty and VAT at the border (Reg. 2026/382 deletes the EUR 150 relief; CN 2026 6109 12 %; Directive 2006/112/EC Art. 85–86)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'express', departureCountry: 'CN',
    items: [{ description: 'cotton T-shirt', hsCode: '6109100010', quantity: 4, unitPrice: '20.00', originCountry: 'CN' }],
    shippingCost: '10.00',
  };
  const a = estimate('eu', basket, { day: '2026-09-01' });
  // V = 80; no relief after 30 June 2026; no IOSS → no flat duty.
  // CV = 80 + 10 = 90; duty = 90 × 12 % = 10.80; VAT = (90 + 10.80) × 19 % = 19.152 → 19.15.
  assert.equal(a.customsValue, '90.00');
  assert.equal(a.dutyTotal, '10.80');
  assert.ok(linesOf(a, 'duty').every((l) => l.code === 'MFN'));
  assert.equal(a.taxTotal, '19.15');
  assert.equal(a.total, '29.95');
  assert.equal(a.dueAtBorder, '29.95');
});

test('EU/DE: a EUR 200 parcel (over EUR 150) pays CIF duty per tariff line and VAT on customs value + duty (UCC Art. 70–71; CN 2026 6403 8 %, 6109 12 %; Directive 2006/112/EC Art. 85–86)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'express', departureCountry: 'US',
    items: [
      { description: 'leather shoes', hsCode: '6403993800', quantity: 1, unitPrice: '150.00', originCountry: 'VN' },
      { description: 'cotton T-shirt', hsCode: '6109100010', quantity: 1, unitPrice: '50.00', originCountry: 'CN' },
    ],
    shippingCost: '20.00',
  };
  const a = estimate('eu', basket, { day: '2026-03-15' });
  // V = 200 > 150: no relief. Transport 20 by value: shoes 15, T-shirt 5.
  // CV shoes 165 → duty 165 × 8 % = 13.20; CV T-shirt 55 → duty 55 × 12 % = 6.60; duty = 19.80.
  // VAT shoes (165 + 13.20) × 19 % = 33.858 → 33.86; T-shirt (55 + 6.60) × 19 % = 11.704 → 11.70; VAT = 45.56.
  assert.equal(a.customsValue, '220.00');
  assert.deepEqual(linesOf(a, 'duty').map((l) => l.amount), ['13.20', '6.60']);
  assert.equal(a.dutyTotal, '19.80');
  assert.deepEqual(linesOf(a, 'tax').map((l) => l.amount), ['33.86', '11.70']);
  assert.equal(a.taxTotal, '45.56');
  assert.equal(a.total, '65.36');
});

test('EU/DE: a printed book takes the 7 % reduced rate beside a T-shirt at 19 % (UStG § 12(2) Nr. 1 with Anlage 2 Nr. 49; Reg. 1186/2009 Art. 23)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'post', departureCountry: 'GB',
    items: [
      { description: 'printed book', hsCode: '4901990000', quantity: 1, unitPrice: '30.00', originCountry: 'GB' },
      { description: 'cotton T-shirt', hsCode: '6109100010', quantity: 1, unitPrice: '20.00', originCountry: 'GB' },
    ],
  };
  const a = estimate('eu', basket, { day: '2026-03-15' });
  // V = 50 ≤ 150 (before 1 July 2026): duty relieved. VAT book 30 × 7 % = 2.10; T-shirt 20 × 19 % = 3.80; VAT = 5.90.
  assert.equal(a.dutyTotal, '0.00');
  assert.deepEqual(linesOf(a, 'tax').map((l) => l.amount), ['2.10', '3.80']);
  assert.equal(a.taxTotal, '5.90');
});

test('EU/FR: a book at 5.5 % and a T-shirt at 20 %, plus the French EUR 2 small-parcel tax per article category (CGI art. 278 and 278-0 bis A; Loi de finances 2026 art. 22, from 1 March 2026)', () => {
  const basket: Basket = {
    destination: 'FR', currency: 'EUR', service: 'post', departureCountry: 'CN',
    items: [
      { description: 'printed book', hsCode: '4901990000', quantity: 1, unitPrice: '30.00', originCountry: 'CN' },
      { description: 'cotton T-shirt', hsCode: '6109100010', quantity: 1, unitPrice: '20.00', originCountry: 'CN' },
    ],
  };
  const a = estimate('eu', basket, { day: '2026-04-01' });
  // V = 50 ≤ 150 before 1 July 2026: duty relieved. VAT book 30 × 5.5 % = 1.65; T-shirt 20 × 20 % = 4.00 → 5.65.
  // Taxe sur les petits colis: 2 article categories (490199, 610910) × EUR 2 = 4.00 (not in the VAT base).
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '5.65');
  assert.equal(a.feesTotal, '4.00');
  assert.equal(a.total, '9.65');
});

test('EU/DE: a EUR 40 gift from one private person to another is relieved of duty and import VAT (Reg. 1186/2009 Art. 25; Directive 2006/79/EC Art. 1)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'post', departureCountry: 'US', transaction: 'gift', viaPlatform: false,
    items: [{ description: 'wool pullover', hsCode: '6110111000', quantity: 1, unitPrice: '40.00', originCountry: 'US' }],
    shippingCost: '12.00',
  };
  const a = estimate('eu', basket, { day: '2026-09-01' });
  // intrinsic value 40 ≤ 45 (transport excluded): no duty, no VAT.
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.total, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
});

test('EU/DE: a USD 216 parcel converted at the customs rate USD 1.08 per EUR pays 12 % duty and 19 % VAT (UCC-IA Art. 146; UCC Art. 70–71; CN 2026 6109)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'USD', service: 'express', departureCountry: 'US',
    items: [{ description: 'cotton T-shirt', hsCode: '6109100010', quantity: 4, unitPrice: '54.00', originCountry: 'US' }],
    shippingCost: '21.60',
  };
  const a = estimate('eu', basket, { day: '2026-09-01', rates: [{ currency: 'USD', perUnit: '1.08' }] });
  // V = 216 / 1.08 = EUR 200 (> 150); transport 21.60 / 1.08 = 20; CV = 220.
  // duty 220 × 12 % = 26.40; VAT (220 + 26.40) × 19 % = 46.816 → 46.82; total 73.22.
  assert.equal(a.intrinsicValue, '200.00');
  assert.equal(a.customsValue, '220.00');
  assert.equal(a.dutyTotal, '26.40');
  assert.equal(a.taxTotal, '46.82');
  assert.equal(a.total, '73.22');
  assert.equal(a.exchangeRate?.perUnit, '1.08');
});

test('EU/DE before 1 July 2026: an IOSS parcel of EUR 100 owes no duty (≤ 150) and its VAT was collected at checkout, so nothing is due at the border (Directive 2006/112/EC Art. 143(1)(ca); Reg. 1186/2009 Art. 23)', () => {
  const basket: Basket = {
    destination: 'DE', currency: 'EUR', service: 'post', departureCountry: 'CN', viaPlatform: true,
    items: [{ description: 'cotton T-shirt', hsCode: '6109100010', quantity: 5, unitPrice: '20.00', originCountry: 'CN' }],
    taxCollected: { scheme: 'IOSS', registrationNumber: IOSS, amount: '19.00', currency: 'EUR' },
  };
  const a = estimate('eu', basket, { day: '2026-05-10' });
  // V = CV = 100; duty relieved; VAT = 100 × 19 % = 19.00, collected by the marketplace (deemed supplier).
  assert.equal(a.dutyTotal, '0.00');
  assert.equal(a.taxTotal, '19.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.alreadyCollected, '19.00');
  assert.equal(a.collectedBy, 'intermediary');
});

test('EU/EE: the Estonian standard rate is 22 % on 30 June 2025 and 24 % from 1 July 2025 (Käibemaksuseadus § 15(1) as amended 2025)', () => {
  const basket: Basket = {
    destination: 'EE', currency: 'EUR', service: 'post', departureCountry: 'CN',
    items: [{ description: 'phone case', hsCode: '3926909790', quantity: 1, unitPrice: '50.00', originCountry: 'CN' }],
  };
  // V = 50 ≤ 150: duty relieved (2025). VAT 50 × 22 % = 11.00, then 50 × 24 % = 12.00.
  assert.equal(estimate('eu', basket, { day: '2025-06-30' }).taxTotal, '11.00');
  assert.equal(estimate('eu', basket, { day: '2025-07-01' }).taxTotal, '12.00');
});

test('EU/DE on 2021-06-01: a EUR 20 parcel lists both reliefs it had, duty to EUR 150 (Reg. 1186/2009 Art. 23) and VAT to EUR 22 (Directive 2009/132/EC Art. 23)', () => {
  const a = estimate('eu', { destination: 'DE', currency: 'EUR', items: [{ description: 'Knitted wool scarf', quantity: 1, unitPrice: '20.00', hsCode: '611710', originCountry: 'CN' }] }, { day: '2021-06-01' });
  assert.equal(a.total, '0.00');
  assert.deepEqual(
    a.reliefs.map((r) => [r.charge, r.threshold]),
    [
      ['duty', '150'],
      ['tax', '22'],
    ],
  );
  assert.match(a.reliefs[0]!.source, /1186\/2009/);
  assert.match(a.reliefs[1]!.source, /2009\/132/);
});
