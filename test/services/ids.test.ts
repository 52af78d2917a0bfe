// Clearway's identifiers: UUIDv7, increasing in time order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/services/ids.ts';

test('ids are RFC 9562 version-7 UUIDs carrying the time', () => {
  const id = uuidv7(Date.UTC(2026, 10, 23, 12, 0, 0));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), Date.UTC(2026, 10, 23, 12, 0, 0));
});

test('ids made one after another sort in the order they were made, within a millisecond too', () => {
  const ids = Array.from({ length: 2000 }, () => uuidv7());
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
