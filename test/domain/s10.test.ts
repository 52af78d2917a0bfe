// UPU S10 item identifiers: layout AA 12345678 9 CC, check digit weights 8 6 4 2 3 5 9 7, 10 → 0 and 11 → 5.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeS10, s10CheckDigit, s10Problem } from '../../src/domain/validation/index.ts';

/** The standard's computation written out independently, to cross-check the module. */
function reference(serial: string): { sum: number; digit: number } {
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...serial].reduce((s, c, i) => s + Number(c) * weights[i]!, 0);
  const c = 11 - (sum % 11);
  return { sum, digit: c === 10 ? 0 : c === 11 ? 5 : c };
}

describe('S10 identifiers', () => {
  test('RR123456785CN, the UPU example, is valid', () => {
    assert.equal(s10Problem('RR123456785CN'), null);
    assert.equal(s10CheckDigit('12345678'), 5);
  });

  test("the same serial is valid under other issuing posts' country codes (GB, US)", () => {
    assert.equal(s10Problem('RB123456785GB'), null);
    assert.equal(s10Problem('RB123456785US'), null);
  });

  test('RB123456786US has a wrong check digit', () => {
    assert.equal(s10Problem('RB123456786US'), 'bad-check-digit');
  });

  test('EB000717595HK is valid and EB000717594HK fails the check digit', () => {
    assert.equal(s10CheckDigit('00071759'), 5);
    assert.equal(s10Problem('EB000717595HK'), null);
    assert.equal(s10Problem('EB000717594HK'), 'bad-check-digit');
  });

  test('RB123456785XX: a correct check digit with a country code that is not ISO 3166-1 is unknown-country', () => {
    assert.equal(s10Problem('RB123456785XX'), 'unknown-country');
  });

  test('a remainder giving 10 makes the check digit 0 (serial 10000014: weighted sum 45)', () => {
    assert.equal(reference('10000014').sum % 11, 1, 'the serial is one whose 11 - (sum mod 11) is 10');
    assert.equal(s10CheckDigit('10000014'), 0);
    assert.equal(s10Problem('RR100000140CN'), null);
    assert.equal(s10Problem('RR100000141CN'), 'bad-check-digit');
    assert.equal(s10CheckDigit('00000008'), 0, 'sum 56, 56 mod 11 = 1');
  });

  test('a remainder giving 11 makes the check digit 5 (serial 10000002: weighted sum 22)', () => {
    assert.equal(reference('10000002').sum % 11, 0, 'the serial is one whose 11 - (sum mod 11) is 11');
    assert.equal(s10CheckDigit('10000002'), 5);
    assert.equal(s10Problem('RR100000025CN'), null);
    assert.equal(s10CheckDigit('00000000'), 5);
  });

  test('the check digit agrees with the standard\'s computation for a spread of serials', () => {
    for (let n = 0; n < 100_000_000; n += 1_234_567) {
      const serial = String(n).padStart(8, '0');
      assert.equal(s10CheckDigit(serial), reference(serial).digit, serial);
    }
  });

  test('anything but two letters, nine digits and two letters is bad-format', () => {
    for (const id of ['RR12345678CN', 'RR1234567850CN', 'rr123456785cn', 'R1123456785CN', 'RR123456785C1', '1Z999AA10123456784', '']) {
      assert.equal(s10Problem(id), 'bad-format', id);
      assert.equal(looksLikeS10(id), false, id);
    }
    assert.equal(looksLikeS10('RR123456786CN'), true, 'the layout alone does not check the digit');
  });
});
