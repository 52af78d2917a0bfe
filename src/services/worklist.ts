// The officers' worklist (and the agencies' queue): the parcels waiting for someone, oldest first, in compact rows a
// console can list and page through, without replaying each parcel's filings.
import type { Status } from '../domain/model/index.ts';
import type { ConsignmentState } from '../domain/clearance/index.ts';
import type { Store } from '../store/index.ts';
import type { WorklistRow } from '../store/operations.ts';
import { readsAll, type Actor } from './roles.ts';

/** What customs works on: parcels held, waiting for payment, or just arrived. */
export const WORK_STATUSES: readonly Status[] = ['held', 'payment-due', 'arrived'];

export interface WorkItem {
  id: string;
  trackingId: string | null;
  status: string;
  lane: string;
  category: number | null;
  updatedAt: string;
  arrivalRecordedAt: string | null;
  /** Officers only: the risk score and how the parcel was selected, its strongest reasons, what is due at the border. */
  score?: number;
  selectedBy?: string;
  topReasons?: Array<{ code: string; message: string }>;
  dueAtBorder?: { amount: string; currency: string } | null;
  referrals: Array<{ agency: string; status: string }>;
}

export interface WorklistPage {
  items: WorkItem[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

export type WorklistOutcome = { ok: true; value: WorklistPage } | { ok: false; status: 400 | 403; errors: Array<{ path: string; code: string; message: string }> };

/** An agency's queue is filtered after reading: at most this many rows are read for one page. */
const MAX_SCAN = 5_000;

const encode = (r: { updated_at: string; id: string }): string => Buffer.from(`${r.updated_at}|${r.id}`).toString('base64url');
function decode(cursor: string): { at: string; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // A forged cursor is refused like a broken one: its id goes into a query (PostgreSQL refuses text holding U+0000).
  return at && id && !Number.isNaN(Date.parse(at)) && !/[\u0000-\u001f\u007f]/.test(id) ? { at, id } : undefined;
}

export class WorklistService {
  constructor(private readonly store: Store) {}

  async list(actor: Actor, q: { status?: Status[]; lane?: string; order?: 'oldest' | 'newest'; limit?: number; after?: string }): Promise<WorklistOutcome> {
    const agency = actor.role === 'agency';
    if (!readsAll(actor.role) && !agency) return { ok: false, status: 403, errors: [{ path: '', code: 'not-allowed', message: 'the worklist is for customs officers, administrators and agencies' }] };
    const after = q.after !== undefined ? decode(q.after) : undefined;
    if (q.after !== undefined && !after) return { ok: false, status: 400, errors: [{ path: '/query/after', code: 'bad-cursor', message: 'after is the `next` of an earlier page' }] };
    const limit = q.limit ?? 50;
    const items: WorkItem[] = [];
    let cursor = after;
    let scanned = 0;
    let last: WorklistRow | undefined;
    for (;;) {
      const want = agency ? Math.min(500, MAX_SCAN - scanned) : limit - items.length;
      const rows = await this.store.operations.worklist({
        statuses: q.status ?? WORK_STATUSES,
        ...(q.lane !== undefined ? { lane: q.lane } : {}),
        newestFirst: q.order === 'newest',
        ...(cursor ? { after: cursor } : {}),
        limit: want,
      });
      for (const r of rows) {
        last = r;
        const item = itemOf(r, actor);
        if (item) items.push(item);
        if (items.length === limit) break;
      }
      scanned += rows.length;
      if (items.length === limit || rows.length < want || scanned >= MAX_SCAN) {
        const more = items.length === limit || (scanned >= MAX_SCAN && rows.length === want);
        return { ok: true, value: { items, next: more && last ? encode(last) : null } };
      }
      cursor = { at: last!.updated_at, id: last!.id };
    }
  }
}

type Doc = Pick<ConsignmentState, 'risk' | 'referrals' | 'assessment' | 'liability' | 'arrivalRecordedAt'>;

/** A row as this actor may see it: an agency only the parcels referred to it, and nothing of customs' risk or money. */
function itemOf(r: WorklistRow, actor: Actor): WorkItem | undefined {
  const doc = JSON.parse(r.doc) as Doc;
  const referrals = (doc.referrals ?? []).map((x) => ({ agency: x.agency, status: x.status }));
  const base = { id: r.id, trackingId: r.tracking_id, status: r.status, lane: r.lane, category: r.category, updatedAt: r.updated_at, arrivalRecordedAt: doc.arrivalRecordedAt ?? null };
  if (actor.role === 'agency') {
    const mine = referrals.filter((x) => x.agency === actor.partyId);
    return mine.length > 0 ? { ...base, referrals: mine } : undefined;
  }
  const due = doc.liability ?? doc.assessment;
  return {
    ...base,
    score: doc.risk.score,
    selectedBy: doc.risk.selectedBy,
    topReasons: doc.risk.reasons.slice(0, 3).map((x) => ({ code: x.code, message: x.message })),
    dueAtBorder: due ? { amount: due.dueAtBorder, currency: due.currency } : null,
    referrals,
  };
}
