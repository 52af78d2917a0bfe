// validateFiling: the JSON Schema pass and the semantic pass (ISO codes, minor digits, S10, IOSS), all errors at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateFiling, type FieldError } from '../../src/domain/validation/index.ts';
import { arrival, buyer, declaration, logistics, order, payment, s10, uid } from '../helpers/filings.ts';

/** The errors of a filing the validator must refuse. */
function errorsOf(input: unknown): FieldError[] {
  const v = validateFiling(input);
  assert.equal(v.ok, false, 'expected the filing to be refused');
  return v.ok ? [] : v.errors;
}
const pairs = (errors: FieldError[]) => errors.map((e) => `${e.path} ${e.code}`);
const item = (over: Record<string, unknown> = {}) => ({
  description: 'Ceramic coffee mug',
  quantity: 1,
  unitPrice: '10.00',
  hsCode: '691200',
  originCountry: 'CN',
  ...over,
});

describe('validateFiling', () => {
  describe('a valid filing of each kind passes', () => {
    const trackingId = s10();
    const cases: Record<string, Record<string, unknown>> = {
      declaration: declaration(),
      order: order(),
      payment: payment('ORD-1', '29.99'),
      logistics: logistics(trackingId),
      arrival: arrival(trackingId),
      delivery: { filingId: uid('del'), kind: 'delivery', sentAt: '2026-11-25T16:00:00Z', trackingId, deliveredAt: '2026-11-25T15:30:00+01:00' },
      return: {
        filingId: uid('ret'),
        kind: 'return',
        sentAt: '2026-11-30T09:00:00Z',
        trackingId,
        requestedAt: '2026-11-29T20:00:00Z',
        items: [{ itemIndex: 0, quantity: 1 }],
        reason: 'wrong size',
      },
    };
    for (const [kind, filing] of Object.entries(cases)) {
      test(`${kind}`, () => {
        const v = validateFiling(filing);
        assert.deepEqual(v.ok ? [] : v.errors, []);
        assert.ok(v.ok && v.filing.kind === kind);
      });
    }

    test('a declaration with embedded payment, transport, platform and IOSS tax collected', () => {
      const d = declaration({
        platform: { name: 'ShopNova', address: { lines: ['1 Market St'], city: 'Dublin', country: 'IE' }, taxIds: { ioss: 'IM3720000123' } },
        taxCollected: { scheme: 'IOSS', registrationNumber: 'IM3720000123', amount: '5.70', currency: 'EUR' },
        payment: { transactionId: 'TX-1', amount: '35.69', currency: 'EUR', paidAt: '2026-11-19T09:01:00Z' },
        transport: {
          carrier: { name: 'China Post', address: { lines: ['Hub 1'], city: 'Shenzhen', country: 'CN' } },
          service: 'post',
          consignee: buyer,
          grossMassKg: '0.550',
          departureCountry: 'CN',
          destinationCountry: 'DE',
          expectedArrival: '2026-11-24T08:00:00Z',
        },
      });
      const v = validateFiling(d);
      assert.deepEqual(v.ok ? [] : v.errors, []);
    });
  });

  test('every problem in a filing is reported at once, each with its path and code', () => {
    const { buyer: _omitted, ...noBuyer } = declaration();
    const errors = errorsOf({
      ...noBuyer,
      trackingId: 'RR123456784CN',
      sentAt: '2026-11-20 10:00',
      items: [item({ description: 'x', quantity: 0, unitPrice: '1.234', hsCode: '12', originCountry: 'XX' })],
      taxCollected: { scheme: 'IOSS', registrationNumber: 'IM9990000001', amount: '5.70', currency: 'EUR' },
      extra: true,
    });
    const got = new Set(pairs(errors));
    for (const want of [
      '/buyer missing',
      '/extra unknown-field',
      '/sentAt bad-format',
      '/trackingId bad-check-digit',
      '/items/0/description too-short',
      '/items/0/quantity too-short',
      '/items/0/unitPrice too-many-decimals',
      '/items/0/hsCode bad-format',
      '/items/0/originCountry unknown-country',
      '/taxCollected/registrationNumber bad-ioss-number',
    ]) {
      assert.ok(got.has(want), `missing ${want} in ${[...got].join(', ')}`);
    }
    assert.equal(got.size, errors.length, 'no path and code is reported twice');
    for (const e of errors) assert.ok(typeof e.message === 'string' && e.message.length > 0, `${e.path} has a message`);
  });

  describe('minor digits follow the currency (ISO 4217)', () => {
    test('JPY has no minor unit: "100.5" is refused, "100" accepted', () => {
      const errors = errorsOf(declaration({ currency: 'JPY', shippingCost: '500', items: [item({ unitPrice: '100.5' })] }));
      assert.deepEqual(pairs(errors), ['/items/0/unitPrice too-many-decimals']);
      assert.match(errors[0]!.message, /JPY has 0 minor digits/);
      assert.equal(validateFiling(declaration({ currency: 'JPY', shippingCost: '500', items: [item({ unitPrice: '100' })] })).ok, true);
    });

    test('KWD has three: "1.125" is accepted', () => {
      const v = validateFiling(declaration({ currency: 'KWD', shippingCost: '1.500', items: [item({ unitPrice: '1.125' })] }));
      assert.deepEqual(v.ok ? [] : v.errors, []);
    });

    test('EUR has two: "1.125" is refused wherever an amount in the order currency appears', () => {
      const errors = errorsOf(declaration({ shippingCost: '4.999', insuranceCost: '0.001', items: [item({ unitPrice: '1.125' })] }));
      assert.deepEqual(pairs(errors).sort(), ['/insuranceCost too-many-decimals', '/items/0/unitPrice too-many-decimals', '/shippingCost too-many-decimals']);
    });

    test('a payment amount is checked against the payment currency', () => {
      assert.deepEqual(pairs(errorsOf(payment('ORD-1', '10.005'))), ['/amount too-many-decimals']);
      assert.equal(validateFiling(payment('ORD-1', '10.005', { currency: 'BHD' })).ok, true);
      assert.deepEqual(pairs(errorsOf(payment('ORD-1', '10.5', { currency: 'JPY' }))), ['/amount too-many-decimals']);
    });

    test('embedded payment and tax collected are checked against their own currencies', () => {
      const errors = errorsOf(
        declaration({
          payment: { transactionId: 'TX-1', amount: '3000.5', currency: 'JPY', paidAt: '2026-11-19T09:01:00Z' },
          taxCollected: { scheme: 'IOSS', registrationNumber: 'IM2760000001', amount: '5.701', currency: 'EUR' },
        }),
      );
      assert.deepEqual(pairs(errors).sort(), ['/payment/amount too-many-decimals', '/taxCollected/amount too-many-decimals']);
    });
  });

  describe('ISO codes must exist, not only look right', () => {
    test('an unknown currency code is unknown-currency', () => {
      assert.deepEqual(pairs(errorsOf(declaration({ currency: 'XYZ' }))), ['/currency unknown-currency']);
    });

    test('unknown country codes are reported at every depth', () => {
      const errors = errorsOf(
        declaration({
          buyer: { ...buyer, address: { ...buyer.address, country: 'XX' } },
          items: [item({ originCountry: 'QQ' })],
        }),
      );
      assert.deepEqual(pairs(errors).sort(), ['/buyer/address/country unknown-country', '/items/0/originCountry unknown-country']);
    });

    test('a lower-case code is a format error, not an unknown code', () => {
      assert.deepEqual(pairs(errorsOf(declaration({ currency: 'eur' }))), ['/currency bad-format']);
    });
  });

  describe('dates and times carry an offset', () => {
    test('a date-time without an offset is refused', () => {
      assert.deepEqual(pairs(errorsOf(declaration({ sentAt: '2026-11-20T10:00:00' }))), ['/sentAt bad-format']);
    });

    test('a date alone is refused', () => {
      assert.deepEqual(pairs(errorsOf(declaration({ orderedAt: '2026-11-19' }))), ['/orderedAt bad-format']);
    });

    test('Z and ±hh:mm offsets are accepted', () => {
      assert.equal(validateFiling(declaration({ sentAt: '2026-11-20T10:00:00Z', orderedAt: '2026-11-19T09:00:00-05:00' })).ok, true);
      assert.equal(validateFiling(declaration({ sentAt: '2026-11-20T10:00:00.123+05:30' })).ok, true);
    });
  });

  describe('HS codes have 6 to 10 digits', () => {
    test('5 digits are refused', () => {
      const errors = errorsOf(declaration({ items: [item({ hsCode: '69120' })] }));
      assert.deepEqual(pairs(errors), ['/items/0/hsCode bad-format']);
      assert.match(errors[0]!.message, /6 to 10 digits/);
    });

    test('11 digits are refused', () => {
      assert.deepEqual(pairs(errorsOf(declaration({ items: [item({ hsCode: '69120000001' })] }))), ['/items/0/hsCode bad-format']);
    });

    test('6 and 10 digits are accepted', () => {
      assert.equal(validateFiling(declaration({ items: [item({ hsCode: '691200' })] })).ok, true);
      assert.equal(validateFiling(declaration({ items: [item({ hsCode: '6912000010' })] })).ok, true);
    });
  });

  describe('tracking ids', () => {
    test('a postal logistics filing with a tracking id that is not S10 is refused', () => {
      const errors = errorsOf(logistics('1234567890', { service: 'post' }));
      assert.deepEqual(pairs(errors), ['/trackingId bad-format']);
      assert.match(errors[0]!.message, /S10/);
    });

    test('a declaration whose embedded transport is postal needs an S10 id too', () => {
      const d = declaration({ trackingId: 'JD0146000012345678' });
      const transport = { ...logistics('x'), filingId: undefined, kind: undefined, sentAt: undefined, trackingId: undefined };
      const errors = errorsOf({ ...d, transport: JSON.parse(JSON.stringify(transport)) });
      assert.deepEqual(pairs(errors), ['/trackingId bad-format']);
    });

    test('an express waybill number is accepted for an express logistics filing', () => {
      const v = validateFiling(logistics('1234567890', { service: 'express', carrier: { name: 'DHL Express', address: { lines: ['Hub'], city: 'Leipzig', country: 'DE' } } }));
      assert.deepEqual(v.ok ? [] : v.errors, []);
    });

    test('an S10-shaped id is checked whatever the service', () => {
      assert.deepEqual(pairs(errorsOf(logistics('RB123456786US', { service: 'express' }))), ['/trackingId bad-check-digit']);
      assert.deepEqual(pairs(errorsOf(declaration({ trackingId: 'RB123456785XX' }))), ['/trackingId unknown-country']);
    });
  });

  describe('IOSS numbers in a filing', () => {
    test('a tax-collected IOSS number with a Member State code passes; 999 does not', () => {
      const tc = (registrationNumber: string) => ({ scheme: 'IOSS', registrationNumber, amount: '5.70', currency: 'EUR' });
      assert.equal(validateFiling(declaration({ taxCollected: tc('IM2760000001') })).ok, true);
      assert.deepEqual(pairs(errorsOf(declaration({ taxCollected: tc('IM9990000001') }))), ['/taxCollected/registrationNumber bad-ioss-number']);
      assert.deepEqual(pairs(errorsOf(declaration({ taxCollected: tc('IM276000001') }))), ['/taxCollected/registrationNumber bad-ioss-number']);
    });

    test('another scheme\'s registration number is not held to the IOSS format', () => {
      const v = validateFiling(declaration({ taxCollected: { scheme: 'UK-OMP', registrationNumber: 'GB123456789', amount: '5.00', currency: 'GBP' } }));
      assert.deepEqual(v.ok ? [] : v.errors, []);
    });

    test('a party\'s IOSS tax id is checked', () => {
      const seller = { name: 'Seller', address: { lines: ['1 Road'], city: 'Shenzhen', country: 'CN' }, taxIds: { ioss: 'IM9990000001' } };
      assert.deepEqual(pairs(errorsOf(declaration({ seller }))), ['/seller/taxIds/ioss bad-ioss-number']);
    });
  });

  describe('kind and shape', () => {
    test('an unknown kind is not-allowed and names the kinds', () => {
      const errors = errorsOf({ ...declaration(), kind: 'invoice' });
      assert.deepEqual(pairs(errors), ['/kind not-allowed']);
      assert.match(errors[0]!.message, /declaration, order, payment, logistics, arrival, delivery, return/);
    });

    test('names of Object.prototype members are not kinds (toString, constructor, __proto__, hasOwnProperty)', () => {
      for (const kind of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
        assert.deepEqual(pairs(errorsOf({ ...declaration(), kind })), ['/kind not-allowed'], kind);
      }
    });

    test('a missing kind is missing, and a missing filingId is reported with it', () => {
      const { kind: _k, filingId: _f, ...rest } = declaration();
      assert.deepEqual(pairs(errorsOf(rest)).sort(), ['/filingId missing', '/kind missing']);
    });

    test('input that is not an object is wrong-type at the root', () => {
      for (const input of [null, undefined, 'a filing', 42, [], [declaration()]]) {
        assert.deepEqual(pairs(errorsOf(input)), [' wrong-type'], JSON.stringify(input));
      }
    });

    test('a field of another kind is an unknown field (a payment filing carries no items)', () => {
      assert.deepEqual(pairs(errorsOf(payment('ORD-1', '1.00', { items: [item()] }))), ['/items unknown-field']);
    });
  });
});
