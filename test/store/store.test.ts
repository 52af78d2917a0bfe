// The store on each dialect (SQLite always, PostgreSQL with CLEARWAY_TEST_PG_URL): migrations, the chain head, upserts,
// key lookups, counts; and, on PostgreSQL, two Clearway nodes on one database taking overlapping filings at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { chain, GENESIS_HASH } from '../../src/domain/audit/index.ts';
import { newConsignment, type ConsignmentState } from '../../src/domain/clearance/index.ts';
import { configFromEnv, type Config } from '../../src/config.ts';
import { verifyChain } from '../../src/services/audit.ts';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';
import type { IntakeResult } from '../../src/services/intake.ts';
import type { Actor } from '../../src/services/roles.ts';
import { openStore, type Store, type StoredFiling } from '../../src/store/index.ts';
import { freshDatabase, testStores } from '../helpers/clearway.ts';
import { declaration, logistics, order, payment, s10, uid } from '../helpers/filings.ts';

const NOW = '2026-11-23T10:00:00.000Z';

function consignment(over: Partial<ConsignmentState> = {}): ConsignmentState {
  return { ...newConsignment(randomUUID(), NOW), trackingId: s10(), orderId: uid('ORD'), ...over };
}

function filing(consignmentId: string, over: Partial<StoredFiling> = {}): StoredFiling {
  return {
    partyId: 'pty_test',
    filingId: uid('f'),
    kind: 'declaration',
    consignmentId,
    sentAt: NOW,
    receivedAt: NOW,
    body: '{}',
    bodyHash: 'h',
    ...over,
  };
}

const event = (consignmentId: string, type = 'filing-received') => ({ consignmentId, type, at: NOW, actor: 'pty_test', data: '{"n":1}' });

for (const kind of testStores()) {
  describe(`store (${kind})`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let dataDir: string;
    let databaseUrl: string | undefined;
    before(async () => {
      const db = await freshDatabase(kind);
      drop = db.drop;
      dataDir = db.config.dataDir!;
      databaseUrl = db.config.databaseUrl;
      store = openStore({ databaseUrl, dataDir });
    });
    after(async () => {
      await store.close();
      await drop();
    });

    test('migrations are idempotent: a second run, or another store on the same database, applies nothing', async () => {
      assert.deepEqual(await store.migrate(), ['001_intake', '002_revenue', '003_risk', '004_controls', '005_settings', '006_operations', '007_trusted', '008_quality', '009_subscriptions', '010_random_chance', '011_worklist', '012_officers', '013_jobs', '014_partitions', '015_consignment_version']);
      assert.deepEqual(await store.migrate(), []);
      const other = openStore({ databaseUrl, dataDir });
      try {
        assert.deepEqual(await other.migrate(), []);
      } finally {
        await other.close();
      }
      assert.deepEqual(await store.chainHead(), { seq: 0, hash: GENESIS_HASH });
      assert.deepEqual(await store.counts(), { filings: 0, consignments: 0, events: 0, parties: 0 });
    });

    test('chain head: lock, append, update round trip; a rolled-back transaction leaves it as it was', async () => {
      const c = consignment();
      const written = await store.transaction(async (tx) => {
        const head = await tx.lockChainHead();
        assert.deepEqual(head, { seq: 0, hash: GENESIS_HASH });
        const events = chain(head, [event(c.id), event(c.id, 'assessed')]);
        await tx.upsertConsignments([c]);
        await tx.appendEvents(events);
        await tx.setChainHead({ seq: events[1]!.seq, hash: events[1]!.hash });
        assert.deepEqual(await tx.lockChainHead(), { seq: 2, hash: events[1]!.hash }, 'the transaction sees its own update');
        return events;
      });
      assert.deepEqual(await store.chainHead(), { seq: 2, hash: written[1]!.hash });
      assert.deepEqual(await store.eventsOf([c.id]), written, 'events come back as written, seq as a number');
      assert.deepEqual((await verifyChain(store)).ok, true);

      // bigint columns: a sequence number beyond 32 bits comes back as the same JavaScript number.
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.setChainHead({ seq: 3_000_000_001, hash: 'f'.repeat(64) });
          assert.deepEqual(await tx.lockChainHead(), { seq: 3_000_000_001, hash: 'f'.repeat(64) });
          throw new Error('roll back');
        }),
        /roll back/,
      );
      assert.deepEqual(await store.chainHead(), { seq: 2, hash: written[1]!.hash });
      const next = await store.transaction(async (tx) => tx.lockChainHead());
      assert.equal(typeof next.seq, 'number');
      assert.equal(next.seq, 2);
    });

    test('upserting a consignment again updates it in place (and keeps its creation time)', async () => {
      const before = await store.counts();
      const c = consignment({ category: 3 });
      await store.transaction((tx) => tx.upsertConsignments([c]));
      const changed: ConsignmentState = {
        ...c,
        status: 'held',
        lane: 'document-check',
        category: 4,
        orderId: uid('ORD'),
        createdAt: '2030-01-01T00:00:00.000Z',
        updatedAt: '2026-11-24T09:00:00.000Z',
        findings: [{ code: 'mass-mismatch', severity: 'warning', message: 'x', sources: ['a', 'b'] }],
      };
      await store.transaction((tx) => tx.upsertConsignments([changed]));
      assert.deepEqual(await store.getConsignment(c.id), { ...changed, createdAt: c.createdAt });
      assert.equal((await store.counts()).consignments, before.consignments + 1);
      assert.deepEqual(
        (await store.findConsignments({ trackingId: c.trackingId! })).map((x) => x.id),
        [c.id],
      );
      assert.deepEqual(await store.findConsignments({ orderId: c.orderId! }), [], 'the old order id no longer finds it');
    });

    test('one upsert naming a consignment twice keeps the last state (as SQLite does; PostgreSQL refuses such a statement)', async () => {
      const c = consignment();
      const later = { ...c, status: 'arrived' as const, updatedAt: '2026-11-24T09:00:00.000Z' };
      await store.transaction((tx) => tx.upsertConsignments([c, later]));
      assert.deepEqual(await store.getConsignment(c.id), later);
      const last = { ...later, status: 'released' as const };
      await store.transaction((tx) => tx.upsertConsignments([later, last, later, last]));
      assert.deepEqual(await store.getConsignment(c.id), last);
    });

    test('findConsignmentsByKeys ignores merged consignments; a merged id resolves to the survivor', async () => {
      const shared = uid('ORD');
      const survivor = consignment({ orderId: shared });
      const absorbed = consignment({ orderId: shared });
      const other = consignment();
      await store.transaction(async (tx) => {
        await tx.upsertConsignments([survivor, absorbed, other]);
        await tx.insertFilings([filing(absorbed.id)]);
      });
      await store.transaction(async (tx) => {
        const both = await tx.findConsignmentsByKeys([], [shared]);
        assert.deepEqual(both.map((c) => c.id).sort(), [survivor.id, absorbed.id].sort());
        await tx.markMerged([{ id: absorbed.id, into: survivor.id }]);
      });
      const found = await store.transaction((tx) =>
        tx.findConsignmentsByKeys([survivor.trackingId!, absorbed.trackingId!, other.trackingId!, survivor.trackingId!], [shared, shared]),
      );
      assert.deepEqual(found.map((c) => c.id).sort(), [survivor.id, other.id].sort());
      assert.equal((await store.getConsignment(absorbed.id))?.id, survivor.id);
      assert.equal((await store.filingsOf(survivor.id)).length, 1, "the absorbed consignment's filings move to the survivor");

      // Even if a merged row still carried keys (its state written again), lookups skip it.
      await store.transaction((tx) => tx.upsertConsignments([{ ...absorbed, orderId: shared }]));
      const again = await store.transaction((tx) => tx.findConsignmentsByKeys([absorbed.trackingId!], [shared]));
      assert.deepEqual(again.map((c) => c.id), [survivor.id]);
      assert.deepEqual((await store.findConsignments({ orderId: shared })).map((c) => c.id), [survivor.id]);
    });

    test('lookups with no ids answer nothing (no empty IN list reaches the database)', async () => {
      assert.deepEqual(await store.eventsOf([]), []);
      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.findFilings('pty_test', []), []);
        assert.deepEqual(await tx.findConsignmentsByKeys([], []), []);
        await tx.upsertConsignments([]);
        await tx.insertFilings([]);
        await tx.appendEvents([]);
        await tx.markMerged([]);
      });
    });

    test('consignments() and events() page through every live row exactly once, in order', async () => {
      // Ids that sort differently byte-wise and under a linguistic collation (case, dashes).
      const ids = ['a-b', 'ab', 'A-c', 'Ab', 'a-a', 'B', 'b', '-z', 'z-', 'Z'].map((s) => `page-${s}`);
      await store.transaction((tx) => tx.upsertConsignments(ids.map((id) => consignment({ id, createdAt: '2027-01-01T00:00:00.000Z' }))));
      const paged: string[] = [];
      for await (const c of store.consignments({ since: '2027-01-01T00:00:00.000Z' }, 3)) paged.push(c.id);
      assert.deepEqual([...paged].sort(), [...ids].sort());
      const all: string[] = [];
      for await (const c of store.consignments({}, 4)) all.push(c.id);
      assert.equal(new Set(all).size, all.length, 'no consignment twice');
      for (const id of ids) assert.ok(all.includes(id), `${id} is in the full listing`);
      let prev = 0;
      for await (const e of store.events(1)) {
        assert.equal(e.seq, prev + 1);
        prev = e.seq;
      }
      assert.equal(prev, (await store.chainHead()).seq);
    });

    test('counts() are numbers of rows per table', async () => {
      const start = await store.counts();
      for (const v of Object.values(start)) assert.equal(typeof v, 'number');
      await store.insertParty({ id: `pty_${randomBytes(4).toString('hex')}`, name: 'ShopNova', role: 'platform', createdAt: NOW, data: {} });
      const c = consignment();
      await store.transaction(async (tx) => {
        const head = await tx.lockChainHead();
        await tx.upsertConsignments([c]);
        await tx.insertFilings([filing(c.id), filing(c.id, { kind: 'logistics' })]);
        const events = chain(head, [event(c.id), event(c.id), event(c.id, 'assessed')]);
        await tx.appendEvents(events);
        await tx.setChainHead({ seq: events[2]!.seq, hash: events[2]!.hash });
      });
      assert.deepEqual(await store.counts(), {
        filings: start.filings + 2,
        consignments: start.consignments + 1,
        events: start.events + 3,
        parties: start.parties + 1,
      });
      assert.equal((await verifyChain(store)).ok, true);
    });
  });
}

// Two nodes (two openClearway on one PostgreSQL database) taking overlapping filings for the same parcels at the same
// time, from several senders, each call sent to both nodes. SQLite is embedded in one process, so this is PostgreSQL's.
const pg = testStores().includes('postgres');
describe('two nodes on one PostgreSQL database', { skip: pg ? false : 'needs CLEARWAY_TEST_PG_URL', timeout: 120_000 }, () => {
  let nodes: [Clearway, Clearway];
  let drop: () => Promise<void>;
  before(async () => {
    const db = await freshDatabase('postgres');
    drop = db.drop;
    const config: Config = { ...configFromEnv({}), demo: false, adminKey: `test-admin-${randomBytes(8).toString('hex')}`, ...db.config };
    // Both start at once: migrations and the admin party must cope with the race.
    nodes = await Promise.all([openClearway(config), openClearway(config)]);
  });
  after(async () => {
    if (nodes) await Promise.all(nodes.map((n) => n.close()));
    await drop?.();
  });

  test('overlapping filings end with one consignment per parcel, each filing stored once, and a chain that verifies', async () => {
    const [a, b] = nodes;
    const actor = async (name: string, role: Actor['role']): Promise<Actor> => ({ partyId: (await a.parties.create({ name, role })).id, role, name });
    const platform = await actor('ShopNova', 'platform');
    const carrier = await actor('China Post', 'carrier');
    const payer = await actor('PayFlow', 'payment');
    const broker = await actor('Express Broker', 'carrier');

    const parcels: { trackingId: string; orderId: string; filings: number }[] = [];
    const outcomes: { sender: string; filingId: string; result: IntakeResult }[] = [];
    let seed = 42;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const ROUNDS = 6;
    const PARCELS = 12;
    for (let round = 0; round < ROUNDS; round++) {
      const batch = Array.from({ length: PARCELS }, () => ({ trackingId: s10(), orderId: uid('ORD'), filings: 5 }));
      parcels.push(...batch);
      const calls: { sender: Actor; filings: Record<string, unknown>[] }[] = [];
      for (let i = 0; i < batch.length; i += 3) {
        const group = batch.slice(i, i + 3);
        calls.push({ sender: platform, filings: group.map((p) => declaration({ trackingId: p.trackingId, orderId: p.orderId })) });
        calls.push({ sender: platform, filings: group.map((p) => order({ orderId: p.orderId })) });
        calls.push({ sender: carrier, filings: group.map((p) => logistics(p.trackingId, { orderId: p.orderId })) });
        calls.push({ sender: payer, filings: group.map((p) => payment(p.orderId, '29.99')) });
        // Filings naming only the tracking id, one parcel at a time, from a fourth sender.
        for (const p of group) calls.push({ sender: broker, filings: [logistics(p.trackingId, { service: 'express' })] });
      }
      // Every call goes to both nodes (a retry landing elsewhere), all at once, in a shuffled order.
      const jobs = calls.flatMap((c) => [
        { node: a, ...c },
        { node: b, ...c },
      ]);
      for (let i = jobs.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
      }
      const done = await Promise.all(jobs.map(async (j) => ({ j, out: await j.node.intake.submit(j.sender, j.filings) })));
      for (const { j, out } of done) {
        out.results.forEach((result, k) => outcomes.push({ sender: j.sender.partyId, filingId: j.filings[k]!.filingId as string, result }));
      }
    }

    const unexpected = outcomes.filter((o) => o.result.status !== 201 && o.result.status !== 200);
    assert.deepEqual(unexpected, [], 'every filing is accepted (201) or recognised as a repeat (200)');
    const created = new Map<string, number>();
    for (const o of outcomes) {
      const k = `${o.sender} ${o.filingId}`;
      created.set(k, (created.get(k) ?? 0) + (o.result.status === 201 ? 1 : 0));
    }
    assert.equal(created.size, outcomes.length / 2);
    assert.deepEqual([...created].filter(([, n]) => n !== 1), [], 'each filing is created exactly once across the nodes');

    for (const p of parcels) {
      const byTracking = await a.store.findConsignments({ trackingId: p.trackingId });
      assert.equal(byTracking.length, 1, `one consignment for ${p.trackingId}`);
      const byOrder = await b.store.findConsignments({ orderId: p.orderId });
      assert.deepEqual(byOrder.map((c) => c.id), [byTracking[0]!.id], `order ${p.orderId} is the same consignment`);
      assert.equal(byTracking[0]!.filings.length, p.filings, `all filings of ${p.trackingId} are on its consignment`);
    }
    let live = 0;
    for await (const _ of a.store.consignments()) live++;
    assert.equal(live, parcels.length, 'no extra live consignment');
    const counts = await a.store.counts();
    assert.equal(counts.filings, parcels.length * 5);

    for (const node of nodes) {
      const v = await verifyChain(node.store);
      assert.equal(v.ok, true, JSON.stringify(v.broken));
      assert.equal(v.events, counts.events);
      assert.equal((await node.store.chainHead()).seq, counts.events);
    }
  });
});
