// Migration 014: on PostgreSQL the tables that grow with traffic become range-partitioned by month of their time
// column, with the indexes the console's queries need (docs/partitioning.md). A no-op on SQLite.
import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialects.ts';
import { addMonths, defaultPartitionName, monthBounds, monthOf, partitionName } from '../partitions.ts';

/**
 * The partitioned tables and their key: an ISO-8601 UTC text column that never changes once written. Frozen here (a
 * later change is a new migration). A unique index of a partitioned table must contain the key, so each primary key
 * gains it; why that loses nothing is said per table.
 *
 * Not partitioned: `consignments` (rows are upserted ON CONFLICT (id) and `tracking_id` is unique: both would need the
 * time column, and a consignment's row changes for weeks), `deliveries` (its partial unique index, one undelivered
 * delivery per subscription, is what keeps a subscription's events in order; answered rows are pruned after 7 days),
 * `filing_rejections` (counts upserted per party, day and error: small), and the reference and configuration tables.
 */
const TABLES: ReadonlyArray<{ table: string; key: string; primaryKey: string[] }> = [
  // The append-only log. Key: the event's time. The primary key becomes (seq, at): seq stays unique because it is only
  // ever allocated under the chain-head row lock, read and advanced in the same transaction as the insert
  // (StoreTx.lockChainHead, effects.persistEffects), and a second event with a taken seq would also break the hash
  // chain that `clearway verify` checks.
  { table: 'events', key: 'at', primaryKey: ['seq'] },
  // Every filing as received. Key: when Clearway received it. The primary key becomes (party_id, filing_id,
  // received_at); the global uniqueness of (party_id, filing_id), the idempotency partners rely on, is kept by the
  // table filing_keys below, filled by a statement trigger.
  { table: 'filings', key: 'received_at', primaryKey: ['party_id', 'filing_id'] },
  // The ledger's transactions. Key: the transaction's time. Ids are UUIDv7 made by the node that books them.
  { table: 'ledger', key: 'at', primaryKey: ['id'] },
  // One row per decision at arrival. Key: the decision's day (YYYY-MM-DD), what the dashboards and the day's capacity
  // filter on. The primary key becomes (consignment_id, day): a consignment is decided once, at arrival, by the
  // status machine under the chain-head lock.
  { table: 'risk_decisions', key: 'day', primaryKey: ['consignment_id'] },
  // What controls found. Key: when the outcome was recorded. Ids are UUIDv7. No query bounds its time yet (the join in
  // RiskStore.decisionsWithOutcomes reads it by consignment): partitioned for retention, with the other tables.
  { table: 'inspection_outcomes', key: 'at', primaryKey: ['id'] },
];

/** Months created beyond the current one; ensurePartitions (at every start) keeps the same margin. */
const MONTHS_AHEAD = 3;

/** Indexes this migration adds for queries that had none (besides those each table had, re-created on the parent). */
const NEW_INDEXES: ReadonlyArray<{ name: string; table: string; columns: string[] }> = [
  // RiskStore.decidedSince and recentExpectedValues (every node, every 5 s, and at start): the latest decisions.
  { name: 'risk_decisions_decided', table: 'risk_decisions', columns: ['decided_at'] },
];

const id = (name: string) => sql.id(name);
const quoteId = (name: string) => `"${name.replaceAll('"', '""')}"`;
const ids = (names: readonly string[]) => sql.join(names.map(id));

interface Column {
  name: string;
  type: string;
  not_null: boolean;
  default_expr: string | null;
  collation: string | null;
}

interface Index {
  name: string;
  definition: string;
  is_primary: boolean;
  is_unique: boolean;
  constraint_name: string | null;
}

async function columnsOf(db: Kysely<any>, table: string): Promise<Column[]> {
  const { rows } = await sql<Column>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
      pg_get_expr(d.adbin, d.adrelid) as default_expr,
      case when a.attcollation not in (0, 100) then (select quote_ident(collname) from pg_collation where oid = a.attcollation) end as collation
    from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = to_regclass(${table}) and a.attnum > 0 and not a.attisdropped
    order by a.attnum`.execute(db);
  return rows;
}

async function indexesOf(db: Kysely<any>, table: string): Promise<Index[]> {
  const { rows } = await sql<Index>`
    select c.relname as name, pg_get_indexdef(i.indexrelid) as definition, i.indisprimary as is_primary, i.indisunique as is_unique,
      (select conname from pg_constraint where conindid = i.indexrelid and contype in ('p', 'u')) as constraint_name
    from pg_index i join pg_class c on c.oid = i.indexrelid
    where i.indrelid = to_regclass(${table})
    order by c.relname`.execute(db);
  return rows;
}

const columnDefinition = (c: Column, key: string): RawBuilder<unknown> =>
  // The key in collation "C": ISO-8601 text then compares byte by byte, in time order, whatever the database's
  // collation; a COLLATE on the partition key alone would not do, as queries compare with the column's collation and
  // partitions are pruned only when the two agree.
  sql.raw(
    [
      quoteId(c.name),
      c.type,
      c.name === key ? 'collate "C"' : c.collation ? `collate ${c.collation}` : '',
      c.default_expr !== null ? `default ${c.default_expr}` : '',
      c.not_null ? 'not null' : '',
    ]
      .filter(Boolean)
      .join(' '),
  );


async function partition(db: Kysely<any>, t: (typeof TABLES)[number], now: Date): Promise<void> {
  const { table, key, primaryKey } = t;
  const columns = await columnsOf(db, table);
  const indexes = await indexesOf(db, table);
  for (const ix of indexes) {
    if (ix.is_unique && !ix.is_primary) throw new Error(`014_partitions: ${table} has a unique index ${ix.name} this migration does not know how to partition`);
  }
  const old = `${table}_unpartitioned`;
  await sql`alter table ${id(table)} rename to ${id(old)}`.execute(db);
  await sql`create table ${id(table)} (${sql.join(columns.map((c) => columnDefinition(c, key)))}) partition by range (${id(key)})`.execute(db);

  // A partition for every month that holds rows, and for this month and the next few.
  const { rows } = await sql<{ m: string }>`select distinct left(${id(key)}, 7) as m from ${id(old)}`.execute(db);
  const months = new Set(rows.map((r) => r.m).filter((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m)));
  for (let i = 0; i <= MONTHS_AHEAD; i++) months.add(addMonths(monthOf(now), i));
  for (const month of [...months].sort()) {
    const { from, to } = monthBounds(month);
    await sql`create table ${id(partitionName(table, month))} partition of ${id(table)} for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
  }
  await sql`create table ${id(defaultPartitionName(table))} partition of ${id(table)} default`.execute(db);

  const names = ids(columns.map((c) => c.name));
  const copied = await sql`insert into ${id(table)} (${names}) select ${names} from ${id(old)}`.execute(db);
  await sql`drop table ${id(old)}`.execute(db);

  // The indexes, built once the rows are in, on the parent (PostgreSQL builds one per partition, and on every later one).
  const pk = indexes.find((ix) => ix.is_primary);
  await sql`alter table ${id(table)} add constraint ${id(pk?.constraint_name ?? `${table}_pkey`)} primary key (${ids([...primaryKey, key])})`.execute(db);
  for (const ix of indexes) {
    // pg_get_indexdef names the table as `public.events`, the name the partitioned table has taken.
    if (!ix.is_primary) await sql.raw(ix.definition).execute(db);
  }
  if (Number(copied.numAffectedRows ?? 0n) > 0) await sql`analyze ${id(table)}`.execute(db);
}

/** The global uniqueness of (party_id, filing_id) the partitioned filings cannot hold itself. */
async function filingKeys(db: Kysely<any>): Promise<void> {
  // received_at too: intake looks its filing ids up here first (one index, not one per month) and reads the bodies of
  // those found from their own month's partition only (StoreTx.findFilings).
  await sql`create table filing_keys (party_id text not null, filing_id text not null, received_at text collate "C" not null, primary key (party_id, filing_id))`.execute(db);
  await sql`insert into filing_keys (party_id, filing_id, received_at) select party_id, filing_id, received_at from filings`.execute(db);
  // One statement-level trigger per INSERT (intake writes its filings in multi-row statements): a second filing with
  // the same key, whatever its time, fails as it did against the primary key. Rows moved between partitions by
  // ensurePartitions, or a partition detached for retention, do not fire it (docs/partitioning.md).
  await sql`
    create function filing_keys_insert() returns trigger language plpgsql as $$
    begin
      insert into filing_keys (party_id, filing_id, received_at) select party_id, filing_id, received_at from inserted;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger filings_unique_key after insert on filings
    referencing new table as inserted for each statement execute function filing_keys_insert()`.execute(db);
}

async function unpartition(db: Kysely<any>, t: (typeof TABLES)[number]): Promise<void> {
  const { table, primaryKey } = t;
  const indexes = await indexesOf(db, table);
  const partitioned = `${table}_partitioned`;
  await sql`alter table ${id(table)} rename to ${id(partitioned)}`.execute(db);
  await sql`create table ${id(table)} (like ${id(partitioned)} including defaults)`.execute(db);
  await sql`alter table ${id(table)} alter column ${id(t.key)} type text collate "default"`.execute(db);
  await sql`insert into ${id(table)} select * from ${id(partitioned)}`.execute(db);
  await sql`drop table ${id(partitioned)}`.execute(db);
  const pk = indexes.find((ix) => ix.is_primary);
  await sql`alter table ${id(table)} add constraint ${id(pk?.constraint_name ?? `${table}_pkey`)} primary key (${ids(primaryKey)})`.execute(db);
  for (const ix of indexes) {
    // A partitioned index is defined `ON ONLY` its table.
    if (!ix.is_primary && !NEW_INDEXES.some((n) => n.name === ix.name)) await sql.raw(ix.definition.replace(' ON ONLY ', ' ON ')).execute(db);
  }
}

export const m014 = (dialect: DialectName, now: () => Date = () => new Date()): Migration => ({
  async up(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    for (const t of TABLES) await partition(db, t, now());
    await filingKeys(db);
    for (const ix of NEW_INDEXES) await db.schema.createIndex(ix.name).on(ix.table).columns(ix.columns).execute();
  },
  async down(db: Kysely<any>) {
    if (dialect !== 'postgres') return;
    await sql`drop trigger if exists filings_unique_key on filings`.execute(db);
    await sql`drop function if exists filing_keys_insert()`.execute(db);
    await sql`drop table if exists filing_keys`.execute(db);
    for (const t of TABLES) await unpartition(db, t);
  },
});
