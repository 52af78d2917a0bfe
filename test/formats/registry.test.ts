// A scheme registry file: registrations as given, every bad row named, overlapping periods of one number refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistryCsv } from '../../src/formats/index.ts';

test('rows become registrations; a missing name, a backwards period and a second period overlapping the first are errors on their lines', () => {
  const { registrations, errors } = parseRegistryCsv(
    [
      'number,name,valid_from,valid_until',
      'IM2760000001,ShopNova,2026-01-01,2026-06-30',
      'IM2760000001,ShopNova,2026-07-01,',
      'IM2760000002,,2026-01-01,',
      'IM2760000003,Backwards,2026-06-01,2026-01-01',
      'IM2760000001,ShopNova again,2026-03-01,',
    ].join('\n'),
  );
  assert.deepEqual(registrations, [
    { number: 'IM2760000001', name: 'ShopNova', validFrom: '2026-01-01', validUntil: '2026-06-30' },
    { number: 'IM2760000001', name: 'ShopNova', validFrom: '2026-07-01' },
  ]);
  assert.deepEqual(errors.map((e) => [e.line, e.column, e.code]), [
    [4, 'name', 'invalid'],
    [5, 'valid_until', 'invalid'],
    [6, 'valid_from', 'overlapping-period'],
  ]);
});
