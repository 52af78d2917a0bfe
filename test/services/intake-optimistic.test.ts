// Intake works a batch out before it takes the chain-head lock, then checks under the lock that what it read has not
// changed (services/intake.ts, `commit`). These tests hold a batch between its reads and its lock while another node
// writes what it read, and check that the batch is worked out again and comes out as if it had waited: the filing joins
// the consignment the other node created, a filing id stored meanwhile is answered 200, a consignment changed meanwhile
// is not overwritten.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from '../../src/config.ts';
import { verifyChain } from '../../src/services/audit.ts';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';
import type { StoreReader } from '../../src/store/index.ts';
import type { Actor } from '../../src/services/roles.ts';
import { freshDatabase, testStores } from '../helpers/clearway.ts';
import { declaration, logistics } from '../helpers/filings.ts';

const platform: Actor = { partyId: 'pty_platform', role: 'platform', name: 'Platform' } as Actor;
const carrier: Actor = { partyId: 'pty_carrier', role: 'carrier', name: 'Carrier' } as Actor;

/** Makes node `cw` stop after its next batch's reads until `release` is called. */
function holdAfterReads(cw: Clearway): { reached: Promise<void>; release: () => void } {
  const original = cw.store.reader.bind(cw.store);
  let reached!: () => void;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const reachedP = new Promise<void>((r) => (reached = r));
  cw.store.reader = () => {
    const r = original();
    const held: StoreReader = {
      findFilings: (...a) => r.findFilings(...a),
      consignmentVersions: (...a) => r.consignmentVersions(...a),
      getConsignment: (...a) => r.getConsignment(...a),
      async findConsignmentsByKeys(...a) {
        const out = await r.findConsignmentsByKeys(...a);
        cw.store.reader = original;
        reached();
        await gate;
        return out;
      },
    };
    return held;
  };
  return { reached: reachedP, release };
}

for (const kind of testStores()) {
  describe(`intake checks under the lock what it read before (${kind})`, () => {
    let a: Clearway;
    let b: Clearway;
    let drop: () => Promise<void>;

    before(async () => {
      const db = await freshDatabase(kind);
      drop = db.drop;
      const config = { ...configFromEnv({}), demo: false, adminKey: undefined, ...db.config, risk: { capacities: [] } };
      a = await openClearway(config);
      b = await openClearway(config);
      for (const p of [platform, carrier]) await a.parties.create({ id: p.partyId, name: p.name, role: p.role });
    });
    after(async () => {
      await a?.close();
      await b?.close();
      await drop?.();
    });

    test('a consignment created for the parcel meanwhile: the batch is worked out again and joins it', async () => {
      const d = declaration();
      const hold = holdAfterReads(a);
      const pending = a.intake.submit(platform, [d]);
      await hold.reached;
      const other = await b.intake.submit(carrier, [logistics(d.trackingId)]);
      assert.equal(other.results[0]!.status, 201);
      const before = a.intake.replanned;
      hold.release();
      const mine = await pending;
      assert.equal(mine.results[0]!.status, 201);
      assert.equal(a.intake.replanned, before + 1, 'worked out again under the lock');
      const joined = (mine.results[0] as { consignmentId: string }).consignmentId;
      assert.equal(joined, (other.results[0] as { consignmentId: string }).consignmentId, 'one consignment for the parcel');
      const found = await a.store.findConsignments({ trackingId: d.trackingId });
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]!.filings.map((f) => f.kind).sort(), ['declaration', 'logistics']);
    });

    test('the same filing stored by another node meanwhile: answered 200, stored once', async () => {
      const d = declaration();
      const hold = holdAfterReads(a);
      const pending = a.intake.submit(platform, [d]);
      await hold.reached;
      const other = await b.intake.submit(platform, [d]);
      assert.equal(other.results[0]!.status, 201);
      const before = a.intake.replanned;
      hold.release();
      const mine = await pending;
      assert.equal(mine.results[0]!.status, 200);
      assert.equal(a.intake.replanned, before + 1, 'worked out again under the lock');
      assert.equal((mine.results[0] as { consignmentId: string }).consignmentId, (other.results[0] as { consignmentId: string }).consignmentId);
      const stored = await a.store.filingsOf((other.results[0] as { consignmentId: string }).consignmentId);
      assert.equal(stored.filter((f) => f.filingId === d.filingId).length, 1);
    });

    test('a consignment changed meanwhile: the later filing is applied to it as it now stands, nothing the other node wrote is lost', async () => {
      const d = declaration();
      const first = await a.intake.submit(platform, [d]);
      const id = (first.results[0] as { consignmentId: string }).consignmentId;
      const hold = holdAfterReads(a);
      const pending = a.intake.submit(carrier, [logistics(d.trackingId, { grossMassKg: '0.600' })]);
      await hold.reached;
      const other = await b.intake.submit(platform, [declaration({ trackingId: d.trackingId, orderId: d.orderId, shippingCost: '6.00' })]);
      assert.equal(other.results[0]!.status, 201);
      const before = a.intake.replanned;
      hold.release();
      const mine = await pending;
      assert.equal(mine.results[0]!.status, 201);
      assert.equal(a.intake.replanned, before + 1, 'worked out again under the lock');
      const c = (await a.store.getConsignment(id))!;
      assert.equal(c.filings.length, 3, 'both later filings are part of it');
      assert.equal(c.fields.shippingCost?.value, '6.00', "the other node's change stands");
      assert.equal(c.fields.grossMassKg?.value, '0.600', 'and so does this one');
      const report = await verifyChain(a.store);
      assert.equal(report.ok, true, JSON.stringify(report));
    });
  });
}
