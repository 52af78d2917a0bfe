// Monthly partitions of the tables that grow with traffic (PostgreSQL, migration 014): their names and bounds, and
// ensurePartitions, which every node runs at start (and daily) so the months ahead exist before their rows arrive.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

/** 'YYYY-MM' of an instant, in UTC (the timestamps are UTC ISO-8601 text). */
export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);

/** The month `n` months after `month` ('YYYY-MM'; n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/**
 * A month's range of key values, [from, to). The keys are ISO-8601 text ('2026-12-07T16:14:47.123Z', or a day
 * '2026-12-07') in collation "C", so byte order is time order and every key of December 2026 lies in
 * ['2026-12-01', '2027-01-01').
 */
export const monthBounds = (month: string): { from: string; to: string } => ({ from: `${month}-01`, to: `${addMonths(month, 1)}-01` });

/** `events_p2026_12`: one partition per table and month. */
export const partitionName = (table: string, month: string): string => `${table}_p${month.replace('-', '_')}`;

/** `events_default`: where a row goes when its month has no partition (so an insert never fails for lack of one). */
export const defaultPartitionName = (table: string): string => `${table}_default`;

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Partition maintenance on several nodes runs one at a time (a key of its own, not the migrations' lock). */
const LOCK_KEY = 7_221_340_114_202_611n;

interface PartitionedTable {
  table: string;
  key: string;
  defaultPartition: string | null;
  partitions: Set<string>;
}

/** Months of partitions kept ready beyond the current one (at start, daily on a running node, and by `clearway migrate`). */
export const PARTITION_MONTHS_AHEAD = 3;

export interface PartitionReport {
  /** Partitions created, e.g. `events_p2027_03`. */
  created: string[];
  /** Rows moved out of a DEFAULT partition into the partition created for their month. */
  moved: number;
  /** Months left in DEFAULT because a table of the partition's name exists and is not attached (archived: see docs/partitioning.md). */
  skipped: string[];
}

/**
 * Makes sure every monthly-partitioned table has a partition for the month of `now` and the `monthsAhead` after it,
 * and for every month that has rows in its DEFAULT partition (moving them in). Idempotent, and safe on several nodes
 * at once: each partition is added in a transaction of its own under an advisory lock, after checking again. A no-op
 * on SQLite. The tables are found in the catalogue: range-partitioned on one text column, with a DEFAULT partition
 * named `<table>_default` (what migration 014 makes), so a table partitioned the same way later needs no change here.
 */
export async function ensurePartitions(db: Kysely<any>, now: Date, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<PartitionReport> {
  const report: PartitionReport = { created: [], moved: 0, skipped: [] };
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return report;
  for (const t of await partitionedTables(db)) {
    const months = new Set<string>();
    for (let i = 0; i <= monthsAhead; i++) months.add(addMonths(monthOf(now), i));
    if (t.defaultPartition) for (const m of await monthsIn(db, t.defaultPartition, t.key)) months.add(m);
    for (const month of [...months].sort()) {
      if (t.partitions.has(partitionName(t.table, month))) continue;
      const r = await addPartition(db, t, month);
      if (r === 'skipped') report.skipped.push(partitionName(t.table, month));
      else if (r !== 'exists') {
        report.created.push(partitionName(t.table, month));
        report.moved += r.moved;
      }
    }
  }
  return report;
}

async function partitionedTables(db: Kysely<any>): Promise<PartitionedTable[]> {
  const { rows } = await sql<{ table: string; key: string; default_partition: string | null; partitions: string[] | null }>`
    select p.relname as table, a.attname as key, d.relname as default_partition,
      (select array_agg(c.relname::text) from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = p.oid) as partitions
    from pg_partitioned_table pt
    join pg_class p on p.oid = pt.partrelid
    join pg_namespace n on n.oid = p.relnamespace and n.nspname = current_schema()
    join pg_attribute a on a.attrelid = p.oid and a.attnum = pt.partattrs[0]
    left join pg_class d on d.oid = pt.partdefid
    where pt.partstrat = 'r' and pt.partnatts = 1 and a.atttypid = 'text'::regtype and d.relname = p.relname || '_default'
    order by p.relname`.execute(db);
  return rows.map((r) => ({ table: r.table, key: r.key, defaultPartition: r.default_partition, partitions: new Set(r.partitions ?? []) }));
}

/** The months of the rows in a DEFAULT partition (usually none: it holds only rows that came before their partition). */
async function monthsIn(db: Kysely<any>, partition: string, key: string): Promise<string[]> {
  const { rows } = await sql<{ m: string }>`select distinct left(${sql.id(key)}, 7) as m from ${sql.id(partition)}`.execute(db);
  return rows.map((r) => r.m).filter((m) => MONTH.test(m));
}

/**
 * Adds one month's partition. PostgreSQL refuses a partition for a range that rows in DEFAULT already hold, so the
 * partition is built as a table of its own, DEFAULT's rows of that month moved into it, and then attached; DEFAULT is
 * locked first so no row of that month can arrive in it meanwhile (inserts of other months wait a moment; ATTACH itself
 * takes only SHARE UPDATE EXCLUSIVE on the parent, so reads and writes of the other partitions go on).
 */
async function addPartition(db: Kysely<any>, t: PartitionedTable, month: string): Promise<'exists' | 'skipped' | { moved: number }> {
  const name = partitionName(t.table, month);
  const { from, to } = monthBounds(month);
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${sql.lit(LOCK_KEY)})`.execute(trx);
    const { rows } = await sql<{ attached: boolean | null }>`
      select exists (select 1 from pg_inherits where inhrelid = c.oid and inhparent = to_regclass(${t.table})) as attached
      from pg_class c where c.oid = to_regclass(${name})`.execute(trx);
    if (rows.length > 0) return rows[0]!.attached ? 'exists' : 'skipped';
    if (t.defaultPartition) await sql`lock table ${sql.id(t.defaultPartition)} in access exclusive mode`.execute(trx);
    await sql`create table ${sql.id(name)} (like ${sql.id(t.table)} including defaults including constraints)`.execute(trx);
    let moved = 0;
    if (t.defaultPartition) {
      const columns = sql.join((await columnNames(trx, t.table)).map((c) => sql.id(c)));
      const r = await sql`
        with moved as (delete from ${sql.id(t.defaultPartition)} where ${sql.id(t.key)} >= ${from} and ${sql.id(t.key)} < ${to} returning ${columns})
        insert into ${sql.id(name)} (${columns}) select ${columns} from moved`.execute(trx);
      moved = Number(r.numAffectedRows ?? 0n);
    }
    await sql`alter table ${sql.id(t.table)} attach partition ${sql.id(name)} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(trx);
    return { moved };
  });
}

async function columnNames(db: Kysely<any>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select attname as name from pg_attribute where attrelid = to_regclass(${table}) and attnum > 0 and not attisdropped order by attnum`.execute(db);
  return rows.map((r) => r.name);
}
