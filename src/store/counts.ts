// Cheap counts for monitoring (the Prometheus gauges read at scrape time): consignments per status, one query.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Consignments per status, counted as `Store.counts()` counts them: every row, so one merged into another (rare) still
 * counts under the status it had. That keeps the query on the status index alone (SQLite reads no row: about 50 ms
 * for a million consignments, where leaving the merged ones out reads every row, over a second, blocking the event
 * loop). A status no consignment has is absent.
 */
export async function consignmentsByStatus(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('consignments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}
