// Counting refused filings for partner feedback: after the fact, one write at a time, and never a failure of intake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pack } from '../../src/domain/jurisdiction/index.ts';
import type { IntakeResult } from '../../src/services/intake.ts';
import { QualityService } from '../../src/services/quality.ts';
import type { Store } from '../../src/store/index.ts';
import type { RejectionTally } from '../../src/store/quality.ts';

const clock = () => new Date('2026-11-22T10:00:00Z');
const results: IntakeResult[] = [
  { status: 201, filingId: 'f1', consignmentId: 'c1' },
  { status: 400, filingId: 'f2', errors: [{ path: '/items/0/hsCode', code: 'bad-format', message: '' }, { path: '/items/2/hsCode', code: 'bad-format', message: '' }] },
  { status: 403, filingId: 'f3', code: 'kind-not-allowed', message: '' },
  { status: 409, filingId: 'f4', code: 'invalid-transition', message: '' },
];

function service(addRejections: (t: RejectionTally[]) => Promise<void>, log: (m: string, e: unknown) => void = () => {}) {
  const store = { quality: { addRejections } } as unknown as Store;
  return new QualityService(store, {} as Pack, clock, log);
}

test("one call's refusals are written as one tally per party and day, with the paths the sender was told", async () => {
  const written: RejectionTally[][] = [];
  const q = service(async (t) => void written.push(t));
  q.countRejections('p1', results);
  await q.settled();
  assert.deepEqual(written, [
    [
      {
        partyId: 'p1',
        day: '2026-11-22',
        filings: 3,
        errors: [
          { code: 'bad-format', path: '/items/*/hsCode', count: 1 },
          { code: 'kind-not-allowed', path: '/kind', count: 1 },
          { code: 'invalid-transition', path: '/filingId', count: 1 },
        ],
      },
    ],
  ]);
});

test('calls arriving while a write is under way are added together into the next write', async () => {
  const written: RejectionTally[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const q = service(async (t) => {
    written.push(t);
    await gate;
  });
  q.countRejections('p1', results); // written at once
  q.countRejections('p1', results);
  q.countRejections('p1', results);
  q.countRejections('p2', results);
  release();
  await q.settled();
  assert.equal(written.length, 2);
  assert.deepEqual(written[1]!.map((t) => [t.partyId, t.filings, t.errors.find((e) => e.code === 'bad-format')?.count]), [
    ['p1', 6, 2],
    ['p2', 3, 1],
  ]);
});

test('a call with no refusal writes nothing', async () => {
  let writes = 0;
  const q = service(async () => void writes++);
  q.countRejections('p1', [results[0]!]);
  await q.settled();
  assert.equal(writes, 0);
});

test('a failed write is logged, never thrown to intake, and later counts are still written', async () => {
  const logged: string[] = [];
  let fail = true;
  let writes = 0;
  const q = service(
    async () => {
      writes++;
      if (fail) throw new Error('database down');
    },
    (m) => logged.push(m),
  );
  assert.doesNotThrow(() => q.countRejections('p1', results));
  await q.settled();
  assert.equal(logged.length, 1);
  fail = false;
  q.countRejections('p1', results);
  await q.settled();
  assert.deepEqual([writes, logged.length], [2, 1]);
});
