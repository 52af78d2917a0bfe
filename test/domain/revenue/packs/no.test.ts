// Worked examples for the NO pack (jurisdictions/no): VOEC (VAT at checkout, duty-free), the end of the NOK 350 exemption, gifts, books.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimate, linesOf } from '../../../helpers/revenue.ts';
import type { Basket } from '../../../../src/domain/revenue/index.ts';

const day = '2026-06-01';
const basket = (b: Partial<Basket> & Pick<Basket, 'items'>): Basket => ({ destination: 'NO', currency: 'NOK', service: 'post', departureCountry: 'CN', ...b });
const voec = (amount: string) => ({ scheme: 'NO-VOEC', registrationNumber: 'VOEC2012345', amount, currency: 'NOK' });

test('NO: an NOK 800 T-shirt sold through a VOEC-registered marketplace — 25 % VAT on price and shipping at checkout, VOEC goods free of customs duty (Skatteetaten Value Added Tax on low value imported goods; Tolletaten Om VOEC-ordningen)', () => {
  const a = estimate('no', basket({
    viaPlatform: true,
    shippingCost: '100.00',
    items: [{ description: 'T-shirt', hsCode: '6109100000', quantity: 1, unitPrice: '800.00', originCountry: 'CN' }],
    taxCollected: voec('225.00'),
  }), { day });
  // CIF 800 + 100 = 900.00; item 800 < 3,000 → VOEC applies.
  assert.equal(a.customsValue, '900.00');
  // Duty: VOEC goods are duty-free — the flat duty of NOK 0 replaces the tariff's 10.7 %.
  const [duty] = linesOf(a, 'duty');
  assert.equal(duty!.code, 'FLAT');
  assert.equal(duty!.amount, '0.00');
  assert.equal(a.dutyTotal, '0.00');
  // VAT 25 % × 900.00 (shipping included in the VAT base) = 225.00, collected at checkout.
  const [vat] = linesOf(a, 'tax');
  assert.match(vat!.rate, /^25%/);
  assert.equal(vat!.amount, '225.00');
  assert.equal(vat!.dueAtBorder, false);
  assert.equal(a.alreadyCollected, '225.00');
  assert.equal(a.dueAtBorder, '0.00');
  assert.equal(a.collectedBy, 'intermediary');
});

test('NO: an NOK 200 T-shirt from a shop outside VOEC — since 1 January 2024 duty and VAT from the first krone; in 2023 the NOK 350 exemption still applied (Tolletaten VOEC: "også under 350 kroner")', () => {
  const b = basket({
    shippingCost: '50.00',
    items: [{ description: 'T-shirt', hsCode: '6109100000', quantity: 1, unitPrice: '200.00', originCountry: 'CN' }],
  });
  const a = estimate('no', b, { day });
  // CIF 250.00; duty 10.7 % × 250 = 26.75; VAT 25 % × (250 + 26.75) = 69.1875 → 69.19.
  assert.equal(a.customsValue, '250.00');
  const [duty] = linesOf(a, 'duty');
  assert.equal(duty!.rate, '10.7%');
  assert.equal(duty!.amount, '26.75');
  assert.equal(a.taxTotal, '69.19');
  assert.equal(a.dueAtBorder, '95.94');
  // 2023: goods value 200 < 350 → exempt from duty and VAT (transitional rule, 1 Apr 2020 – 31 Dec 2023).
  const old = estimate('no', b, { day: '2023-06-01' });
  assert.equal(old.dutyTotal, '0.00');
  assert.equal(old.taxTotal, '0.00');
  assert.equal(old.dueAtBorder, '0.00');
});

test('NO: an NOK 3,500 jacket with NOK 200 shipping — over the VOEC limit, customs duty 10.7 % and VAT 25 % at the border (Tolletaten Importation of clothing)', () => {
  const a = estimate('no', basket({
    service: 'express',
    shippingCost: '200.00',
    items: [{ description: 'jacket', hsCode: '6201400000', quantity: 1, unitPrice: '3500.00', originCountry: 'CN' }],
  }), { day });
  // CIF 3,700.00; duty 10.7 % × 3,700 = 395.90; VAT 25 % × (3,700 + 395.90) = 1,023.975 → 1,023.98.
  assert.equal(a.customsValue, '3700.00');
  assert.equal(a.dutyTotal, '395.90');
  assert.equal(a.taxTotal, '1023.98');
  assert.equal(a.feesTotal, '0.00');
  assert.equal(a.dueAtBorder, '1419.88');
});

test('NO: a gift worth exactly NOK 1,000 from a private person abroad is free of duty and VAT (≤); NOK 1,000.01 is not (Tolletaten Gaver sendt fra utlandet: "1 000 norske kroner eller mindre")', () => {
  const at = estimate('no', basket({
    transaction: 'gift',
    departureCountry: 'US',
    shippingCost: '150.00',
    items: [{ description: 'sweater', hsCode: '6110200000', quantity: 1, unitPrice: '1000.00', originCountry: 'US' }],
  }), { day });
  assert.equal(at.dueAtBorder, '0.00');
  assert.equal(at.lines.length, 0);
  const over = estimate('no', basket({
    transaction: 'gift',
    departureCountry: 'US',
    shippingCost: '150.00',
    items: [{ description: 'sweater', hsCode: '6110200000', quantity: 1, unitPrice: '1000.01', originCountry: 'US' }],
  }), { day });
  // CIF 1,150.01; duty 10.7 % = 123.05107 → 123.05; VAT 25 % × (1,150.01 + 123.05107) = 318.2652675 → 318.27.
  assert.equal(over.dutyTotal, '123.05');
  assert.equal(over.taxTotal, '318.27');
  assert.equal(over.dueAtBorder, '441.32');
});

test('NO: an NOK 500 book — no customs duty and no VAT on books for own use (Tolletaten Netthandel – spørsmål og svar)', () => {
  const a = estimate('no', basket({
    shippingCost: '60.00',
    items: [{ description: 'novel', hsCode: '4901990000', quantity: 1, unitPrice: '500.00', originCountry: 'GB' }],
  }), { day });
  // CIF 560.00; duty 0 %; VAT at the zero rate 0 % × 560 = 0.00.
  assert.equal(a.customsValue, '560.00');
  assert.equal(a.dutyTotal, '0.00');
  const [vat] = linesOf(a, 'tax');
  assert.match(vat!.rate, /^0%/);
  assert.equal(a.taxTotal, '0.00');
  assert.equal(a.dueAtBorder, '0.00');
});

test('NO: VOEC covers items under NOK 3,000 (<): an item at NOK 2,999.99 is covered, an item at exactly NOK 3,000 is not (Skatteetaten: "goods with value below NOK 3,000"; Tolletaten: "2.999 kroner eller mindre")', () => {
  const under = estimate('no', basket({
    items: [{ description: 'coat', hsCode: '6202400000', quantity: 1, unitPrice: '2999.99', originCountry: 'CN' }],
    taxCollected: voec('750.00'),
  }), { day });
  // Recognised: VAT 25 % × 2,999.99 = 749.9975 → 750.00 at checkout; duty-free.
  assert.equal(under.scheme?.recognised, true);
  assert.equal(under.dutyTotal, '0.00');
  assert.equal(under.taxTotal, '750.00');
  assert.equal(under.dueAtBorder, '0.00');
  const at = estimate('no', basket({
    items: [{ description: 'coat', hsCode: '6202400000', quantity: 1, unitPrice: '3000.00', originCountry: 'CN' }],
    taxCollected: voec('750.00'),
  }), { day });
  // Not recognised: duty 10.7 % × 3,000 = 321.00; VAT 25 % × 3,321 = 830.25; all at the border.
  assert.equal(at.scheme?.recognised, false);
  assert.equal(at.dutyTotal, '321.00');
  assert.equal(at.taxTotal, '830.25');
  assert.equal(at.alreadyCollected, '0.00');
  assert.equal(at.dueAtBorder, '1151.25');
});

test('NO: two VOEC items of NOK 2,000 each in one parcel stay duty-free — the NOK 3,000 limit applies per item, not per consignment (Tolletaten Om VOEC-ordningen: "Verdigrensen gjelder per vare")', () => {
  const a = estimate('no', basket({
    items: [
      { description: 'coat', hsCode: '6202400000', quantity: 1, unitPrice: '2000.00', originCountry: 'CN' },
      { description: 'dress', hsCode: '6204430000', quantity: 1, unitPrice: '2000.00', originCountry: 'CN' },
    ],
    taxCollected: voec('1000.00'),
  }), { day });
  // Each item < 3,000 → VOEC recognised; VOEC goods are exempt from customs duty → duty 0 (flat duty NOK 0, item ceiling).
  assert.equal(a.scheme?.recognised, true);
  assert.equal(a.dutyTotal, '0.00');
  // VAT 25 % × 4,000 = 1,000.00 at checkout.
  assert.equal(a.taxTotal, '1000.00');
  assert.equal(a.dueAtBorder, '0.00');
});
