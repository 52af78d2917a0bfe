// The store: every read and write Clearway makes, in domain terms, over Kysely (same SQL for both dialects).
import type BetterSqlite3 from 'better-sqlite3';
import { Migrator, sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { ChainedEvent } from '../domain/audit/index.ts';
import type { ConsignmentState } from '../domain/clearance/index.ts';
import { replayFields } from '../domain/merging/index.ts';
import type { Filing } from '../domain/model/index.ts';
import { chunks } from './chunks.ts';
import type { DialectName } from './dialects.ts';
import { migrations } from './migrations/index.ts';
import type { ConsignmentsTable as ConsignmentsSchema, Database, EventsTable, FilingsTable, InspectionOutcomesTable, RiskDecisionsTable } from './schema.ts';
import { appendLedger, readLedger, RevenueStore, type LedgerFilter, type LedgerRecord } from './revenue.ts';
import { RiskStore } from './risk.ts';
import { SubscriptionStore } from './subscriptions.ts';
import { TrustedStore } from './trusted.ts';
import { QualityStore } from './quality.ts';
import { OperationsStore } from './operations.ts';
import { OfficerStore } from './officers.ts';
import { JobStore } from './jobs.ts';

export interface StoredFiling {
  partyId: string;
  filingId: string;
  kind: string;
  consignmentId: string;
  sentAt: string;
  receivedAt: string;
  body: string;
  bodyHash: string;
}

export interface PartyRecord {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface KeyRecord {
  id: string;
  partyId: string;
  secretHash: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}


/**
 * A consignment as a row. The merged fields are not stored: every value is in the filing it came from, and
 * `hydrate` rebuilds the view from them (half the bytes per declaration on the intake path).
 */
type ConsignmentsTable = Selectable<ConsignmentsSchema>;

const toRow = (c: ConsignmentState): Insertable<ConsignmentsSchema> => {
  const { id, trackingId, orderId, status, category, lane, createdAt, updatedAt, fields: _fields, ...doc } = c;
  return {
    id,
    tracking_id: trackingId,
    order_id: orderId,
    status,
    category,
    lane,
    created_at: createdAt,
    updated_at: updatedAt,
    merged_into: null,
    doc: JSON.stringify(doc),
    master_id: c.fields.masterId?.value ?? null,
  };
};

type StoredDoc = Omit<ConsignmentState, 'id' | 'trackingId' | 'orderId' | 'status' | 'category' | 'lane' | 'createdAt' | 'updatedAt' | 'fields'>;

const bodyKey = (partyId: string, filingId: string) => `${partyId}\u0000${filingId}`;

const fromRow = (r: ConsignmentsTable, bodies: ReadonlyMap<string, string>): ConsignmentState => {
  const doc = JSON.parse(r.doc) as StoredDoc;
  const entries = doc.filings.map((ref) => {
    const body = bodies.get(bodyKey(ref.sender, ref.filingId));
    if (body === undefined) throw new Error(`consignment ${r.id} lists filing ${ref.filingId} of ${ref.sender}, which is not stored with it`);
    return { ref, filing: JSON.parse(body) as Filing };
  });
  return {
    ...doc,
    // Consignments stored before referrals existed have none.
    referrals: doc.referrals ?? [],
    fields: replayFields(entries),
    id: r.id,
    trackingId: r.tracking_id,
    orderId: r.order_id,
    status: r.status as ConsignmentState['status'],
    category: r.category as ConsignmentState['category'],
    lane: r.lane as ConsignmentState['lane'],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

const eventFromRow = (r: EventsTable): ChainedEvent => ({
  seq: Number(r.seq),
  consignmentId: r.consignment_id,
  type: r.type,
  at: r.at,
  actor: r.actor,
  data: r.data,
  contentHash: r.content_hash,
  prevHash: r.prev_hash,
  hash: r.hash,
});

const filingFromRow = (r: FilingsTable): StoredFiling => ({
  partyId: r.party_id,
  filingId: r.filing_id,
  kind: r.kind,
  consignmentId: r.consignment_id,
  sentAt: r.sent_at,
  receivedAt: r.received_at,
  body: r.body,
  bodyHash: r.body_hash,
});

type Db = Transaction<Database> | Kysely<Database>;

/** Consignments from their rows and their filings' bodies (one query per 30 000 consignments). */
async function hydrate(db: Db, rows: ConsignmentsTable[]): Promise<ConsignmentState[]> {
  const bodies = new Map<string, string>();
  for (const ids of chunks(rows.map((r) => r.id), 1)) {
    const filings = await db.selectFrom('filings').select(['party_id', 'filing_id', 'body']).where('consignment_id', 'in', ids).execute();
    for (const f of filings) bodies.set(bodyKey(f.party_id, f.filing_id), f.body);
  }
  return rows.map((r) => fromRow(r, bodies));
}

async function liveConsignment(db: Db, id: string): Promise<ConsignmentState | undefined> {
  for (let hops = 0; hops < 8; hops++) {
    const row = await db.selectFrom('consignments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    if (row.merged_into === null) return (await hydrate(db, [row]))[0];
    id = row.merged_into;
  }
  return undefined;
}

async function hasFiled(db: Db, partyId: string, consignmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('filings')
    .select('filing_id')
    .where('consignment_id', '=', consignmentId)
    .where('party_id', '=', partyId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

type Row = Record<string, unknown>;
type BulkQuery = (db: Db, rows: any[]) => Compilable;

/**
 * Writes many rows of one table. The SQL is Kysely's, the same for both dialects; how it runs differs:
 * PostgreSQL gets multi-row statements (one round trip per chunk), SQLite — in process, where a round trip
 * costs nothing but preparing a 10 000-parameter statement does — runs one cached single-row statement per row.
 */
export class BulkWriter {
  constructor(
    private readonly db: Db,
    private readonly sqlite: BetterSqlite3.Database | undefined,
    private readonly statements = new Map<string, BetterSqlite3.Statement>(),
  ) {}

  /** The same writer inside a transaction (statements are per connection, so they are shared). */
  with(db: Db): BulkWriter {
    return new BulkWriter(db, this.sqlite, this.statements);
  }

  async write(name: string, records: object[], build: BulkQuery): Promise<void> {
    const rows = records as Row[];
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    if (!this.sqlite) {
      for (const part of chunks(rows, columns.length)) await build(this.db, part).execute();
      return;
    }
    let statement = this.statements.get(name);
    if (!statement) {
      // Kysely writes the SQL for one row; its parameters are that row's values in column order.
      statement = this.sqlite.prepare(build(this.db, [rows[0]]).compile().sql);
      this.statements.set(name, statement);
    }
    for (const row of rows) statement.run(columns.map((c) => row[c]));
  }
}

interface Compilable {
  compile(): { sql: string };
  execute(): Promise<unknown>;
}

/** What can be read before a transaction (Store.reader) as well as inside one (StoreTx). */
export type StoreReader = Pick<StoreTx, 'findFilings' | 'findConsignmentsByKeys' | 'consignmentVersions' | 'getConsignment'>;

/** Reads and writes inside one transaction. */
export class StoreTx {
  constructor(
    private readonly db: Db,
    private readonly bulk: BulkWriter,
    private readonly dialect: DialectName,
  ) {}

  /** Locks the head of the event chain for this transaction (serialising writers across nodes) and returns it. */
  async lockChainHead(): Promise<{ seq: number; hash: string }> {
    const head = await this.db
      .updateTable('chain_head')
      .set((eb) => ({ seq: eb.ref('seq') }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  async setChainHead(head: { seq: number; hash: string }): Promise<void> {
    await this.db.updateTable('chain_head').set(head).where('id', '=', 1).execute();
  }

  async findFilings(partyId: string, filingIds: string[]): Promise<StoredFiling[]> {
    if (filingIds.length === 0) return [];
    const out: StoredFiling[] = [];
    for (let ids of chunks(filingIds, 1)) {
      // PostgreSQL partitions filings by month: without a time bound the lookup would probe every month's index. The
      // keys table answers with one probe per id, usually none found (new filings), and their times name the partitions to read.
      let times: string[] | undefined;
      if (this.dialect === 'postgres') {
        const keys = await this.db.selectFrom('filing_keys').select(['filing_id', 'received_at']).where('party_id', '=', partyId).where('filing_id', 'in', ids).execute();
        if (keys.length === 0) continue;
        ids = keys.map((k) => k.filing_id);
        times = [...new Set(keys.map((k) => k.received_at))];
      }
      let q = this.db.selectFrom('filings').selectAll().where('party_id', '=', partyId).where('filing_id', 'in', ids);
      if (times) q = q.where('received_at', 'in', times); // only the partitions holding them
      out.push(...(await q.execute()).map(filingFromRow));
    }
    return out;
  }

  /** Live (not merged-away) consignments holding any of these tracking or order ids. */
  /** `versions`, when given, gets each found consignment's version, from the same rows (intake's optimistic check). */
  async findConsignmentsByKeys(trackingIds: string[], orderIds: string[], versions?: Map<string, number>): Promise<ConsignmentState[]> {
    const found = new Map<string, ConsignmentsTable>();
    const load = async (column: 'tracking_id' | 'order_id', values: string[]) => {
      for (const part of chunks([...new Set(values)], 1)) {
        const rows = await this.db.selectFrom('consignments').selectAll().where(column, 'in', part).where('merged_into', 'is', null).execute();
        for (const r of rows) found.set(r.id, r);
      }
    };
    if (trackingIds.length) await load('tracking_id', trackingIds);
    if (orderIds.length) await load('order_id', orderIds);
    if (versions) for (const r of found.values()) versions.set(r.id, Number(r.version));
    return hydrate(this.db, [...found.values()]);
  }

  /**
   * The versions of the live consignments holding any of these tracking or order ids: what intake compares, under the
   * chain-head lock, with what it read before taking it (a row written since has a higher version, a new one appears).
   */
  async consignmentVersions(trackingIds: string[], orderIds: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const load = async (column: 'tracking_id' | 'order_id', values: string[]) => {
      for (const part of chunks([...new Set(values)], 1)) {
        const rows = await this.db.selectFrom('consignments').select(['id', 'version']).where(column, 'in', part).where('merged_into', 'is', null).execute();
        for (const r of rows) out.set(r.id, Number(r.version));
      }
    };
    if (trackingIds.length) await load('tracking_id', trackingIds);
    if (orderIds.length) await load('order_id', orderIds);
    return out;
  }

  async getConsignment(id: string): Promise<ConsignmentState | undefined> {
    return liveConsignment(this.db, id);
  }

  async hasFiledFor(partyId: string, consignmentId: string): Promise<boolean> {
    return hasFiled(this.db, partyId, consignmentId);
  }

  async insertFilings(filings: StoredFiling[]): Promise<void> {
    const rows: FilingsTable[] = filings.map((f) => ({
      party_id: f.partyId,
      filing_id: f.filingId,
      kind: f.kind,
      consignment_id: f.consignmentId,
      sent_at: f.sentAt,
      received_at: f.receivedAt,
      body: f.body,
      body_hash: f.bodyHash,
    }));
    await this.bulk.write('filings', rows, (db, part) => db.insertInto('filings').values(part));
  }

  /** Retire consignments absorbed into another: they keep their row (and events) but lose their keys. */
  async markMerged(absorbed: { id: string; into: string }[]): Promise<void> {
    for (const { id, into } of absorbed) {
      await this.db
        .updateTable('consignments')
        .set((eb) => ({ merged_into: into, tracking_id: null, order_id: null, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
      await this.db.updateTable('filings').set({ consignment_id: into }).where('consignment_id', '=', id).execute();
    }
  }

  async upsertConsignments(states: ConsignmentState[]): Promise<void> {
    // One row per id, the last state winning: PostgreSQL refuses an ON CONFLICT DO UPDATE that meets the same row
    // twice in one statement, where SQLite applies the rows in turn.
    const rows = [...new Map(states.map((s) => [s.id, s])).values()].map(toRow);
    await this.bulk.write('consignments', rows, (db, part) =>
      db
        .insertInto('consignments')
        .values(part)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            tracking_id: eb.ref('excluded.tracking_id'),
            order_id: eb.ref('excluded.order_id'),
            status: eb.ref('excluded.status'),
            category: eb.ref('excluded.category'),
            lane: eb.ref('excluded.lane'),
            master_id: eb.ref('excluded.master_id'),
            updated_at: eb.ref('excluded.updated_at'),
            doc: eb.ref('excluded.doc'),
            // A literal, not a bound 1: on SQLite the statement's parameters are exactly the row's values (BulkWriter).
            version: sql<number>`consignments.version + 1`,
          })),
        ),
    );
  }

  /** Decisions at arrival, written with the events that record them. */
  async appendDecisions(rows: RiskDecisionsTable[]): Promise<void> {
    await this.bulk.write('risk_decisions', rows, (db, part) => db.insertInto('risk_decisions').values(part));
  }

  /** Inspection outcomes, written with the events that record them. */
  async appendOutcomes(rows: InspectionOutcomesTable[]): Promise<void> {
    await this.bulk.write('inspection_outcomes', rows, (db, part) => db.insertInto('inspection_outcomes').values(part));
  }

  /** Ledger transactions written with the events that caused them, in the same database transaction. */
  appendLedger(records: LedgerRecord[]): Promise<void> {
    return appendLedger(this.db, records);
  }

  /** Ledger transactions as this transaction sees them (after lockChainHead: with every earlier writer's). */
  ledger(filter: LedgerFilter): Promise<LedgerRecord[]> {
    return readLedger(this.db, filter);
  }

  async appendEvents(events: ChainedEvent[]): Promise<void> {
    const rows: EventsTable[] = events.map((e) => ({
      seq: e.seq,
      consignment_id: e.consignmentId,
      type: e.type,
      at: e.at,
      actor: e.actor,
      data: e.data,
      content_hash: e.contentHash,
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
    await this.bulk.write('events', rows, (db, part) => db.insertInto('events').values(part));
  }
}

export class Store {
  private readonly bulk: BulkWriter;
  readonly revenue: RevenueStore;
  readonly risk: RiskStore;
  readonly subscriptions: SubscriptionStore;
  readonly trusted: TrustedStore;
  readonly quality: QualityStore;
  readonly operations: OperationsStore;
  readonly officers: OfficerStore;
  readonly jobs: JobStore;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    /** The SQLite connection under Kysely, for the bulk writes of the intake hot path. */
    sqlite?: BetterSqlite3.Database,
  ) {
    this.bulk = new BulkWriter(db, sqlite);
    this.revenue = new RevenueStore(db);
    this.risk = new RiskStore(db);
    this.subscriptions = new SubscriptionStore(db);
    this.trusted = new TrustedStore(db);
    this.quality = new QualityStore(db);
    this.operations = new OperationsStore(db);
    this.officers = new OfficerStore(db);
    this.jobs = new JobStore(db);
  }

  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: { getMigrations: async () => migrations(this.dialect) } });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new StoreTx(trx, this.bulk.with(trx), this.dialect)));
  }

  /** StoreTx's reads outside any transaction (each statement on its own): for work done before taking a lock. */
  reader(): StoreReader {
    return new StoreTx(this.db, this.bulk, this.dialect);
  }

  /** A consignment by id; an id that was merged into another resolves to the survivor. */
  getConsignment(id: string): Promise<ConsignmentState | undefined> {
    return liveConsignment(this.db, id);
  }

  /** Consignments by id (those merged away are left out), in no particular order. */
  async consignmentsByIds(ids: readonly string[]): Promise<ConsignmentState[]> {
    const rows: ConsignmentsTable[] = [];
    for (const part of chunks([...new Set(ids)], 1)) {
      rows.push(...(await this.db.selectFrom('consignments').selectAll().where('id', 'in', part).where('merged_into', 'is', null).execute()));
    }
    return hydrate(this.db, rows);
  }

  async findConsignments(key: { trackingId?: string; orderId?: string }): Promise<ConsignmentState[]> {
    let q = this.db.selectFrom('consignments').selectAll().where('merged_into', 'is', null);
    if (key.trackingId !== undefined) q = q.where('tracking_id', '=', key.trackingId);
    if (key.orderId !== undefined) q = q.where('order_id', '=', key.orderId);
    return hydrate(this.db, await q.orderBy('created_at').orderBy('id').limit(100).execute());
  }

  async eventsOf(consignmentIds: string[]): Promise<ChainedEvent[]> {
    // `IN ()` is a syntax error on PostgreSQL (SQLite accepts it).
    if (consignmentIds.length === 0) return [];
    const rows = await this.db.selectFrom('events').selectAll().where('consignment_id', 'in', consignmentIds).orderBy('seq').execute();
    return rows.map(eventFromRow);
  }

  /** Whether a party has sent any filing that belongs to the consignment (what lets a partner read it). */
  hasFiledFor(partyId: string, consignmentId: string): Promise<boolean> {
    return hasFiled(this.db, partyId, consignmentId);
  }

  async filingsOf(consignmentId: string): Promise<StoredFiling[]> {
    const rows = await this.db.selectFrom('filings').selectAll().where('consignment_id', '=', consignmentId).orderBy('received_at').execute();
    return rows.map(filingFromRow);
  }

  /** Events in sequence order, a page at a time, for verification and export. */
  async *events(pageSize = 5000): AsyncGenerator<ChainedEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.db.selectFrom('events').selectAll().where('seq', '>', after).orderBy('seq').limit(pageSize).execute();
      for (const r of rows) yield eventFromRow(r);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  async chainHead(): Promise<{ seq: number; hash: string }> {
    const head = await this.db.selectFrom('chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    return { seq: Number(head.seq), hash: head.hash };
  }

  /** Live consignments ordered by creation, a page at a time (export). */
  async *consignments(filter: { since?: string; until?: string } = {}, pageSize = 2000): AsyncGenerator<ConsignmentState> {
    let after = '';
    for (;;) {
      let q = this.db.selectFrom('consignments').selectAll().where('merged_into', 'is', null).where('id', '>', after);
      if (filter.since) q = q.where('created_at', '>=', filter.since);
      if (filter.until) q = q.where('created_at', '<', filter.until);
      const rows = await q.orderBy('id').limit(pageSize).execute();
      for (const c of await hydrate(this.db, rows)) yield c;
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.id;
    }
  }

  async counts(): Promise<{ filings: number; consignments: number; events: number; parties: number }> {
    const count = async (table: 'filings' | 'consignments' | 'events' | 'parties') =>
      Number((await this.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const [filings, consignments, events, parties] = await Promise.all([count('filings'), count('consignments'), count('events'), count('parties')]);
    return { filings, consignments, events, parties };
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  // Parties and keys

  async insertParty(p: PartyRecord): Promise<void> {
    await this.db
      .insertInto('parties')
      .values({ id: p.id, name: p.name, role: p.role, created_at: p.createdAt, data: JSON.stringify(p.data) })
      .execute();
  }

  async getParty(id: string): Promise<PartyRecord | undefined> {
    const r = await this.db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, name: r.name, role: r.role, createdAt: r.created_at, data: JSON.parse(r.data) as Record<string, unknown> };
  }

  async listParties(): Promise<PartyRecord[]> {
    const rows = await this.db.selectFrom('parties').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  async insertKey(k: KeyRecord): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({ id: k.id, party_id: k.partyId, secret_hash: k.secretHash, label: k.label, created_at: k.createdAt, revoked_at: k.revokedAt })
      .execute();
  }

  async getKey(id: string): Promise<KeyRecord | undefined> {
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return r && { id: r.id, partyId: r.party_id, secretHash: r.secret_hash, label: r.label, createdAt: r.created_at, revokedAt: r.revoked_at };
  }

  /** A party's keys, oldest first. */
  async listKeys(partyId: string): Promise<KeyRecord[]> {
    const rows = await this.db.selectFrom('api_keys').selectAll().where('party_id', '=', partyId).orderBy('created_at').orderBy('id').execute();
    return rows.map(keyRecord);
  }

  /** Revokes a party's key at `at` unless it already was by then; the key as it now stands, or undefined when the party has no such key. */
  async revokeKey(partyId: string, id: string, at: string): Promise<KeyRecord | undefined> {
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at })
      .where('id', '=', id)
      .where('party_id', '=', partyId)
      .where((eb) => eb.or([eb('revoked_at', 'is', null), eb('revoked_at', '>', at)]))
      .execute();
    const r = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).where('party_id', '=', partyId).executeTakeFirst();
    return r && keyRecord(r);
  }

  /**
   * In one transaction: the old key revoked at `revokeAt` (only if nothing revoked it yet: a concurrent rotation waits
   * for the row and then finds it revoked) and the new key stored. The old key as it now stands, or why not.
   */
  async rotateKey(partyId: string, oldId: string, fresh: KeyRecord, revokeAt: string): Promise<KeyRecord | 'not-found' | 'revoked'> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('api_keys')
        .set({ revoked_at: revokeAt })
        .where('id', '=', oldId)
        .where('party_id', '=', partyId)
        .where('revoked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!updated) {
        const exists = await trx.selectFrom('api_keys').select('id').where('id', '=', oldId).where('party_id', '=', partyId).executeTakeFirst();
        return exists ? 'revoked' : 'not-found';
      }
      await trx
        .insertInto('api_keys')
        .values({ id: fresh.id, party_id: fresh.partyId, secret_hash: fresh.secretHash, label: fresh.label, created_at: fresh.createdAt, revoked_at: fresh.revokedAt })
        .execute();
      return keyRecord(updated);
    });
  }
}

const keyRecord = (r: Selectable<Database['api_keys']>): KeyRecord => ({
  id: r.id,
  partyId: r.party_id,
  secretHash: r.secret_hash,
  label: r.label,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});
