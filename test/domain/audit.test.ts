// The hash chain over the event log: chain() assigns seq and hashes; verifyLink finds the first broken link.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chain, contentHash, GENESIS_HASH, verifyLink, type Break, type ChainedEvent } from '../../src/domain/audit/index.ts';

const GENESIS = { seq: 0, hash: GENESIS_HASH };

function events(n: number): ChainedEvent[] {
  const input = Array.from({ length: n }, (_, i) => ({
    consignmentId: `c-${i % 2}`,
    type: i % 2 ? 'assessed' : 'filing-received',
    at: `2026-11-23T10:00:0${i}.000Z`,
    actor: i % 2 ? 'clearway' : 'pty_platform',
    data: JSON.stringify({ n: i, name: 'Anna Müller' }),
  }));
  return chain(GENESIS, input);
}

/** Verifies a log as the audit service does: in order from the genesis, stopping at the first break. */
function verifyAll(log: ChainedEvent[], erased: ReadonlySet<number> = new Set()): Break | null {
  let prev = GENESIS;
  for (const e of log) {
    const broken = verifyLink(prev, e, erased.has(e.seq));
    if (broken) return broken;
    prev = { seq: e.seq, hash: e.hash };
  }
  return null;
}

describe('audit hash chain', () => {
  test('chain() numbers events from the head and links each to the one before', () => {
    const log = events(5);
    assert.deepEqual(log.map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.equal(log[0]!.prevHash, GENESIS_HASH);
    for (let i = 1; i < log.length; i++) assert.equal(log[i]!.prevHash, log[i - 1]!.hash);
    assert.equal(new Set(log.map((e) => e.hash)).size, 5);
    for (const e of log) assert.match(e.hash, /^[0-9a-f]{64}$/);
  });

  test("an event's hash covers its position: the same content at another seq hashes differently", () => {
    const e = { consignmentId: 'c-1', type: 'assessed', at: '2026-11-23T10:00:00.000Z', actor: 'clearway', data: '{}' };
    const [first] = chain(GENESIS, [e]);
    const [moved] = chain({ seq: 1, hash: GENESIS_HASH }, [e]);
    assert.equal(first!.contentHash, moved!.contentHash);
    assert.notEqual(first!.hash, moved!.hash);
  });

  test('a chain of untouched events verifies end to end', () => {
    assert.equal(verifyAll(events(5)), null);
  });

  test('chaining in two batches gives the same chain as in one', () => {
    const all = events(5);
    const first = all.slice(0, 2);
    const rest = chain({ seq: 2, hash: first[1]!.hash }, all.slice(2).map(({ consignmentId, type, at, actor, data }) => ({ consignmentId, type, at, actor, data })));
    assert.deepEqual([...first, ...rest], all);
  });

  test('altered data is detected at that event', () => {
    const log = events(5);
    log[2] = { ...log[2]!, data: '{}' };
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 3);
    assert.match(broken!.reason, /content was altered/);
  });

  test('an altered actor, type or time is detected too', () => {
    for (const change of [{ actor: 'someone-else' }, { type: 'released' }, { at: '2026-11-23T10:00:09.000Z' }]) {
      const log = events(5);
      log[1] = { ...log[1]!, ...change };
      assert.equal(verifyAll(log)?.seq, 2, JSON.stringify(change));
    }
  });

  test('altered data with its content hash recomputed breaks the link of that event', () => {
    const log = events(5);
    const forged = { ...log[2]!, data: '{}' };
    forged.contentHash = contentHash(forged);
    log[2] = forged;
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 3);
    assert.match(broken!.reason, /hash does not match its link/);
  });

  test('a forged event with every hash of its own recomputed is caught at the next event', () => {
    const log = events(5);
    const [forged] = chain({ seq: 2, hash: log[1]!.hash }, [{ ...log[2]!, data: '{}' }]);
    log[2] = forged!;
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 4);
    assert.match(broken!.reason, /previous-hash/);
  });

  test('reordered events are detected at the first event out of place', () => {
    const log = events(5);
    [log[2], log[3]] = [log[3]!, log[2]!];
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 4);
    assert.match(broken!.reason, /sequence gap: expected 3, found 4/);
  });

  test('reordered events renumbered to hide the gap are still detected', () => {
    const log = events(5);
    const third = log[2]!;
    const fourth = log[3]!;
    log[2] = { ...fourth, seq: 3 };
    log[3] = { ...third, seq: 4 };
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 3);
  });

  test('a dropped event is detected at the event after it', () => {
    const log = events(5);
    log.splice(2, 1);
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 4);
    assert.match(broken!.reason, /expected 3, found 4/);
  });

  test('a changed prevHash is detected at that event', () => {
    const log = events(5);
    log[2] = { ...log[2]!, prevHash: 'f'.repeat(64) };
    const broken = verifyAll(log);
    assert.equal(broken?.seq, 3);
    assert.match(broken!.reason, /previous-hash does not match/);
  });

  test('a changed hash is detected at that event', () => {
    const log = events(5);
    log[4] = { ...log[4]!, hash: 'f'.repeat(64) };
    assert.equal(verifyAll(log)?.seq, 5);
  });

  test('an event whose content was erased skips the content check but keeps the link check', () => {
    const log = events(5);
    log[2] = { ...log[2]!, data: '{"erased":true}' };
    assert.equal(verifyAll(log)?.seq, 3, 'without the erased flag the change is detected');
    assert.equal(verifyAll(log, new Set([3])), null, 'erased content verifies by its hashes alone');

    log[2] = { ...log[2]!, prevHash: 'f'.repeat(64) };
    assert.equal(verifyAll(log, new Set([3]))?.seq, 3, 'a changed prevHash on an erased event is still caught');
    const relinked = events(5);
    relinked[2] = { ...relinked[2]!, data: '{}', contentHash: 'e'.repeat(64) };
    assert.equal(verifyAll(relinked, new Set([3]))?.seq, 3, 'a changed content hash on an erased event breaks its link');
  });
});
