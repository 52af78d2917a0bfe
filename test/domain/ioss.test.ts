// EU IOSS numbers: IM + the 3-digit ISO 3166-1 numeric code of the Member State of identification + 7 digits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isIossNumber } from '../../src/domain/validation/index.ts';

describe('IOSS numbers', () => {
  test('IM2760000001 (Germany, 276) is a valid IOSS number', () => {
    assert.equal(isIossNumber('IM2760000001'), true);
  });

  test('numbers issued by other Member States and by Northern Ireland (900) are valid', () => {
    for (const n of ['IM3720000123', 'IM5281234567', 'IM2500000001', 'IM0400000001', 'IM9000000001']) {
      assert.equal(isIossNumber(n), true, n);
    }
  });

  test('IM9990000001: 999 is not the code of a Member State', () => {
    assert.equal(isIossNumber('IM9990000001'), false);
  });

  test('a non-EU country code is refused (IM8260000001, United Kingdom 826; IM1560000001, China 156)', () => {
    assert.equal(isIossNumber('IM8260000001'), false);
    assert.equal(isIossNumber('IM1560000001'), false);
  });

  test('one digit too few or too many is invalid', () => {
    assert.equal(isIossNumber('IM276000001'), false);
    assert.equal(isIossNumber('IM27600000012'), false);
  });

  test('the IM prefix is required, in capitals, with nothing around the number', () => {
    for (const n of ['EU2760000001', 'im2760000001', 'IM 2760000001', ' IM2760000001', 'IM2760000001 ', 'IM276000000A', 'DE2760000001']) {
      assert.equal(isIossNumber(n), false, JSON.stringify(n));
    }
  });
});
