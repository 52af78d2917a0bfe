// Clearway's identifiers: UUIDv7, increasing in time order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { uuidv7 } from '../../src/services/ids.ts';

test('ids are RFC 9562 version-7 UUIDs carrying the time', () => {
  // A moment after any id made so far, so the id carries exactly this time whatever ran before.
  const at = Date.now() + 60_000;
  const id = uuidv7(at);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
});

test('ids made one after another sort in the order they were made, within a millisecond too', () => {
  const ids = Array.from({ length: 2000 }, () => uuidv7());
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
});
