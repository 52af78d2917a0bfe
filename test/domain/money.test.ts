// Decimal money: exact sums, thresholds compared with ≤ or <, rounding half away from zero.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dec, sum, toMinor, within } from '../../src/domain/money/index.ts';

describe('money', () => {
  test('sums are exact decimals, not floats (0.10 + 0.20 = 0.30)', () => {
    assert.equal(sum([dec('0.10'), dec('0.20')]).toString(), '0.3');
    assert.equal(sum(Array.from({ length: 10 }, () => dec('0.1'))).toString(), '1');
    assert.equal(sum([]).toString(), '0');
  });

  test('an inclusive threshold admits the amount itself (150 ≤ 150)', () => {
    assert.equal(within(dec('150'), '150', true), true);
    assert.equal(within(dec('150.00'), '150', true), true);
    assert.equal(within(dec('150.01'), '150', true), false);
  });

  test('an exclusive threshold does not (150 < 150 is false; 0 < 0 is false)', () => {
    assert.equal(within(dec('150'), '150', false), false);
    assert.equal(within(dec('149.99'), '150', false), true);
    assert.equal(within(dec('0'), '0', false), false);
  });

  test('toMinor rounds half away from zero to the minor digits', () => {
    assert.equal(toMinor(dec('2.345'), 2), '2.35');
    assert.equal(toMinor(dec('-2.345'), 2), '-2.35');
    assert.equal(toMinor(dec('2.344'), 2), '2.34');
    assert.equal(toMinor(dec('100.5'), 0), '101');
    assert.equal(toMinor(dec('1.0005'), 3), '1.001');
    assert.equal(toMinor(dec('7'), 2), '7.00');
  });
});
