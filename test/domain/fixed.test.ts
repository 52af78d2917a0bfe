// Fixed-point decimals (the revenue engine's arithmetic) agree with decimal.js wherever 18 decimal places suffice.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dec, Fixed } from '../../src/domain/money/index.ts';

/** Decimal strings with up to 12 integer digits and up to 6 decimals, either sign. */
const decimal = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 999_999_999_999n }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 6 }))
  .map(([neg, int, frac, places]) => `${neg ? '-' : ''}${int}${places ? `.${String(frac).padStart(6, '0').slice(0, places)}` : ''}`);
const nonZero = decimal.filter((s) => !new Dec(s).isZero());
/** Rates and shares with up to 18 decimals: their products carry more than 18, so multiplication has to round. */
const fine = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 99n }), fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }), fc.integer({ min: 1, max: 18 }))
  .map(([neg, int, frac, places]) => `${neg ? '-' : ''}${int}.${frac.toString().padStart(18, '0').slice(0, places)}`);
/** decimal.js writes a negative value that rounds to zero as "-0.00"; Fixed writes "0.00" (money has no negative zero). */
const noNegativeZero = (s: string) => (/^-0(\.0+)?$/.test(s) ? s.slice(1) : s);
const at18 = (d: InstanceType<typeof Dec>) => d.toDecimalPlaces(18, Dec.ROUND_HALF_UP).toFixed(18);

describe('Fixed', () => {
  test('sums and differences are exact', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        assert.equal(Fixed.of(a).plus(b).toFixed(18), new Dec(a).plus(b).toFixed(18));
        assert.equal(Fixed.of(a).minus(b).toFixed(18), new Dec(a).minus(b).toFixed(18));
      }),
      { numRuns: 2000 },
    );
  });

  test('products and quotients round the 18th decimal half away from zero, as decimal.js does', () => {
    fc.assert(
      fc.property(fine, fine, (a, b) => {
        assert.equal(Fixed.of(a).times(b).toFixed(18), at18(new Dec(a).times(b)));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(decimal, nonZero, (a, b) => {
        assert.equal(Fixed.of(a).times(b).toFixed(18), at18(new Dec(a).times(b)));
        assert.equal(Fixed.of(a).div(b).toFixed(18), at18(new Dec(a).div(b)));
      }),
      { numRuns: 2000 },
    );
  });

  test('toFixed rounds half away from zero, down toward zero, up away from zero', () => {
    fc.assert(
      fc.property(decimal, fc.integer({ min: 0, max: 4 }), (a, places) => {
        assert.equal(Fixed.of(a).toFixed(places), noNegativeZero(new Dec(a).toFixed(places, Dec.ROUND_HALF_UP)));
        assert.equal(Fixed.of(a).toFixed(places, 'down'), noNegativeZero(new Dec(a).toFixed(places, Dec.ROUND_DOWN)));
        assert.equal(Fixed.of(a).toFixed(places, 'up'), noNegativeZero(new Dec(a).toFixed(places, Dec.ROUND_UP)));
      }),
      { numRuns: 2000 },
    );
  });

  test('roundTo a multiple of an increment: CHF 0.05, JPY 100', () => {
    assert.equal(Fixed.of('0.025').roundTo('0.05', 'half-up').toString(), '0.05');
    assert.equal(Fixed.of('0.024').roundTo('0.05', 'half-up').toString(), '0');
    assert.equal(Fixed.of('1299').roundTo('100', 'down').toString(), '1200');
    assert.equal(Fixed.of('1201').roundTo('100', 'up').toString(), '1300');
    assert.equal(Fixed.of('-2.345').roundTo('0.01', 'half-up').toString(), '-2.35');
  });

  test('more than 18 decimals are rounded when read; non-decimals are refused', () => {
    assert.equal(Fixed.of('0.0000000000000000015').toFixed(18), '0.000000000000000002');
    assert.equal(Fixed.of('0.0000000000000000014').toFixed(18), '0.000000000000000001');
    assert.throws(() => Fixed.of('1e5'), /not a decimal/);
    assert.throws(() => Fixed.of(0.1), /integers or decimal strings/);
    assert.throws(() => Fixed.of('1').div('0'), /division by zero/);
  });

  test('toString is the shortest exact form', () => {
    assert.equal(Fixed.of('12.500').toString(), '12.5');
    assert.equal(Fixed.of('3.000').toString(), '3');
    assert.equal(Fixed.of('0.000125').toString(), '0.000125');
    assert.equal(Fixed.of('-0.5').toString(), '-0.5');
    assert.equal(Fixed.of('-0.001').toFixed(2), '0.00', 'no negative zero');
  });
});
