// The hash chain over the event log: each event's hash covers its content's hash and the previous event's hash.
// The chain runs over hashes, not raw data, so personal data can later be erased without breaking it.
import { hash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEvent {
  seq: number;
  consignmentId: string;
  type: string;
  at: string;
  actor: string;
  /** The event's data exactly as stored (JSON text). */
  data: string;
  contentHash: string;
  prevHash: string;
  hash: string;
}

/** One-shot SHA-256 (crypto.hash, Node ≥ 20.12): no Hash object per call on the hot path. */
const sha256 = (s: string): string => hash('sha256', s, 'hex');

export const contentHash = (e: Pick<ChainedEvent, 'consignmentId' | 'type' | 'at' | 'actor' | 'data'>): string =>
  sha256(`${e.consignmentId}\n${e.type}\n${e.at}\n${e.actor}\n${e.data}`);

export const linkHash = (prevHash: string, seq: number, content: string): string => sha256(`${prevHash}\n${seq}\n${content}`);

/** Chain new events after a head (seq, hash): assigns sequence numbers and hashes. */
export function chain(
  head: { seq: number; hash: string },
  events: Iterable<Pick<ChainedEvent, 'consignmentId' | 'type' | 'at' | 'actor' | 'data'>>,
): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  let { seq, hash } = head;
  for (const e of events) {
    seq += 1;
    const ch = contentHash(e);
    const h = linkHash(hash, seq, ch);
    out.push({ ...e, seq, contentHash: ch, prevHash: hash, hash: h });
    hash = h;
  }
  return out;
}

export type Break = { seq: number; reason: string };

/**
 * Checks events in sequence order, continuing from `prev` (the last verified event, or the genesis).
 * Returns the first broken link, or null. `contentErased` events (personal data purged) are checked by hash only.
 */
export function verifyLink(prev: { seq: number; hash: string }, e: ChainedEvent, contentErased = false): Break | null {
  if (e.seq !== prev.seq + 1) return { seq: e.seq, reason: `sequence gap: expected ${prev.seq + 1}, found ${e.seq}` };
  if (e.prevHash !== prev.hash) return { seq: e.seq, reason: 'previous-hash does not match the hash of the event before it' };
  if (!contentErased && contentHash(e) !== e.contentHash) return { seq: e.seq, reason: 'event content was altered: its hash does not match' };
  if (linkHash(e.prevHash, e.seq, e.contentHash) !== e.hash) return { seq: e.seq, reason: 'event hash does not match its link' };
  return null;
}
