// A targeting rule's condition in the console's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeCondition } from '../../web/src/console/pages/condition.ts';
import { fieldLabel } from '../../web/src/console/pages/labels.ts';

test('a rule condition reads as words: lists, prefixes, comparisons, nesting', () => {
  assert.equal(
    describeCondition({ all: [{ field: 'hsCode', prefix: ['8517', '8518'] }, { field: 'valuePerKg', op: 'lt', value: '60' }] }),
    'HS code starts with 8517 or 8518 and Value per kg < 60',
  );
  assert.equal(
    describeCondition({ any: [{ field: 'originCountry', in: ['CN'] }, { all: [{ not: { field: 'service', exists: true } }, { watchlist: 'w1' }] }] }),
    'Origin country is CN or (not Service is given and on watchlist w1)',
  );
  assert.equal(describeCondition({ indicator: 'new-party', atLeast: 0.5 }), 'indicator new-party ≥ 0.5');
});

test('field names read as words', () => {
  assert.deepEqual(['grossMassKg', 'hsCode', 'trackingId', 'originCountry'].map(fieldLabel), ['Gross mass (kg)', 'HS code', 'Tracking id', 'Origin country']);
});

test('a condition it does not know is shown as it is, not guessed at', () => {
  assert.equal(describeCondition({ field: 'hsCode', near: 'x' }), '{"field":"hsCode","near":"x"}');
  assert.equal(describeCondition('odd'), '"odd"');
});
