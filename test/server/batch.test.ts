// The NDJSON stream pump on its own: grouping, order, and what happens when the client goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { streamBatch } from '../../src/server/batch.ts';
import type { Line } from '../../src/formats/index.ts';

const limits = { maxLines: 100_000, maxLineBytes: 1024, group: 100, lingerMs: 5 };

async function* lines(n: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < n; i += 50) {
    yield Buffer.from(Array.from({ length: Math.min(50, n - i) }, (_, j) => `{"n":${i + j}}\n`).join(''));
  }
}

test('every line is answered once, in order, in groups no larger than the limit', async () => {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString()));
  const groups: number[] = [];
  await streamBatch(lines(1000), out, limits, async (group: Line[]) => {
    groups.push(group.length);
    return group.map((l) => `${l.line}\n`);
  });
  const answered = chunks.join('').split('\n').filter(Boolean).map(Number);
  assert.deepEqual(answered, Array.from({ length: 1000 }, (_, i) => i + 1));
  assert.ok(groups.every((g) => g <= limits.group));
  assert.ok(groups.length <= 20, `lines waited for company: ${groups.length} groups`);
});

test('a client that disconnects under backpressure ends the stream instead of leaving it parked', async () => {
  const out = new PassThrough();
  let handled = 0;
  const done = streamBatch(lines(50_000), out, limits, async (group: Line[]) => {
    handled++;
    // While this group "commits", the reader fills the queue and parks on it; then the client goes away.
    await new Promise((r) => setTimeout(r, 20));
    out.destroy();
    return group.map(() => 'x\n');
  });
  const outcome = await Promise.race([done.then(() => 'ended'), new Promise((r) => setTimeout(() => r('stuck'), 3000))]);
  assert.equal(outcome, 'ended');
  assert.equal(handled, 1, 'no group is processed after the client left');
});
