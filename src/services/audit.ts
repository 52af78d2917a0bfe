// Verification of the hash-chained event log.
import { GENESIS_HASH, verifyLink, type Break } from '../domain/audit/index.ts';
import type { Store } from '../store/index.ts';

export interface Verification {
  ok: boolean;
  events: number;
  head: string;
  broken?: Break;
}

export async function verifyChain(store: Store, onProgress?: (events: number) => void): Promise<Verification> {
  let prev = { seq: 0, hash: GENESIS_HASH };
  let n = 0;
  for await (const e of store.events()) {
    const broken = verifyLink(prev, e);
    if (broken) return { ok: false, events: n, head: prev.hash, broken };
    prev = { seq: e.seq, hash: e.hash };
    n++;
    if (onProgress && n % 10_000 === 0) onProgress(n);
  }
  const head = await store.chainHead();
  if (head.seq !== prev.seq || head.hash !== prev.hash) {
    return { ok: false, events: n, head: prev.hash, broken: { seq: head.seq, reason: `the chain head says seq ${head.seq} but the log ends at ${prev.seq}` } };
  }
  return { ok: true, events: n, head: prev.hash };
}
