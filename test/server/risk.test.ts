// The risk API: targeting rules (versioned, validated, officers only) and watchlists, on every store.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, testStores, type TestServer } from '../helpers/clearway.ts';

for (const kind of testStores()) {
  describe(`risk rules API (${kind})`, () => {
    let server: TestServer;
    let officer: Awaited<ReturnType<TestServer['party']>>;
    let platform: Awaited<ReturnType<TestServer['party']>>;
    before(async () => {
      server = await startServer(kind);
      officer = await server.party('Risk analyst', 'officer');
      platform = await server.party('ShopNova', 'platform');
    });
    after(() => server?.close());

    const phones = {
      name: 'Phones from CN declared under EUR 20 per kg',
      when: { all: [{ field: 'hsCode', prefix: ['8517'] }, { field: 'originCountry', in: ['CN'] }, { field: 'valuePerKg', op: 'lt', value: '20' }] },
      then: { weight: 0.4 },
      validFrom: '2026-01-01',
    };

    test('an officer writes a rule (version 1, author recorded), edits it (version 2) and withdraws it (version 3, inactive)', async () => {
      const created = await officer.post('/v1/risk/rules', phones);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.version, 1);
      assert.equal(created.body.author, 'Risk analyst');
      assert.equal(created.body.active, true);
      const id = created.body.id;
      const edited = await officer.request('PUT', `/v1/risk/rules/${id}`, { ...phones, then: { weight: 0.6, lane: 'scan' }, version: 1 });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.version, 2);
      const stale = await officer.request('PUT', `/v1/risk/rules/${id}`, { ...phones, version: 1 });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.errors[0].code, 'version-conflict');
      const withdrawn = await officer.request('DELETE', `/v1/risk/rules/${id}`);
      assert.equal(withdrawn.status, 200);
      assert.deepEqual([withdrawn.body.version, withdrawn.body.active], [3, false]);
      const history = await officer.get(`/v1/risk/rules/${id}`);
      assert.deepEqual(history.body.map((r: any) => r.version), [1, 2, 3]);
      const listed = await officer.get('/v1/risk/rules');
      assert.equal(listed.body.find((r: any) => r.id === id).version, 3);
    });

    test('a bad rule is 400 naming each problem: an unknown field, a number compared by prefix, no effect, a missing watchlist', async () => {
      const unknownField = await officer.post('/v1/risk/rules', { ...phones, when: { field: 'colour', in: ['red'] } });
      assert.equal(unknownField.status, 400);
      const bad = await officer.post('/v1/risk/rules', {
        ...phones,
        when: { all: [{ field: 'intrinsicValue', prefix: ['1'] }, { watchlist: 'nope' }] },
        then: {},
      });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.body.errors.map((e: any) => e.path).sort(), ['/then', '/when/all/0/prefix', '/when/all/1/watchlist']);
    });

    test('a condition nested thousands deep is 400 like one nested 13 deep, not a 503 (the validator recursed past the stack)', async () => {
      const leaf = '{"field":"originCountry","in":["CN"]}';
      for (const depth of [13, 1000, 20_000]) {
        for (const when of ['{"not":'.repeat(depth) + leaf + '}'.repeat(depth), '{"all":['.repeat(depth) + leaf + ']}'.repeat(depth)]) {
          const body = `{"name":"deep","when":${when},"then":{"weight":0.1},"validFrom":"2026-01-01"}`;
          const r = await officer.post('/v1/risk/rules', body, { 'content-type': 'application/json' });
          assert.equal(r.status, 400, `${depth}: ${JSON.stringify(r.body).slice(0, 200)}`);
          assert.equal(r.body.errors[0].code, 'invalid-rule');
          assert.equal(r.body.errors[0].message, 'conditions nest at most 12 deep');
        }
      }
      const created = await officer.post('/v1/risk/rules', phones);
      const edit = '{"not":'.repeat(5000) + '{"field":"originCountry","in":["CN"]}' + '}'.repeat(5000);
      const put = await officer.request('PUT', `/v1/risk/rules/${created.body.id}`, `{"name":"deep","when":${edit},"then":{"weight":0.1},"validFrom":"2026-01-01","version":1}`, {
        'content-type': 'application/json',
      });
      assert.equal(put.status, 400, JSON.stringify(put.body).slice(0, 200));
      assert.equal(put.body.errors[0].code, 'invalid-rule');
    });

    test('a rule comparing a number field with words is 400, not stored to break every later compile of the rules (503s)', async () => {
      const r = await officer.post('/v1/risk/rules', { ...phones, when: { field: 'itemCount', in: ['3', 'DAG0'] } });
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.deepEqual(r.body.errors.map((e: any) => e.path), ['/when/in/1']);
      assert.equal((await officer.post('/v1/risk/rules', { ...phones, when: { field: 'itemCount', in: ['3', '4.5'] } })).status, 201);
      assert.equal((await officer.post('/v1/risk/rules', phones)).status, 201, 'rules are still written');
    });

    test('10 000 bad conditions are 400 with the errors capped (the answer was {}: more errors than a call takes arguments)', async () => {
      const r = await officer.post('/v1/risk/rules', { ...phones, when: { any: Array.from({ length: 10_001 }, () => ({})) } });
      assert.equal(r.status, 400);
      assert.equal(r.body.errors.length, 101);
      assert.equal(r.body.errors.at(-1).code, 'too-many-errors');
    });

    test('a watchlist is created and a rule may then name it', async () => {
      const put = await officer.request('PUT', '/v1/risk/watchlists/wl-counterfeit', {
        name: 'known counterfeit sellers',
        entries: [{ kind: 'identifier', value: 'IM2769999999', note: 'seizures in 2026' }],
      });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const r = await officer.post('/v1/risk/rules', { ...phones, name: 'watchlisted sellers', when: { watchlist: 'wl-counterfeit' }, then: { lane: 'physical' } });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal((await officer.get('/v1/risk/watchlists')).body[0].entries.length, 1);
    });

    test('traders may neither read nor write targeting rules or watchlists', async () => {
      assert.equal((await platform.get('/v1/risk/rules')).status, 403);
      assert.equal((await platform.post('/v1/risk/rules', phones)).status, 403);
      assert.equal((await platform.get('/v1/risk/watchlists')).status, 403);
    });

    test('the OpenAPI document describes the risk routes', async () => {
      const doc = await server.admin.get('/openapi.json');
      assert.ok(doc.body.paths['/v1/risk/rules']);
      assert.ok(doc.body.paths['/v1/risk/watchlists/{id}']);
    });
  });
}
