// Partner data-quality persistence: refused filings counted per party, day and error; a party's filings by period.
import type { Kysely } from 'kysely';
import { chunks } from './chunks.ts';
import type { Database } from './schema.ts';

/** The refusals of one party on one day: how many filings, and how many of them had each error. */
export interface RejectionTally {
  partyId: string;
  day: string;
  filings: number;
  errors: Array<{ code: string; path: string; count: number }>;
}

/** The row that counts the refused filings themselves (no error has an empty code). */
const FILINGS = { code: '', path: '' };

export class QualityStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds the counts to those stored (one multi-row upsert: its rows are distinct, as PostgreSQL requires). */
  async addRejections(tallies: readonly RejectionTally[]): Promise<void> {
    const rows = tallies.flatMap((t) => [
      ...(t.filings > 0 ? [{ party_id: t.partyId, day: t.day, ...FILINGS, count: t.filings }] : []),
      ...t.errors.map((e) => ({ party_id: t.partyId, day: t.day, code: e.code, path: e.path, count: e.count })),
    ]);
    for (const part of chunks(rows, 5)) {
      await this.db
        .insertInto('filing_rejections')
        .values(part)
        .onConflict((oc) =>
          oc.columns(['party_id', 'day', 'code', 'path']).doUpdateSet((eb) => ({ count: eb(eb.ref('filing_rejections.count'), '+', eb.ref('excluded.count')) })),
        )
        .execute();
    }
  }

  /** A party's refusals over days [from, to], both included: the filings, and per error the filings that had it. */
  async rejections(partyId: string, from: string, to: string): Promise<{ filings: number; errors: Array<{ code: string; path: string; count: number }> }> {
    const rows = await this.db
      .selectFrom('filing_rejections')
      .select(['code', 'path', (eb) => eb.fn.sum<number | string>('count').as('n')])
      .where('party_id', '=', partyId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .groupBy(['code', 'path'])
      .execute();
    let filings = 0;
    const errors: Array<{ code: string; path: string; count: number }> = [];
    for (const r of rows) {
      if (r.code === FILINGS.code && r.path === FILINGS.path) filings = Number(r.n);
      else errors.push({ code: r.code, path: r.path, count: Number(r.n) });
    }
    return { filings, errors };
  }

  /** A party's accepted filings received in [since, until) (ISO 8601 instants), counted by kind. */
  async acceptedByKind(partyId: string, since: string, until: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('filings')
      .select(['kind', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('party_id', '=', partyId)
      .where('received_at', '>=', since)
      .where('received_at', '<', until)
      .groupBy('kind')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
  }

  /** The consignments a party sent filings of these kinds for, received in [since, until): their ids, each once. */
  async consignmentsFiledFor(partyId: string, kinds: readonly string[], since: string, until: string): Promise<string[]> {
    if (kinds.length === 0) return [];
    const rows = await this.db
      .selectFrom('filings')
      .select('consignment_id')
      .distinct()
      .where('party_id', '=', partyId)
      .where('received_at', '>=', since)
      .where('received_at', '<', until)
      .where('kind', 'in', kinds)
      .execute();
    return rows.map((r) => r.consignment_id);
  }
}
