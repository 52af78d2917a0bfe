// The risk engine in clearance: decisions at arrival, control outcomes as feedback, hit rates, and learned models put
// in shadow and in service, through the API on every store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { openClearway } from '../../src/services/clearway.ts';
import { arrival, declaration, seller } from '../helpers/filings.ts';

type Client = Awaited<ReturnType<TestServer['party']>>;

for (const kind of testStores()) {
  describe(`risk decisions and controls (${kind})`, () => {
    let server: TestServer;
    let officer: Client;
    let platform: Client;
    let carrier: Client;
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Risk analyst', 'officer');
      platform = await server.party('ShopNova', 'platform');
      carrier = await server.party('China Post', 'carrier');
    });
    after(() => server?.close());

    /** A declared parcel that has arrived: its consignment as the administrator sees it. */
    async function arrived(over: Record<string, unknown> = {}) {
      const d = declaration(over);
      const filed = await platform.post('/v1/filings', d);
      assert.equal(filed.status, 201, JSON.stringify(filed.body));
      const a = await carrier.post('/v1/filings', arrival(d.trackingId as string));
      assert.equal(a.status, 201, JSON.stringify(a.body));
      return (await server.admin.get(`/v1/consignments/${filed.body.id}`)).body;
    }

    let ruleId = '';
    test('a rule demanding a scan holds the parcel at arrival for it: selected by rule, decided once, reasons hidden from partners', async () => {
      const rule = await officer.post('/v1/risk/rules', {
        name: 'Watches from CN',
        when: { field: 'hsCode', prefix: ['9102'] },
        then: { lane: 'scan', weight: 0.3 },
        validFrom: '2026-01-01',
      });
      assert.equal(rule.status, 201, JSON.stringify(rule.body));
      ruleId = rule.body.id;
      const d = declaration({ items: [{ description: 'Wrist watch', quantity: 1, unitPrice: '30.00', hsCode: '910211', originCountry: 'CN', netMassKg: '0.100' }] });
      const filed = await platform.post('/v1/filings', d);
      const before = (await server.admin.get(`/v1/consignments/${filed.body.id}`)).body;
      assert.equal(before.lane, 'scan', 'the rule applies before arrival already');
      assert.equal(before.risk.provisional, true);
      await carrier.post('/v1/filings', arrival(d.trackingId));
      const c = (await server.admin.get(`/v1/consignments/${filed.body.id}`)).body;
      assert.equal(c.status, 'held');
      assert.equal(c.lane, 'scan');
      assert.equal(c.risk.selectedBy, 'rule');
      assert.equal(c.risk.provisional, false);
      assert.ok(c.risk.decidedAt);
      assert.ok(c.risk.reasons.some((r: any) => r.code === `rule:${ruleId}@1`), JSON.stringify(c.risk.reasons));
      assert.equal(c.events.filter((e: any) => e.type === 'risk-decided').length, 1);
      const seen = (await platform.get(`/v1/consignments/${c.id}`)).body;
      assert.equal(seen.lane, 'scan');
      assert.deepEqual(seen.risk.reasons.filter((r: any) => !r.code.startsWith('finding:')), [], 'targeting rules are not shown to traders');
      // Nor in the events: the decision without its score and reasons, no amounts worked out from another party's prices.
      const carrierView = (await carrier.get(`/v1/consignments/${c.id}`)).body;
      assert.deepEqual(carrierView.events.find((e: any) => e.type === 'risk-decided').data, { lane: 'scan', selectedBy: 'rule' });
      const shown = JSON.stringify(carrierView.events);
      for (const secret of ['dueAtBorder', 'total', 'score', 'reasons', 'expectedValue']) assert.ok(!shown.includes(`"${secret}"`), secret);
    });

    test('a control outcome: 409 before arrival, 400 without the amount adjusted, 403 for a partner, then recorded', async () => {
      const early = await platform.post('/v1/filings', declaration());
      const notYet = await officer.post(`/v1/consignments/${early.body.id}/inspections`, { result: 'no-finding' });
      assert.equal(notYet.status, 409);
      assert.equal(notYet.body.errors[0].code, 'not-arrived');
      const c = await arrived();
      const noAmount = await officer.post(`/v1/consignments/${c.id}/inspections`, { result: 'revenue-adjustment' });
      assert.equal(noAmount.status, 400);
      assert.equal(noAmount.body.errors[0].path, '/amount');
      const badResult = await officer.post(`/v1/consignments/${c.id}/inspections`, { result: 'fine' });
      assert.equal(badResult.status, 400);
      assert.equal((await carrier.post(`/v1/consignments/${c.id}/inspections`, { result: 'no-finding' })).status, 403);
      const ok = await officer.post(`/v1/consignments/${c.id}/inspections`, { result: 'revenue-adjustment', amount: '12.30', currency: 'EUR', note: 'price corrected' });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const event = ok.body.events.find((e: any) => e.type === 'inspection-recorded');
      assert.deepEqual([event.data.result, event.data.hit, event.data.amount], ['revenue-adjustment', true, '12.3']);
    });

    test('outcomes move the seller\'s history at once and show in the hit rates per rule, lane and selection', async () => {
      const rogue = { ...seller, id: 'S-ROGUE', name: 'Rogue Traders Ltd' };
      const honest = { ...seller, id: 'S-HONEST', name: 'Honest Goods Co.' };
      for (const s of [honest, honest, honest]) {
        const c = await arrived({ seller: s });
        assert.equal((await officer.post(`/v1/consignments/${c.id}/inspections`, { result: 'no-finding' })).status, 200);
      }
      for (let i = 0; i < 3; i++) {
        const c = await arrived({ seller: rogue });
        assert.equal((await officer.post(`/v1/consignments/${c.id}/inspections`, { result: 'prohibited', note: 'counterfeit' })).status, 200);
      }
      const next = await platform.post('/v1/filings', declaration({ seller: rogue }));
      const c = (await server.admin.get(`/v1/consignments/${next.body.id}`)).body;
      const history = c.risk.reasons.find((r: any) => r.code === 'party-history');
      assert.ok(history, JSON.stringify(c.risk.reasons));
      assert.match(history.message, /3 hits in 3 inspections/);

      const watches = await arrived({ items: [{ description: 'Wrist watch', quantity: 1, unitPrice: '35.00', hsCode: '910211', originCountry: 'CN', netMassKg: '0.100' }] });
      await officer.post(`/v1/consignments/${watches.id}/inspections`, { result: 'no-finding' });
      const rates = await officer.get('/v1/risk/hit-rates');
      assert.equal(rates.status, 200, JSON.stringify(rates.body));
      // The watch rule: two parcels decided, one controlled without finding, one not yet controlled.
      assert.deepEqual(
        [rates.body.byRule[ruleId].decided, rates.body.byRule[ruleId].inspected, rates.body.byRule[ruleId].hits, rates.body.byRule[ruleId].hitRate],
        [2, 1, 0, 0],
      );
      assert.equal(rates.body.byLane.scan.selected, 2);
      // No capacity for selection in this server: every other parcel was released (selected by none), yet controlled.
      assert.equal(rates.body.bySelection.none.hits, 4);
      assert.deepEqual(rates.body.overall.revenueAdjusted, { EUR: '12.3' });
      assert.equal((await platform.get('/v1/risk/hit-rates')).status, 403);
      assert.equal((await officer.get('/v1/risk/hit-rates?from=2026-11-30&to=2026-11-01')).status, 400);
    });

    test('the random selection seed is a secret generated once and shared by every node on the database', async () => {
      const seed = server.cw.runtime.engine.parts.selector.settings.seed;
      assert.match(seed, /^[0-9a-f]{64}$/);
      const other = await openClearway(server.cw.config);
      try {
        assert.equal(other.runtime.engine.parts.selector.settings.seed, seed);
      } finally {
        await other.close();
      }
    });

    test('a model is trained from the outcomes, checked, run in shadow, then put in service', async () => {
      const early = await officer.post('/v1/risk/models', {});
      assert.equal(early.status, 409);
      assert.match(early.body.errors[0].code, /too-few-examples|one-class/);
      const rogue = { ...seller, id: 'S-COUNTERFEIT', name: 'Replica House' };
      const honest = { ...seller, id: 'S-RELIABLE', name: 'Reliable Goods Co.' };
      for (let i = 0; i < 60; i++) {
        const bad = i % 3 === 0;
        const c = await arrived({ seller: bad ? rogue : honest });
        const r = await officer.post(`/v1/consignments/${c.id}/inspections`, { result: bad ? 'prohibited' : 'no-finding' });
        assert.equal(r.status, 200);
      }
      const trained = await officer.post('/v1/risk/models', { seed: 7 });
      assert.equal(trained.status, 201, JSON.stringify(trained.body));
      assert.equal(trained.body.status, 'candidate');
      assert.ok(trained.body.metrics.examples >= 60, JSON.stringify(trained.body.metrics));
      assert.ok(trained.body.metrics.auc > 0.8, `hold-out AUC ${trained.body.metrics.auc}`);
      const version = trained.body.version;
      assert.equal((await platform.get('/v1/risk/models')).status, 403);
      assert.equal((await officer.request('PUT', '/v1/risk/models/nope/status', { status: 'active' })).status, 404);

      const shadow = await officer.request('PUT', `/v1/risk/models/${version}/status`, { status: 'shadow' });
      assert.equal(shadow.status, 200, JSON.stringify(shadow.body));
      const shadowed = await arrived({ seller: rogue });
      assert.equal(shadowed.risk.shadow?.version, version, JSON.stringify(shadowed.risk));
      assert.equal(shadowed.risk.model, undefined, 'a shadow model never decides');

      const active = await officer.request('PUT', `/v1/risk/models/${version}/status`, { status: 'active' });
      assert.equal(active.status, 200, JSON.stringify(active.body));
      const scoredBad = await arrived({ seller: rogue });
      const scoredGood = await arrived({ seller: honest });
      assert.equal(scoredBad.risk.model?.version, version);
      assert.ok(scoredBad.risk.reasons.some((r: any) => r.code === `model:${version}`));
      assert.ok(scoredBad.risk.model.probability > scoredGood.risk.model.probability, `${scoredBad.risk.model.probability} vs ${scoredGood.risk.model.probability}`);
      const listed = await officer.get('/v1/risk/models');
      assert.deepEqual(listed.body.map((m: any) => [m.version, m.status]), [[version, 'active']]);
    });
  });
}
