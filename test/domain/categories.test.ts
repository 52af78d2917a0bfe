// WCO IRG categories from the EU pack, looked up on an explicit day.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { categorise as categoriseWith } from '../../src/domain/categories/index.ts';
import { basketOf } from '../../src/domain/clearance/index.ts';
import type { Pack } from '../../src/domain/jurisdiction/index.ts';
import type { MergedFields } from '../../src/domain/merging/index.ts';
import { assess } from '../../src/domain/revenue/index.ts';
import { declaration } from '../helpers/filings.ts';
import { euPack, euRules, merged } from './support.ts';

/** The category the clearance pipeline would decide: the revenue engine's assessment for the same fields and day. */
function categorise(fields: MergedFields, pack: Pack, day: string) {
  const basket = basketOf(fields, pack);
  return categoriseWith(fields, pack, day, basket ? assess(basket, pack, { day, ...euRules.lookups }) : undefined);
}

const TODAY = '2026-11-23';
const PLATFORM_PARTY = { name: 'ShopNova', address: { lines: ['1 Market St'], city: 'Dublin', country: 'IE' } };

/** The decision for a one-item declaration worth `price`, merged as the intake would, on `day`. */
function decide(price: string, over: Record<string, unknown> = {}, day = TODAY) {
  const d = declaration({ items: [{ description: 'Knitted wool scarf', quantity: 1, unitPrice: price, hsCode: '611710', originCountry: 'CN' }], ...over });
  return categorise(merged([d, 'pty_sender']), euPack, day);
}

describe('categorise (EU pack)', () => {
  test('documents are category 1', () => {
    const c = decide('0', { transaction: 'documents', items: [{ description: 'Printed contracts', quantity: 1, unitPrice: '0', originCountry: 'CN' }] });
    assert.equal(c.category, 1);
    assert.match(c.source, /1186\/2009 Art\. 102/);
  });

  test('"documents" with priced items are categorised by their value, not as category 1', () => {
    assert.equal(decide('120.00', { transaction: 'documents' }).category, 3);
    assert.equal(decide('320.00', { transaction: 'documents' }).category, 4);
  });

  test('a corrected order that leaves out transaction falls back to the default (sale), not to the earlier value', () => {
    const first: Record<string, unknown> = declaration({ transaction: 'documents', items: [{ description: 'Printed contracts', quantity: 1, unitPrice: '0', originCountry: 'CN' }] });
    const corrected: Record<string, unknown> = {
      ...first,
      filingId: `${String(first.filingId)}-2`,
      sentAt: '2026-11-21T10:00:00Z',
      items: [{ description: 'Knitted wool scarf', quantity: 1, unitPrice: '60.00', hsCode: '611710', originCountry: 'CN' }],
    };
    delete corrected.transaction;
    const fields = merged([first, 'pty_sender'], [corrected, 'pty_sender']);
    assert.equal(fields.transaction?.value, 'sale');
    assert.equal(fields.transaction?.source, corrected.filingId);
    assert.equal(categorise(fields, euPack, TODAY).category, 3);
  });

  test('a gift from one private person to another within EUR 45 is category 2 under the gift relief', () => {
    const c = decide('30.00', { transaction: 'gift' });
    assert.equal(c.category, 2);
    assert.match(c.source, /Art\. 25/);
  });

  test('a gift of exactly EUR 45 is still relieved (≤); EUR 45.01 is not', () => {
    assert.equal(decide('45.00', { transaction: 'gift' }).category, 2);
    assert.equal(decide('45.01', { transaction: 'gift' }).category, 3);
  });

  test('a "gift" sold through a platform is not a private gift: not category 2', () => {
    const c = decide('30.00', { transaction: 'gift', platform: PLATFORM_PARTY });
    assert.equal(c.category, 3);
  });

  test('a sale of EUR 20 in November 2026 is category 3: no duty or VAT de minimis is left', () => {
    assert.equal(decide('20.00').category, 3);
  });

  test('a parcel of exactly EUR 150 is low value (≤): category 3', () => {
    const c = decide('150.00');
    assert.equal(c.category, 3);
    assert.equal(c.intrinsicValue, '150.00');
    assert.match(c.source, /2015\/2446/);
  });

  test('EUR 150.01 is over the low-value threshold: category 4', () => {
    const c = decide('150.01');
    assert.equal(c.category, 4);
    assert.equal(c.intrinsicValue, '150.01');
  });

  test('the intrinsic value is the goods alone: quantity × unit price, shipping and insurance left out', () => {
    const d = declaration({
      items: [
        { description: 'Ceramic coffee mug', quantity: 3, unitPrice: '40.00', hsCode: '691200', originCountry: 'CN' },
        { description: 'Bamboo coaster set', quantity: 1, unitPrice: '30.00', hsCode: '460211', originCountry: 'CN' },
      ],
      shippingCost: '25.00',
      insuranceCost: '5.00',
    });
    const c = categorise(merged([d, 'pty_sender']), euPack, TODAY);
    assert.equal(c.intrinsicValue, '150.00');
    assert.equal(c.category, 3, 'EUR 150 of goods plus EUR 30 of transport and insurance stays low value');
  });

  test('prices in a currency other than EUR: no category, and the reason names the currency', () => {
    const c = decide('20.00', { currency: 'USD' });
    assert.equal(c.category, null);
    assert.match(c.reason, /USD/);
    assert.equal(c.intrinsicValue, null);
  });

  test('no order data yet: no category', () => {
    assert.equal(categorise({}, euPack, TODAY).category, null);
  });

  test('the decision names the pack version it applied', () => {
    assert.equal(decide('20.00').packVersion, 'EU@2026.11.1');
    assert.equal(decide('20.00').currency, 'EUR');
  });

  describe('facts are looked up on the day given', () => {
    test('on 2021-06-01 a EUR 20 sale is category 2 (EUR 22 VAT exemption and EUR 150 duty relief in force)', () => {
      const c = decide('20.00', {}, '2021-06-01');
      assert.equal(c.category, 2);
      assert.match(c.source, /1186\/2009 Art\. 23/);
      assert.match(c.source, /2009\/132\/EC/);
    });

    test('on 2021-06-01 exactly EUR 22 is still exempt (≤)', () => {
      assert.equal(decide('22.00', {}, '2021-06-01').category, 2);
    });

    test('on 2021-06-30, the last day of the VAT exemption, EUR 20 is category 2; on 2021-07-01 it is 3', () => {
      assert.equal(decide('20.00', {}, '2021-06-30').category, 2);
      assert.equal(decide('20.00', {}, '2021-07-01').category, 3);
    });

    test('on 2026-11-23 the same EUR 20 sale is category 3', () => {
      assert.equal(decide('20.00', {}, '2026-11-23').category, 3);
    });
  });
});
