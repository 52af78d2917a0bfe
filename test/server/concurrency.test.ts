// Issue 7 on every store: two Clearway nodes on one database, many clients at once. Overlapping and duplicated filings
// for the same parcels make one consignment per parcel and store each filing once, with the ledger as computed offline;
// two officers acting on one parcel at the same moment get one success and one 409; a master reported on both nodes at
// once arrives each parcel once. On SQLite the two nodes are two Clearway instances on the same database file.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { arrive, applyFiling, newConsignment, type ConsignmentState, type Effect, type Rules } from '../../src/domain/clearance/index.ts';
import { reconciliation, type Transaction } from '../../src/domain/ledger/index.ts';
import type { Filing, FilingRef } from '../../src/domain/model/index.ts';
import { validateFiling } from '../../src/domain/validation/index.ts';
import { verifyChain } from '../../src/services/audit.ts';
import { ledgerRecords } from '../../src/services/ledger.ts';
import { Client, startNodes, testStores, type TestServer } from '../helpers/clearway.ts';
import { arrival, declaration, logistics, payment, uid } from '../helpers/filings.ts';

/** The law of 2026-11-23 (flat-rate duty, no de minimis), with time moving as it does. */
const BASE = Date.parse('2026-11-23T10:00:00Z');
const STARTED = Date.now();
const clock = () => new Date(BASE + (Date.now() - STARTED));

/** Concurrent clients per node. */
const CLIENTS = 8;
const PARCELS = 40;

interface Party {
  id: string;
  /** The same key, one client per node. */
  on: [Client, Client];
}

interface Send {
  party: Party;
  node: 0 | 1;
  filing: Record<string, unknown>;
}

interface Answer {
  status: number;
  body: string;
  consignmentId?: string;
  code?: string;
}

/** Runs fn over items with `width` workers at once. */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** A seeded shuffle: the same interleaving in every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const key = (party: Party, filingId: string) => `${party.id}\u0000${filingId}`;
const cents = (amount: string) => Math.round(Number(amount) * 100);
const money = (c: number) => (c / 100).toFixed(2);

/** A ledger transaction without what differs between runs (its id and time). */
const comparable = (t: Transaction) => ({
  kind: t.kind,
  consignmentId: t.consignmentId,
  partyId: t.partyId,
  model: t.model,
  memo: t.memo,
  postings: [...t.postings].sort((x, y) => (x.account < y.account ? -1 : x.account > y.account ? 1 : 0)),
});

for (const kind of testStores()) {
  describe(`two nodes on one database (${kind})`, () => {
    let cluster: Awaited<ReturnType<typeof startNodes>>;
    let nodes: [TestServer, TestServer];
    let platform: Party;
    let carrier: Party;
    let payer: Party;
    let officers: [Party, Party];

    async function party(name: string, role: Parameters<TestServer['party']>[1], extra?: Parameters<TestServer['party']>[2]): Promise<Party> {
      const p = await nodes[0].party(name, role, extra);
      return { id: p.id, on: [new Client(nodes[0].url, p.key), new Client(nodes[1].url, p.key)] };
    }

    /** Events in the log, of a type or a consignment. */
    const events = async (filter: { type?: string; consignmentId?: string }) => {
      let q = nodes[0].cw.store.db.selectFrom('events').select(['consignment_id', 'type', 'actor', 'data']);
      if (filter.type) q = q.where('type', '=', filter.type);
      if (filter.consignmentId) q = q.where('consignment_id', '=', filter.consignmentId);
      return q.orderBy('seq').execute();
    };
    const liveConsignments = async () =>
      Number(
        (await nodes[0].cw.store.db.selectFrom('consignments').select((eb) => eb.fn.countAll<number>().as('n')).where('merged_into', 'is', null).executeTakeFirstOrThrow()).n,
      );
    const ledgerOf = async (consignmentId: string) => (await nodes[0].cw.store.revenue.ledger({ consignmentId })) as unknown as Transaction[];

    before(async () => {
      cluster = await startNodes(kind, 2, {}, clock);
      nodes = cluster.nodes as [TestServer, TestServer];
      platform = await party('ShopNova', 'platform');
      carrier = await party('China Post', 'carrier');
      payer = await party('PayFlow', 'payment');
      officers = [await party('Officer Weber', 'officer'), await party('Officer Schmidt', 'officer')];
    });
    after(() => cluster?.close());

    /** Sends each unit (one party's filings, on one node) by CLIENTS workers per node: alone, or as a batch. */
    async function sendAll(units: Send[][]): Promise<Map<string, Answer[]>> {
      const answers = new Map<string, Answer[]>();
      const record = (s: Send, a: Answer) => {
        const k = key(s.party, s.filing.filingId as string);
        answers.set(k, [...(answers.get(k) ?? []), a]);
      };
      const send = async (unit: Send[]) => {
        const { party: p, node } = unit[0]!;
        const client = p.on[node];
        if (unit.length === 1) {
          const r = await client.post('/v1/filings', unit[0]!.filing);
          record(unit[0]!, { status: r.status, body: JSON.stringify(unit[0]!.filing), consignmentId: r.body?.id, code: r.body?.errors?.[0]?.code });
          return;
        }
        // NDJSON and JSON-array batches alike: one result per filing, in order.
        const results =
          unit.length % 2 === 0
            ? (await client.batch(unit.map((s) => s.filing))).results
            : ((await client.post('/v1/filings/batch', unit.map((s) => s.filing))).body.results as any[]);
        assert.equal(results.length, unit.length);
        unit.forEach((s, i) => record(s, { status: results[i].status, body: JSON.stringify(s.filing), consignmentId: results[i].consignmentId, code: results[i].errors?.[0]?.code }));
      };
      const byNode = [units.filter((u) => u[0]!.node === 0), units.filter((u) => u[0]!.node === 1)];
      await Promise.all(byNode.map((list) => pool(list, CLIENTS, send)));
      return answers;
    }

    /**
     * Every filing was stored once: per (sender, filingId) exactly one 201, the same body 200 every other time, another
     * body under the same filingId 409 filing-id-reused; nothing else (no 5xx). Returns the body that was stored.
     */
    function assertIdempotent(answers: Map<string, Answer[]>): Map<string, string> {
      const stored = new Map<string, string>();
      for (const [k, list] of answers) {
        const created = list.filter((a) => a.status === 201);
        assert.equal(created.length, 1, `${k}: one 201, got ${JSON.stringify(list.map((a) => a.status))}`);
        const body = created[0]!.body;
        stored.set(k, body);
        for (const a of list) {
          if (a.body === body) assert.ok(a.status === 201 || a.status === 200, `${k}: the stored body again is 200, got ${a.status} ${a.code ?? ''}`);
          else assert.deepEqual([a.status, a.code], [409, 'filing-id-reused'], `${k}: another body under the same filingId`);
        }
      }
      return stored;
    }

    describe('overlapping filings for the same parcels on both nodes', () => {
      const tshirt = { description: "Men's cotton T-shirt", hsCode: '610910', originCountry: 'CN', netMassKg: '0.200' };
      const prices = ['12.50', '25.00', '7.99', '60.00', '180.00'];
      const parcels = Array.from({ length: PARCELS }, (_, i) => {
        const quantity = 1 + (i % 3);
        const unitPrice = prices[i % prices.length]!;
        const d = declaration({ items: [{ ...tshirt, quantity, unitPrice }] });
        const paid = money(quantity * cents(unitPrice) + cents(d.shippingCost as string));
        const p = payment(d.orderId as string, paid);
        return {
          d,
          l: logistics(d.trackingId as string),
          p,
          // Every fifth payment provider's filing is also sent with another transaction id under the same filingId.
          variant: i % 5 === 0 ? { ...p, transactionId: uid('TX-other') } : undefined,
          a: arrival(d.trackingId as string),
          consignmentId: '',
        };
      });
      let intakeAnswers: Map<string, Answer[]>;

      test(`${PARCELS} parcels' declarations, logistics and payments, each sent to both nodes at once by ${CLIENTS} clients per node: one consignment per parcel, each filing stored once`, async () => {
        // Each filing goes to both nodes, in the same order on both, so the two copies race; the parties' filings are
        // interleaved, so a parcel's payment (order id only) and logistics (tracking id only) may each come first.
        const sends: Omit<Send, 'node'>[] = shuffled(
          parcels.flatMap((x) => [
            { party: platform, filing: x.d },
            { party: carrier, filing: x.l },
            { party: payer, filing: x.p },
          ]),
          7,
        );
        const variants = parcels.flatMap((x, i) => (x.variant ? [{ party: payer, node: (i % 2) as 0 | 1, filing: x.variant }] : []));
        // Units of one to three of a party's consecutive filings: single requests, NDJSON and JSON-array batches.
        const units = (node: 0 | 1): Send[][] => {
          const out: Send[][] = [];
          let i = 0;
          while (i < sends.length) {
            const size = 1 + ((i + node) % 3);
            const unit: Send[] = [{ ...sends[i]!, node }];
            while (unit.length < size && i + unit.length < sends.length && sends[i + unit.length]!.party === unit[0]!.party) {
              unit.push({ ...sends[i + unit.length]!, node });
            }
            out.push(unit);
            i += unit.length;
          }
          return out;
        };
        const started = Date.now();
        intakeAnswers = await sendAll([...units(0), ...units(1), ...variants.map((v) => [v])]);
        const took = Date.now() - started;

        const stored = assertIdempotent(intakeAnswers);
        assert.equal(stored.size, PARCELS * 3);
        const counts = await nodes[0].cw.store.counts();
        assert.equal(counts.filings, PARCELS * 3, 'each (sender, filingId) stored once');
        assert.equal(await liveConsignments(), PARCELS, 'one consignment per parcel');
        assert.equal((await events({ type: 'filing-received' })).length, PARCELS * 3, 'one filing-received event per filing');
        // A payment (order id only) and a logistics filing (tracking id only) that came before the declaration made two
        // consignments, which the declaration merged: each merge retires one row, and no parcel kept two live ones.
        const merges = (await events({ type: 'consignments-merged' })).length;
        assert.ok(merges > 0, 'the interleaving made some parcels two consignments first');
        assert.equal(counts.consignments, PARCELS + merges);

        for (const x of parcels) {
          const found = await nodes[1].cw.store.findConsignments({ trackingId: x.d.trackingId as string });
          assert.equal(found.length, 1, `${x.d.trackingId}: one consignment`);
          const c = found[0]!;
          assert.equal(c.orderId, x.d.orderId);
          assert.deepEqual(c.filings.map((f) => f.filingId).sort(), [x.d.filingId, x.l.filingId, x.p.filingId].sort() as string[]);
          x.consignmentId = c.id;
          assert.deepEqual(await nodes[0].cw.store.findConsignments({ orderId: x.d.orderId as string }).then((cs) => cs.map((y) => y.id)), [c.id]);
          // Whatever consignment an answer named (one merged away since, maybe) resolves to the parcel's.
          for (const f of [x.d, x.l, x.p]) {
            const sender = f === x.d ? platform : f === x.l ? carrier : payer;
            for (const a of intakeAnswers.get(key(sender, f.filingId as string))!) {
              if (a.status !== 201 && a.status !== 200) continue;
              assert.equal((await nodes[0].cw.store.getConsignment(a.consignmentId!))?.id, c.id, `${f.filingId} answered ${a.consignmentId}`);
            }
          }
        }
        const chain = await verifyChain(nodes[1].cw.store);
        assert.ok(chain.ok, JSON.stringify(chain.broken));
        assert.ok(took < 20_000, `intake took ${took} ms`);
      });

      test('their arrivals, each sent to both nodes at once: each parcel arrives once, and the ledger is what the domain computes offline', async () => {
        assert.ok(parcels.every((x) => x.consignmentId), 'needs the test before');
        const sends = shuffled(parcels, 11).map((x) => ({ party: carrier, filing: x.a }));
        const answers = await sendAll([0, 1].flatMap((node) => sends.map((s) => [{ ...s, node: node as 0 | 1 }])));
        assertIdempotent(answers);
        assert.equal((await nodes[0].cw.store.counts()).filings, PARCELS * 4);
        assert.equal((await events({ type: 'risk-decided' })).length, PARCELS, 'one decision at arrival per parcel');

        // Offline: each parcel's filings applied in turn by the pure domain, with the rules the nodes use (the standing
        // findings rule choosing the lane: no capacity is configured), then its arrival; the ledger its events imply.
        const rules: Rules = { ...nodes[0].cw.clearance.current(), risk: undefined };
        const now = clock().toISOString();
        const expected: Transaction[] = [];
        for (const x of parcels) {
          let state: ConsignmentState = newConsignment(x.consignmentId, now);
          const effects: Effect[] = [];
          for (const [sender, input] of [
            [platform, x.d],
            [carrier, x.l],
            [payer, x.p],
            [carrier, x.a],
          ] as const) {
            const v = validateFiling(input);
            assert.ok(v.ok);
            const filing: Filing = v.filing;
            const ref: FilingRef = { filingId: filing.filingId, kind: filing.kind, sender: sender.id, sentAt: new Date(filing.sentAt).toISOString(), receivedAt: now };
            const applied = applyFiling(state, filing, ref, rules, now);
            assert.ok(applied.ok, JSON.stringify(applied));
            state = applied.state;
            effects.push(...applied.effects);
          }
          const mine = ledgerRecords(effects) as Transaction[];
          expected.push(...mine);
          const actual = (await nodes[1].cw.store.getConsignment(x.consignmentId))!;
          assert.deepEqual([actual.status, actual.lane, actual.liability?.dueAtBorder], [state.status, state.lane, state.liability?.dueAtBorder], x.d.trackingId as string);
          assert.deepEqual((await ledgerOf(x.consignmentId)).map(comparable), mine.map(comparable), `${x.d.trackingId}: its ledger`);
        }
        assert.ok(expected.some((t) => t.kind === 'assessment'), 'some parcels owe duty or tax');
        const rec = await officers[0].on[1].get('/v1/revenue/reconciliation');
        assert.equal(rec.status, 200);
        assert.deepEqual(rec.body, JSON.parse(JSON.stringify(reconciliation(expected))));
        const assessed = parcels.reduce((sum, x) => sum + cents((expected.find((t) => t.consignmentId === x.consignmentId && t.kind === 'assessment')?.postings.find((p) => p.account === `receivable:consignment:${x.consignmentId}`)?.amount) ?? '0'), 0);
        assert.equal(cents(rec.body.total.EUR.assessed), assessed, 'assessed in all = the sum of the parcels assessed');
        const chain = await verifyChain(nodes[0].cw.store);
        assert.ok(chain.ok, JSON.stringify(chain.broken));
      });
    });

    describe('two officers on two nodes, one parcel, the same moment', () => {
      /** A declared parcel an officer holds before arrival. */
      async function held(): Promise<string> {
        const d = declaration();
        const r = await platform.on[0].post('/v1/filings', d);
        assert.equal(r.status, 201, JSON.stringify(r.body));
        const h = await officers[0].on[1].post(`/v1/consignments/${r.body.id}/events`, { type: 'hold', note: 'check' });
        assert.equal(h.status, 200, JSON.stringify(h.body));
        return r.body.id as string;
      }

      test('release against seize, and release against release: one 200, one 409 with the error body; the log has the one step', async () => {
        const races = await Promise.all(
          Array.from({ length: 8 }, async (_, i) => ({ id: await held(), second: i % 2 === 0 ? 'seize' : 'release' })),
        );
        const replies = await Promise.all(
          races.map(({ id, second }) =>
            Promise.all([
              officers[0].on[0].post(`/v1/consignments/${id}/events`, { type: 'release' }),
              officers[1].on[1].post(`/v1/consignments/${id}/events`, { type: second }),
            ]),
          ),
        );
        for (const [i, { id, second }] of races.entries()) {
          const [first, other] = replies[i]!;
          assert.deepEqual([first.status, other.status].sort(), [200, 409], `${id}: ${first.status} ${JSON.stringify(other.body)}`);
          const lost = first.status === 409 ? first : other;
          assert.deepEqual(Object.keys(lost.body), ['errors']);
          assert.equal(lost.body.errors.length, 1);
          assert.equal(lost.body.errors[0].code, 'invalid-transition');
          assert.equal(typeof lost.body.errors[0].message, 'string');
          assert.equal(typeof lost.body.errors[0].path, 'string');
          const winner = first.status === 200 ? { officer: officers[0], type: 'release' } : { officer: officers[1], type: second };
          const fromHeld = (await events({ consignmentId: id, type: 'status-changed' })).filter((e) => JSON.parse(e.data).from === 'held');
          assert.equal(fromHeld.length, 1, `${id}: one step out of held`);
          assert.equal(fromHeld[0]!.actor, winner.officer.id);
          const to = JSON.parse(fromHeld[0]!.data).to as string;
          assert.ok(winner.type === 'seize' ? to === 'seized' : to === 'payment-due' || to === 'released', to);
          assert.equal((await nodes[1].cw.store.getConsignment(id))?.status, to);
          assert.equal((await events({ consignmentId: id, type: 'liability-established' })).length, winner.type === 'release' ? 1 : 0);
          assert.equal((await ledgerOf(id)).filter((t) => t.kind === 'assessment').length, winner.type === 'release' ? 1 : 0);
        }
      });

      test('the whole debt paid on both nodes at once: one payment taken, the other 409, one collection in the ledger', async () => {
        const id = await held();
        const released = await officers[0].on[0].post(`/v1/consignments/${id}/events`, { type: 'release' });
        assert.equal(released.body.status, 'payment-due', JSON.stringify(released.body));
        const due = released.body.liability.dueAtBorder as string;
        const body = (reference: string) => ({ amount: due, currency: 'EUR', method: 'cash', reference });
        const replies = await Promise.all([
          officers[0].on[0].post(`/v1/consignments/${id}/payments`, body('R-A')),
          officers[1].on[1].post(`/v1/consignments/${id}/payments`, body('R-B')),
        ]);
        assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409], JSON.stringify(replies.map((r) => r.body)));
        assert.equal(replies.find((r) => r.status === 409)!.body.errors[0].code, 'nothing-due');
        const ledger = await ledgerOf(id);
        assert.equal(ledger.filter((t) => t.kind === 'collection').length, 1);
        assert.equal((await nodes[0].cw.store.getConsignment(id))?.status, 'released');
      });
    });

    describe('two officers on two nodes, one account, the same moment', () => {
      test("a collecting carrier's whole debt settled on both nodes at once: one 200, one 409 overpayment; the account is never in credit", async () => {
        const collecting = await party('FastParcel', 'carrier', { collection: 'carrier' });
        // Each node reads partners' collection arrangements with the reference data, every 5 s: not a wait for a test.
        for (const node of nodes) await node.cw.revenue.refresh(true);
        for (let i = 0; i < 3; i++) {
          const d = declaration();
          assert.equal((await platform.on[0].post('/v1/filings', d)).status, 201);
          const arrived = await collecting.on[1].post('/v1/filings', arrival(d.trackingId as string));
          assert.equal(arrived.body.status, 'released', JSON.stringify(arrived.body));
        }
        const url = `/v1/accounts/${collecting.id}`;
        const statement = await collecting.on[0].get(`${url}/statement?from=2026-11-01&to=2026-11-30`);
        const owed = statement.body.closing.EUR as string;
        assert.ok(cents(owed) > 0, owed);
        const settle = (officer: Party, node: 0 | 1, reference: string) => officer.on[node].post(`${url}/payments`, { amount: owed, currency: 'EUR', method: 'bank', reference });
        const replies = await Promise.all([settle(officers[0], 0, 'REMIT-A'), settle(officers[1], 1, 'REMIT-B')]);
        assert.deepEqual(replies.map((r) => r.status).sort(), [200, 409], JSON.stringify(replies.map((r) => r.body)));
        const lost = replies.find((r) => r.status === 409)!;
        assert.deepEqual([lost.body.errors[0].code, lost.body.errors[0].path], ['overpayment', '/amount']);
        const ledger = (await nodes[0].cw.store.revenue.ledger({ partyId: collecting.id })) as unknown as Transaction[];
        assert.equal(ledger.filter((t) => t.kind === 'collection').length, 1, 'one settlement booked');
        const after = await collecting.on[1].get(`${url}/statement?from=2026-11-01&to=2026-11-30`);
        assert.equal(cents(after.body.closing.EUR), 0, `closing ${JSON.stringify(after.body.closing)}`);
      });
    });

    describe('a master reported on both nodes at once', () => {
      test('each parcel arrives once: in one answer or the other (or by its own arrival filing), never twice', async () => {
        const masters = Array.from({ length: 3 }, () => ({ id: uid('CNDEPOST'), parcels: [] as { id: string; trackingId: string; arrival: Record<string, unknown> }[] }));
        for (const m of masters) {
          for (let i = 0; i < 5; i++) {
            const d = declaration();
            const filed = await platform.on[(i % 2) as 0 | 1].post('/v1/filings', d);
            assert.equal(filed.status, 201);
            const l = await carrier.on[((i + 1) % 2) as 0 | 1].post('/v1/filings', logistics(d.trackingId as string, { masterId: m.id }));
            assert.equal(l.status, 201);
            m.parcels.push({ id: filed.body.id, trackingId: d.trackingId as string, arrival: arrival(d.trackingId as string) });
          }
        }
        // Both nodes report each master, and one parcel of each arrives by its own filing, all at the same moment.
        const replies = await Promise.all(
          masters.map((m) =>
            Promise.all([
              carrier.on[0].post(`/v1/masters/${m.id}/arrival`, {}),
              carrier.on[1].post(`/v1/masters/${m.id}/arrival`, {}),
              carrier.on[1].post('/v1/filings', m.parcels[2]!.arrival),
            ]),
          ),
        );
        for (const [i, m] of masters.entries()) {
          const [onA, onB, single] = replies[i]!;
          assert.equal(onA.status, 200, JSON.stringify(onA.body));
          assert.equal(onB.status, 200, JSON.stringify(onB.body));
          assert.ok(single.status === 201 || single.status === 409, `${single.status} ${JSON.stringify(single.body)}`);
          const arrived = (r: typeof onA) => [...r.body.released, ...r.body.paymentDue, ...r.body.held].map((x: { id: string }) => x.id);
          const all = [...arrived(onA), ...arrived(onB), ...(single.status === 201 ? [single.body.id as string] : [])].sort();
          assert.deepEqual(all, m.parcels.map((p) => p.id).sort(), 'every parcel arrived, none twice');
          for (const r of [onA, onB]) {
            for (const s of r.body.skipped) assert.ok(!arrived(r).includes(s.id));
            assert.equal(arrived(r).length + r.body.skipped.length, m.parcels.length);
          }
          for (const p of m.parcels) {
            assert.equal((await events({ consignmentId: p.id, type: 'risk-decided' })).length, 1, `${p.trackingId}: decided once`);
            const arrivals = (await events({ consignmentId: p.id, type: 'status-changed' })).filter((e) => JSON.parse(e.data).to === 'arrived');
            assert.equal(arrivals.length, 1, `${p.trackingId}: arrived once`);
            assert.ok((await ledgerOf(p.id)).filter((t) => t.kind === 'assessment').length <= 1);
          }
        }
        const chain = await verifyChain(nodes[0].cw.store);
        assert.ok(chain.ok, JSON.stringify(chain.broken));
      });
    });
  });
}
