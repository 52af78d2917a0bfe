// Monthly partitions on PostgreSQL (migration 014, ensurePartitions): the tables end up partitioned with the rows they
// held, the store works on them, future partitions are added safely, and — on a million synthetic rows — the console's
// queries, as the store's own code writes them, run on indexes and read only the partitions of their period.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { CompiledQuery, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { chain } from '../../src/domain/audit/index.ts';
import { newConsignment } from '../../src/domain/clearance/index.ts';
import { addDays } from '../../src/domain/revenue/index.ts';
import { WorklistService } from '../../src/services/worklist.ts';
import { openStore, Store, type StoredFiling } from '../../src/store/index.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { addMonths, ensurePartitions, monthOf, partitionName } from '../../src/store/partitions.ts';
import type { Database } from '../../src/store/schema.ts';
import { freshDatabase, startServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics } from '../helpers/filings.ts';

const PG_URL = process.env.CLEARWAY_TEST_PG_URL;
const skip = PG_URL ? false : 'CLEARWAY_TEST_PG_URL is not set: partitioning is PostgreSQL only';
/**
 * Events in the EXPLAIN data set; the other tables are sized from it (see `fill`). Below about 200 000 a month of events
 * is a small relation, and the check that a missing index is caught has nothing left to catch.
 */
const ROWS = Number(process.env.CLEARWAY_TEST_PARTITION_ROWS ?? 1_000_000);

const PARTITIONED = { events: 'at', filings: 'received_at', ledger: 'at', risk_decisions: 'day', inspection_outcomes: 'at' } as const;
type Partitioned = keyof typeof PARTITIONED;

const stored = (over: Partial<StoredFiling> & { consignmentId: string; receivedAt: string }): StoredFiling => ({
  partyId: 'pty_test',
  filingId: `f-${randomUUID()}`,
  kind: 'declaration',
  sentAt: over.receivedAt,
  body: '{}',
  bodyHash: 'h',
  ...over,
});

/** Where each row of a table is stored: partition name → rows. */
async function placement(db: Kysely<any>, table: Partitioned): Promise<Record<string, number>> {
  const { rows } = await sql<{ p: string; n: string }>`select tableoid::regclass::text as p, count(*) as n from ${sql.id(table)} group by 1`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.p, Number(r.n)]));
}

describe('partitions: SQLite', () => {
  test('on SQLite migration 014 and ensurePartitions change nothing', async () => {
    const { config, drop } = await freshDatabase('sqlite');
    const store = openStore({ dataDir: config.dataDir! });
    try {
      assert.ok((await store.migrate()).includes('014_partitions'));
      assert.deepEqual(await ensurePartitions(store.db, new Date(), 3), { created: [], moved: 0, skipped: [] });
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name like '%\\_p2%' escape '\\'`.execute(store.db);
      assert.deepEqual(tables.rows, []);
    } finally {
      await store.close();
      await drop();
    }
  });
});

describe('partitions: PostgreSQL', { skip }, () => {
  test('migration 014 partitions the tables that grow with traffic, moving the rows they held into their months', async () => {
    const { config, drop } = await freshDatabase('postgres');
    const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir! });
    try {
      const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => migrations('postgres') } });
      assert.equal((await migrator.migrateTo('013_jobs')).error, undefined);
      // Rows of two past months, written by the store as intake writes them.
      const march = '2026-03-15T10:00:00.000Z';
      const may = '2026-05-02T23:59:59.999Z';
      const c = { ...newConsignment(randomUUID(), march), trackingId: 'RR000000001CN', orderId: 'ORD-1' };
      const first = stored({ consignmentId: c.id, receivedAt: march });
      await store.transaction(async (tx) => {
        const head = await tx.lockChainHead();
        const events = chain(head, [
          { consignmentId: c.id, type: 'filing-received', at: march, actor: 'pty_test', data: '{}' },
          { consignmentId: c.id, type: 'status-changed', at: may, actor: 'pty_test', data: '{}' },
        ]);
        await tx.insertFilings([first, stored({ consignmentId: c.id, receivedAt: may })]);
        await tx.appendEvents(events);
        await tx.appendLedger([{ id: randomUUID(), at: may, kind: 'assessment', consignmentId: c.id, partyId: 'pty_test', model: 'carrier', memo: 'm', postings: [] }]);
        await tx.appendDecisions([{ consignment_id: c.id, decided_at: may, day: may.slice(0, 10), lane: 'physical', selected_by: 'rule', score: 0.9, expected_value: 1, reasons: '[]', model_version: null, model_probability: null, shadow_version: null, shadow_probability: null, random_chance: null }]);
        await tx.appendOutcomes([{ id: randomUUID(), consignment_id: c.id, at: may, officer: 'o', lane: 'physical', result: 'no-finding', amount: null, currency: null, note: null, parties: '[]', routes: '[]' }]);
        await tx.setChainHead({ seq: events[1]!.seq, hash: events[1]!.hash });
      });

      const applied = await store.migrate();
      assert.equal(applied[0], '014_partitions', applied.join(', '));
      // (The consignment is written now, as the store writes it with every migration applied.)
      await store.transaction((tx) => tx.upsertConsignments([c]));

      const partitioned = await sql<{ table: string; key: string; collation: string; strategy: string }>`
        select c.relname as table, a.attname as key, co.collname as collation, pt.partstrat as strategy
        from pg_partitioned_table pt join pg_class c on c.oid = pt.partrelid
        join pg_attribute a on a.attrelid = c.oid and a.attnum = pt.partattrs[0]
        join pg_collation co on co.oid = a.attcollation order by 1`.execute(store.db);
      assert.deepEqual(
        partitioned.rows,
        Object.entries(PARTITIONED)
          .sort()
          .map(([table, key]) => ({ table, key, collation: 'C', strategy: 'r' })),
      );
      const now = monthOf(new Date());
      for (const table of Object.keys(PARTITIONED) as Partitioned[]) {
        const parts = await sql<{ name: string; bound: string }>`
          select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound from pg_inherits i join pg_class c on c.oid = i.inhrelid
          where i.inhparent = ${table}::regclass order by 1`.execute(store.db);
        const names = parts.rows.map((r) => r.name);
        // The months that held rows, this month and the next three, and DEFAULT.
        for (const m of ['2026-05', now, addMonths(now, 3)]) assert.ok(names.includes(partitionName(table, m)), `${table}: ${names.join(', ')}`);
        assert.ok(names.includes(`${table}_default`));
        assert.equal(parts.rows.find((r) => r.name === partitionName(table, '2026-05'))!.bound, "FOR VALUES FROM ('2026-05-01') TO ('2026-06-01')");
      }
      assert.deepEqual(await placement(store.db, 'events'), { events_p2026_03: 1, events_p2026_05: 1 });
      assert.deepEqual(await placement(store.db, 'filings'), { filings_p2026_03: 1, filings_p2026_05: 1 });
      assert.deepEqual(await placement(store.db, 'risk_decisions'), { risk_decisions_p2026_05: 1 });
      assert.deepEqual(await placement(store.db, 'ledger'), { ledger_p2026_05: 1 });
      assert.deepEqual(await placement(store.db, 'inspection_outcomes'), { inspection_outcomes_p2026_05: 1 });

      // The store reads them as before; the key (party, filing id) stays unique whatever the time.
      assert.deepEqual((await store.eventsOf([c.id])).map((e) => e.seq), [1, 2]);
      assert.equal((await store.filingsOf(c.id)).length, 2);
      assert.equal((await store.getConsignment(c.id))?.trackingId, 'RR000000001CN');
      assert.equal((await store.revenue.ledger({ from: '2026-05-01', to: '2026-06-01' })).length, 1);
      assert.equal((await store.risk.decisionsWithOutcomes('2026-05-01', '2026-05-03'))[0]?.outcomes.length, 1);
      assert.equal((await store.transaction((tx) => tx.findFilings('pty_test', [first.filingId])))[0]?.receivedAt, march);
      await assert.rejects(
        store.transaction((tx) => tx.insertFilings([{ ...first, receivedAt: '2026-06-01T00:00:00.000Z' }])),
        /filing_keys_pkey/,
      );
      const indexes = await sql<{ name: string }>`select indexrelid::regclass::text as name from pg_index where indrelid = 'risk_decisions'::regclass order by 1`.execute(store.db);
      assert.deepEqual(indexes.rows.map((r) => r.name), ['risk_decisions_day', 'risk_decisions_decided', 'risk_decisions_pkey']);
    } finally {
      await store.close();
      await drop();
    }
  });

  test('intake, idempotency and the consignment page work on the partitioned tables (a server on openClearway)', async () => {
    const server = await startServer('postgres');
    try {
      const platform = await server.party('ShopNova', 'platform');
      const carrier = await server.party('China Post', 'carrier');
      const d = declaration();
      const created = await platform.post('/v1/filings', d);
      assert.equal(created.status, 201);
      assert.equal((await platform.post('/v1/filings', d)).status, 200);
      const reused = await platform.post('/v1/filings', { ...d, shippingCost: '9.99' });
      assert.equal(reused.status, 409);
      assert.equal(reused.body.errors[0].code, 'filing-id-reused');
      assert.equal((await carrier.post('/v1/filings', logistics(d.trackingId))).status, 201);
      assert.equal((await carrier.post('/v1/filings', arrival(d.trackingId))).status, 201);
      const page = await server.admin.get(`/v1/consignments/${created.body.id}`);
      assert.equal(page.status, 200);
      assert.equal(page.body.status !== 'pre-arrival', true);
      assert.ok(page.body.events.length >= 3);
      const db = server.cw.store.db;
      const month = monthOf(new Date());
      assert.deepEqual(Object.keys(await placement(db, 'filings')), [partitionName('filings', month)]);
      assert.deepEqual(Object.keys(await placement(db, 'events')), [partitionName('events', month)]);
      assert.deepEqual(Object.keys(await placement(db, 'risk_decisions')), [partitionName('risk_decisions', month)]);
    } finally {
      await server.close();
    }
  });

  test('ensurePartitions is idempotent, concurrent calls all succeed, and rows that landed in DEFAULT move to their month', async () => {
    const { config, drop } = await freshDatabase('postgres');
    const stores = [0, 1, 2, 3].map(() => openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir!, poolSize: 2 }));
    const [store] = stores as [Store];
    try {
      await store.migrate();
      assert.deepEqual(await ensurePartitions(store.db, new Date(), 3), { created: [], moved: 0, skipped: [] }, 'the migration made this month and the next three');

      // Four nodes starting at once, in a month far ahead.
      const reports = await Promise.all(stores.map((s) => ensurePartitions(s.db, new Date('2030-01-15T00:00:00Z'), 5)));
      const created = reports.flatMap((r) => r.created).sort();
      const expected = Object.keys(PARTITIONED).flatMap((t) => [0, 1, 2, 3, 4, 5].map((i) => partitionName(t, addMonths('2030-01', i)))).sort();
      assert.deepEqual(created, expected, 'each partition created once, by one of them');
      assert.deepEqual(await ensurePartitions(store.db, new Date('2030-01-15T00:00:00Z'), 5), { created: [], moved: 0, skipped: [] });

      // A month nobody prepared: its rows go to DEFAULT, and the next run gives them their partition.
      const late = '2033-02-10T08:00:00.000Z';
      const c = { ...newConsignment(randomUUID(), late), trackingId: 'RR000000002CN' };
      await store.transaction(async (tx) => {
        const head = await tx.lockChainHead();
        const events = chain(head, [{ consignmentId: c.id, type: 'filing-received', at: late, actor: 'pty_test', data: '{}' }]);
        await tx.upsertConsignments([c]);
        await tx.insertFilings([stored({ consignmentId: c.id, receivedAt: late })]);
        await tx.appendEvents(events);
        await tx.setChainHead({ seq: events[0]!.seq, hash: events[0]!.hash });
      });
      assert.deepEqual(await placement(store.db, 'events'), { events_default: 1 });
      const moving = await Promise.all(stores.map((s) => ensurePartitions(s.db, new Date(), 0)));
      assert.deepEqual(moving.flatMap((r) => r.created).sort(), ['events_p2033_02', 'filings_p2033_02'], 'a partition for the month DEFAULT holds rows of');
      assert.equal(moving.reduce((n, r) => n + r.moved, 0), 2, 'the event and the filing');
      assert.deepEqual(await placement(store.db, 'events'), { events_p2033_02: 1 });
      assert.deepEqual(await placement(store.db, 'filings'), { filings_p2033_02: 1 });
      assert.equal((await store.eventsOf([c.id])).length, 1);
      assert.equal((await store.filingsOf(c.id)).length, 1);

      // A partition detached for archiving is not re-created: its month's late rows stay in DEFAULT.
      await sql`alter table events detach partition events_p2033_02`.execute(store.db);
      await sql`insert into events select seq + 1, consignment_id, type, '2033-02-11T00:00:00.000Z', actor, data, content_hash, prev_hash, hash from events_p2033_02`.execute(store.db);
      const archived = await ensurePartitions(store.db, new Date(), 0);
      assert.deepEqual(archived.skipped, ['events_p2033_02']);
      assert.deepEqual(await placement(store.db, 'events'), { events_default: 1 });
    } finally {
      await Promise.all(stores.map((s) => s.close()));
      await drop();
    }
  });

  test('partitions are pruned in a database whose collation is not C (ICU en-US)', async () => {
    const name = `cw_test_icu_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.utf8' TEMPLATE template0`);
    const url = new URL(PG_URL!);
    url.pathname = `/${name}`;
    const store = openStore({ databaseUrl: url.toString(), dataDir: '/nonexistent' });
    try {
      await store.migrate();
      const month = monthOf(new Date());
      const plan = await explain(store.db, store.db.selectFrom('ledger').selectAll().where('at', '>=', `${month}-02`).where('at', '<', `${month}-09`).compile());
      assert.deepEqual(relations(plan), [partitionName('ledger', month)]);
    } finally {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  describe(`EXPLAIN on ${ROWS.toLocaleString('en')} events and the rows that go with them`, () => {
    let drop: () => Promise<void>;
    let db: Kysely<Database>;
    let store: Store;
    const captured: CompiledQuery[] = [];
    /** Rows per relation after ANALYZE: what makes a scan of it big. */
    const sizes = new Map<string, number>();
    const now = new Date();
    const first = addMonths(monthOf(now), -11);
    const C = Math.max(1000, Math.round(ROWS / 5));
    const today = now.toISOString().slice(0, 10);

    before(async () => {
      const fresh = await freshDatabase('postgres');
      drop = fresh.drop;
      // random_page_cost 1.1, as for SSD storage (docs/partitioning.md): with PostgreSQL's default of 4, meant for
      // spinning disks, the planner reads these small partitions (20 000 to 90 000 rows) whole for IN lists of a few
      // hundred ids, where their indexes answer ten times faster.
      const pool = new pg.Pool({ connectionString: fresh.config.databaseUrl, max: 4, options: '-c random_page_cost=1.1' });
      // The store's own queries, as Kysely compiles them, are what is explained.
      db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (e) => void (e.level === 'query' && captured.push(e.query)) });
      store = new Store(db, 'postgres');
      await store.migrate();
      await ensurePartitions(db, new Date(`${first}-01T00:00:00Z`), 14);
      const started = Date.now();
      await fill(db, { from: Date.parse(`${first}-01T00:00:00Z`), to: now.getTime(), consignments: C });
      const filled = Date.now();
      await Promise.all([
        sql`vacuum analyze events`.execute(db),
        (async () => {
          for (const table of ['consignments', 'filings', 'risk_decisions', 'ledger', 'inspection_outcomes', 'filing_keys']) await sql`vacuum analyze ${sql.id(table)}`.execute(db);
        })(),
      ]);
      const { rows } = await sql<{ name: string; n: number }>`select relname as name, reltuples::float8 as n from pg_class where relkind = 'r'`.execute(db);
      for (const r of rows) sizes.set(r.name, r.n);
      process.stdout.write(
        `# ${ROWS} events, ${C} consignments, ${2 * C} filings, ${C} decisions, ${C} ledger rows, ${C / 10} outcomes over 12 months: ` +
          `filled in ${filled - started} ms, vacuum analyze ${Date.now() - filled} ms\n`,
      );
    });
    after(async () => {
      await db?.destroy();
      await drop?.();
    });

    /** The SELECTs a piece of the store's code sends, explained with their parameters. */
    async function plansOf(t: TestContext, what: () => Promise<unknown>): Promise<Plan[]> {
      captured.length = 0;
      await what();
      const selects = captured.filter((q) => /^\s*select/i.test(q.sql));
      assert.ok(selects.length > 0, 'the code sent a query');
      const plans: Plan[] = [];
      for (const q of selects) {
        const plan = await explain(db, q);
        t.diagnostic(`${q.sql.slice(0, 150)}${q.sql.length > 150 ? '…' : ''}`);
        t.diagnostic(`  ${summary(plan)}`);
        plans.push(Object.assign(plan, { query: q }));
      }
      return plans;
    }

    /**
     * Fewer rows than this is a small relation, read whole in about a millisecond: an empty month ahead, DEFAULT, a
     * month of inspection outcomes (and, with a small CLEARWAY_TEST_PARTITION_ROWS, any month).
     */
    const SMALL = 10_000;
    /**
     * No big relation is read sequentially for a part of its rows: a Seq Scan is of a small relation, or returns at least
     * half of its relation's rows (a month a period query reads whole, where an index would only add reads). With
     * `keyed`, a plan that reads a big relation also uses an index: the query looks rows up by key.
     */
    const assertIndexed = (plans: Plan[], keyed = true) => {
      for (const plan of plans) {
        const wasteful = nodes(plan).filter((n) => {
          if (n['Node Type'] !== 'Seq Scan') return false;
          const size = sizes.get(n['Relation Name']!) ?? 0;
          return size >= SMALL && (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1) < size / 2;
        });
        assert.deepEqual(wasteful.map((n) => n['Relation Name']), [], `a big relation read sequentially for a few rows: ${summary(plan)}`);
        const big = relations(plan).some((r) => (sizes.get(r) ?? 0) >= SMALL);
        if (keyed && big) assert.ok(nodes(plan).some((n) => /Index/.test(n['Node Type'])), `an index is used: ${summary(plan)}`);
      }
    };
    /** Every partition of `table` the plan reads is one of `months`' (DEFAULT and the other months pruned). */
    const assertPruned = (plan: Plan, table: Partitioned, months: string[]) => {
      const read = relations(plan).filter((r) => r.startsWith(`${table}_`));
      assert.ok(read.length > 0, `${table} is read: ${summary(plan)}`);
      const allowed = months.map((m) => partitionName(table, m));
      assert.deepEqual(read.filter((r) => !allowed.includes(r)), [], `only ${allowed.join(', ')} of ${table}: ${summary(plan)}`);
    };

    test("the officers' worklist reads a page of consignments through its index, also by lane and after a cursor", async (t) => {
      const worklist = new WorklistService(store);
      const officer = { partyId: 'admin', role: 'officer' as const, name: 'o' };
      let next: string | null = null;
      const plans = await plansOf(t, async () => {
        const r = await worklist.list(officer, {});
        assert.ok(r.ok && r.value.items.length === 50);
        next = r.value.next;
        const physical = await worklist.list(officer, { lane: 'physical', order: 'newest' });
        assert.ok(physical.ok && physical.value.items.length > 0);
        await worklist.list(officer, { status: ['held'] });
      });
      plans.push(...(await plansOf(t, () => worklist.list(officer, { after: next! }))));
      assertIndexed(plans);
    });

    test('the consignment page reads one consignment, its filings and its events by index', async (t) => {
      const { rows } = await sql<{ id: string }>`select id from consignments order by id offset ${Math.floor(C / 2)} limit 1`.execute(db);
      const id = rows[0]!.id;
      const plans = await plansOf(t, async () => {
        assert.ok(await store.getConsignment(id));
        assert.equal((await store.eventsOf([id])).length, 5);
        assert.equal((await store.filingsOf(id)).length, 2);
      });
      assertIndexed(plans);
      // The check can fail: without the index on events (consignment_id, seq) every month is read whole.
      const events = plans.find((p) => /from "events"/.test(p.query!.sql))!;
      await db
        .transaction()
        .execute(async (trx) => {
          await sql`drop index events_consignment`.execute(trx);
          const without = await explain(trx, events.query!);
          t.diagnostic(`without events_consignment: ${summary(without)}`);
          assert.throws(() => assertIndexed([without]), /read sequentially/);
          throw new Error('rollback');
        })
        .catch((e: Error) => assert.equal(e.message, 'rollback'));
    });

    test('intake finds the earlier filings and the stored consignments of a batch of 1 000 filings through indexes', async (t) => {
      // As in steady traffic: two filings in three (logistics, arrival) are for a parcel already stored, one is new.
      const parcels = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? C + i : (i * 97) % C));
      const trackings = parcels.map((j) => `LX${String(j).padStart(9, '0')}NL`);
      const orders = parcels.map((j) => `ORD-${j}`);
      const filings = Array.from({ length: 1000 }, (_, i) => `F-${(i * 40) % (2 * C)}`);
      const plans = await plansOf(t, () =>
        store.transaction(async (tx) => {
          assert.equal((await tx.findFilings('pty_00', filings)).length, 1000);
          assert.ok((await tx.findConsignmentsByKeys(trackings, orders)).length >= 666);
        }),
      );
      assertIndexed(plans);
    });

    test("the dashboards of the last 30 days read only those days' partitions, through indexes where they read part of one", async (t) => {
      const from = addDays(today, -29);
      const end = addDays(today, 1);
      const months = [...new Set([from.slice(0, 7), today.slice(0, 7)])];
      const since = `${from}T00:00:00.000Z`;
      const until = `${end}T00:00:00.000Z`;
      let decided: string[] = [];
      const [decisions, outcomes, ledger, accepted, filedFor, ...rest] = await plansOf(t, async () => {
        decided = (await store.risk.decisionsWithOutcomes(from, end)).map((d) => d.consignment_id);
        assert.ok(decided.length > 0);
        assert.ok((await store.revenue.ledger({ from, to: end })).length > 0);
        assert.ok(Object.keys(await store.quality.acceptedByKind('pty_00', since, until)).length > 0);
        assert.ok((await store.quality.consignmentsFiledFor('pty_00', ['order', 'declaration', 'logistics'], since, until)).length > 0);
      });
      assert.equal(rest.length, 0);
      assertPruned(decisions!, 'risk_decisions', months);
      assertPruned(outcomes!, 'risk_decisions', months);
      assertPruned(ledger!, 'ledger', months);
      assertPruned(accepted!, 'filings', months);
      assertPruned(filedFor!, 'filings', months);
      assertIndexed([decisions!, outcomes!, ledger!], false);
      assertIndexed([accepted!, filedFor!]);
      // The release times: the events of the period's parcels, 500 at a time, as MetricsService reads them.
      assertIndexed(await plansOf(t, () => store.eventsOf(decided.slice(0, 500))));
      // The check can fail: a partner's statement reads its ledger rows of every month.
      const [statement] = await plansOf(t, () => store.revenue.ledger({ partyId: 'pty_00' }));
      assert.throws(() => assertPruned(statement!, 'ledger', months), /only/);
    });

    test("the risk engine's reads of decisions (every node, every 5 s) use indexes and today's partition", async (t) => {
      const [usage, yesterday, latest, recent] = await plansOf(t, async () => {
        await store.risk.laneUsage(today);
        await store.risk.countDecisions(addDays(today, -1));
        await store.risk.decidedSince(new Date(now.getTime() - 3_600_000).toISOString(), 200_000);
        await store.risk.recentExpectedValues(2000);
      });
      assertIndexed([usage!, yesterday!, latest!, recent!]);
      assertPruned(usage!, 'risk_decisions', [today.slice(0, 7)]);
      assertPruned(yesterday!, 'risk_decisions', [addDays(today, -1).slice(0, 7)]);
    });
  });
});

// The synthetic data: one year up to now, evenly spread, with ids, keys and values shaped like Clearway's. Cheap
// expressions (to_hex, not md5) and the tables filled two at a time keep it within the test's time on two cores.

async function fill(db: Kysely<any>, o: { from: number; to: number; consignments: number }): Promise<void> {
  const C = o.consignments;
  const span = o.to - o.from;
  const ms = (i: string, n: number) => `(${o.from} + (${i})::float8 * ${span} / ${n})`;
  const time = (i: string, n: number) => `to_timestamp(${ms(i, n)} / 1000.0)`;
  const iso = (t: string) => `to_char((${t}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  // UUIDv7 as services/ids.ts makes them: the creation time in the first 48 bits; `salt` tells the tables apart.
  const uuid = (j: string, salt: string) => {
    const h = `lpad(to_hex(${ms(j, C)}::bigint), 12, '0')`;
    return `substr(${h},1,8)||'-'||substr(${h},9,4)||'-7${salt}'||lpad(to_hex((${j}) % 256), 2, '0')||'-8'||lpad(to_hex((${j}) * 7 % 4096), 3, '0')||'-'||lpad(to_hex(${j}), 12, '0')`;
  };
  const cid = (j: string) => uuid(j, '0');
  const hash = (g: string, salt: string) => `lpad(to_hex(${g}), 64, '${salt}')`;
  const lane = (j: string) => `(array['release','release','release','release','release','release','release','release','release','release','release','release','release','release','release','release','document-check','document-check','scan','physical'])[1 + ((${j}) * 7) % 20]`;
  const platform = (j: string) => `'pty_' || lpad(((${j}) % 20)::text, 2, '0')`;
  const doc = `'{"filings":[],"findings":[],"referrals":[],"risk":{"score":0.42,"provisional":false,"selectedBy":"score","reasons":[{"code":"rule:high-value@3","message":"declared value above the rule''s threshold"},{"code":"indicator:new-seller","message":"first parcels of this seller"}]},"assessment":{"currency":"EUR","dueAtBorder":"4.20"},"arrivalRecordedAt":null}'`;
  const body = (g: string) => `'{"filingId":"F-' || (${g}) || '","kind":"declaration","sentAt":"2026-01-01T00:00:00Z","items":[{"description":"Men''s cotton T-shirt","quantity":2,"unitPrice":"12.50","hsCode":"610910","originCountry":"CN"}],"currency":"EUR","buyer":{"name":"Anna Müller","address":{"city":"Berlin","country":"DE"}}}'`;
  const run = (q: string) => sql.raw(q).execute(db);
  const events = `
    insert into events (seq, consignment_id, type, at, actor, data, content_hash, prev_hash, hash)
    select g + 1, ${cid('g / 5')}, (array['filing-received','filing-received','risk-decided','status-changed','status-changed'])[1 + g % 5], ${iso(time('g', 5 * C))},
      ${platform('g / 5')}, case when g % 5 >= 3 then '{"from":"arrived","to":"released"}' else '{"category":3}' end, ${hash('g', 'c')}, ${hash('g - 1', 'h')}, ${hash('g', 'h')}
    from generate_series(0, ${5 * C - 1}) g`;
  const consignments = `
    insert into consignments (id, tracking_id, order_id, status, category, lane, created_at, updated_at, merged_into, doc, master_id)
    select ${cid('j')}, 'LX' || lpad(j::text, 9, '0') || 'NL', 'ORD-' || (case when j % 10 = 9 then j - 1 else j end),
      case when t > now() - interval '10 days' then (array['pre-arrival','pre-arrival','pre-arrival','arrived','arrived','held','payment-due','released','released','released'])[1 + (j / 3) % 10]
           when j % 500 = 0 then 'held' when j % 3 = 0 then 'delivered' else 'released' end,
      1 + j % 4, ${lane('j')}, ${iso('t')}, ${iso("t + interval '2 hours'")}, null, ${doc}, 'MAWB-' || (j / 400)
    from (select j, ${time('j', C)} as t from generate_series(0, ${C - 1}) j) s`;
  const filings = `
    insert into filings (party_id, filing_id, kind, consignment_id, sent_at, received_at, body, body_hash)
    select case when g % 2 = 0 then ${platform('g / 2')} else 'pty_c' || (g / 2) % 5 end, 'F-' || g,
      case when g % 2 = 0 then 'declaration' else 'logistics' end, ${cid('g / 2')}, t, t, ${body('g')}, ${hash('g', 'b')}
    from (select g, ${iso(time('g', 2 * C))} as t from generate_series(0, ${2 * C - 1}) g) s`;
  const decisions = `
    insert into risk_decisions (consignment_id, decided_at, day, lane, selected_by, score, expected_value, reasons, model_version, model_probability, shadow_version, shadow_probability, random_chance)
    select ${cid('j')}, a, left(a, 10), ${lane('j')}, (array['none','none','none','score','rule','random'])[1 + j % 6], (j % 100) / 100.0, (j % 37) / 10.0,
      '["rule:high-value@3","indicator:new-seller"]', 'm-7', 0.1, null, null, 0.01
    from (select j, ${iso(time('j', C))} as a from generate_series(0, ${C - 1}) j) s`;
  const ledger = `
    insert into ledger (id, at, kind, consignment_id, party_id, model, memo, postings)
    select ${uuid('j', '1')}, ${iso(time('j', C))}, (array['assessment','assessment','transfer','collection'])[1 + j % 4], ${cid('j')}, ${platform('j')},
      (array['scheme','carrier','account','consumer'])[1 + j % 4], 'assessed: due at the border (carrier)',
      '[{"account":"party:pty_00","amount":"4.20","currency":"EUR"},{"account":"revenue:duty","amount":"-4.20","currency":"EUR"}]'
    from generate_series(0, ${C - 1}) j`;
  const outcomes = `
    insert into inspection_outcomes (id, consignment_id, at, officer, lane, result, amount, currency, note, parties, routes)
    select ${uuid('j', '2')}, ${cid('j')}, ${iso(`${time('j', C)} + interval '3 hours'`)}, 'officer-' || j % 7, 'physical',
      (array['no-finding','no-finding','no-finding','revenue-adjustment','seizure'])[1 + (j / 10) % 5], null, null, null, '["platform:pty_00"]', '["CN>DE"]'
    from generate_series(0, ${C - 1}, 10) j`;
  // Events (half the rows) on one connection, the other tables in turn on another.
  await Promise.all([run(events), (async () => { for (const q of [consignments, filings, decisions, ledger, outcomes]) await run(q); })()]);
}

// Plans: EXPLAIN (ANALYZE, FORMAT JSON) of a compiled query, and what the assertions and diagnostics read of it.

interface Plan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Actual Total Time'?: number;
  'Subplans Removed'?: number;
  Plans?: Plan[];
  /** On the root: the whole query's time, in ms, and the query explained. */
  executionTime?: number;
  query?: CompiledQuery;
}

async function explain(db: Kysely<any>, q: CompiledQuery): Promise<Plan> {
  const r = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: Plan; 'Execution Time': number }> }>(
    CompiledQuery.raw(`explain (analyze, format json) ${q.sql}`, [...q.parameters]),
  );
  const top = r.rows[0]!['QUERY PLAN'][0]!;
  return { ...top.Plan, executionTime: top['Execution Time'] };
}

const nodes = (p: Plan): Plan[] => [p, ...(p.Plans ?? []).flatMap(nodes)];
const relations = (p: Plan): string[] => [...new Set(nodes(p).flatMap((n) => (n['Relation Name'] ? [n['Relation Name']] : [])))].sort();

/**
 * One line: the nodes in order, each scan with its relation and index, and the time. Scans of one table's partitions
 * side by side are one item: `12× Index Scan events_p2026_01…events_p2026_12 (…_consignment_id_seq_idx) rows=5`.
 */
function summary(p: Plan): string {
  const items: string[] = [];
  const walk = (n: Plan) => {
    const removed = n['Subplans Removed'] ? ` (${n['Subplans Removed']} pruned at run time)` : '';
    items.push(`${n['Node Type']}${n['Relation Name'] ? ` ${n['Relation Name']}${n['Index Name'] ? ` (${n['Index Name']})` : ''}` : ''} rows=${rowsOf(n)}${removed}`);
    const children = n.Plans ?? [];
    for (let i = 0; i < children.length; ) {
      const c = children[i]!;
      const table = c['Relation Name']?.replace(/_(p\d{4}_\d{2}|default)$/, '');
      let j = i + 1;
      while (table && j < children.length && children[j]!['Node Type'] === c['Node Type'] && children[j]!['Relation Name']?.startsWith(`${table}_`)) j++;
      if (j - i > 1) {
        const group = children.slice(i, j);
        const index = c['Index Name'] ? ` (…${c['Index Name'].replace(/^.*?_p\d{4}_\d{2}/, '')})` : '';
        const under = c.Plans ? ` [${c.Plans.map((x) => x['Node Type']).join(', ')}]` : '';
        items.push(`${j - i}× ${c['Node Type']} ${c['Relation Name']}…${group[group.length - 1]!['Relation Name']}${index}${under} rows=${group.reduce((a, g) => a + rowsOf(g), 0)}`);
      } else walk(c);
      i = j;
    }
  };
  walk(p);
  return `${items.join(' > ')} | ${p.executionTime?.toFixed(2)} ms, ${nodes(p).length} nodes`;
}

const rowsOf = (n: Plan): number => Math.round((n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1));
