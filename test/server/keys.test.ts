// API keys rotated and revoked (issue 8), on every store: a party lists, revokes and rotates its own keys (an
// administrator anyone's); a revoked key stops at once on the node that revoked it and within the key cache's 30 s on
// the others; a rotation can leave the old key working for a grace period; the CLI does the same from a script.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, startNodes, startServer, testStores, type TestServer } from '../helpers/clearway.ts';
import { runClearway } from '../helpers/process.ts';
import { KEY_CACHE_MS } from '../../src/services/parties.ts';

const START = Date.parse('2026-11-21T08:00:00Z');
const keyIdOf = (key: string) => key.split('_')[1]!;
/** The secret part of `cwk_<12-character id>_<secret>` (the secret itself may hold `_`). */
const secretOf = (key: string) => key.slice('cwk_'.length + 12 + 1);
const works = async (url: string, key: string) => (await new Client(url, key).get('/v1/session')).status;

for (const kind of testStores()) {
  describe(`API keys: list, revoke, rotate (${kind})`, () => {
    let server: TestServer;
    let now = START;
    before(async () => {
      server = await startServer(kind, {}, () => new Date(now));
    });
    after(() => server?.close());

    test('an administrator lists a party’s keys: id, label, issue time, revocation; never a secret nor its hash', async () => {
      const platform = await server.party('ShopNova', 'platform');
      const labelled = await server.admin.post(`/v1/parties/${platform.id}/keys`, { label: 'warehouse' });
      assert.equal(labelled.status, 201);
      assert.equal(labelled.body.label, 'warehouse');
      const r = await server.admin.get(`/v1/parties/${platform.id}/keys`);
      assert.equal(r.status, 200);
      assert.deepEqual(
        r.body.keys.map((k: Record<string, unknown>) => Object.keys(k).sort()),
        [
          ['createdAt', 'id', 'label', 'revokedAt'],
          ['createdAt', 'id', 'label', 'revokedAt'],
        ],
      );
      assert.deepEqual(new Set(r.body.keys.map((k: { id: string }) => k.id)), new Set([keyIdOf(platform.key), labelled.body.id]));
      assert.deepEqual(r.body.keys.find((k: { id: string }) => k.id === labelled.body.id), { id: labelled.body.id, label: 'warehouse', createdAt: labelled.body.createdAt, revokedAt: null });
      const text = JSON.stringify(r.body);
      for (const key of [platform.key, labelled.body.key as string]) assert.ok(!text.includes(secretOf(key)), 'no secret in the listing');
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal((await server.admin.get('/v1/parties/pty_nobody/keys')).status, 404);
    });

    test('a partner manages its own keys only: another party’s answer 404 as an unknown party’s, and issuing keys stays with administrators', async () => {
      const shop = await server.party('MarketHub', 'platform');
      const other = await server.party('ParcelCo', 'carrier');
      assert.equal((await shop.get(`/v1/parties/${shop.id}/keys`)).status, 200);
      for (const [method, path] of [
        ['GET', `/v1/parties/${other.id}/keys`],
        ['DELETE', `/v1/parties/${other.id}/keys/${keyIdOf(other.key)}`],
        ['POST', `/v1/parties/${other.id}/keys/${keyIdOf(other.key)}/rotate`],
      ] as const) {
        const r = await shop.request(method, path);
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.equal(r.body.errors[0].code, 'not-found');
      }
      assert.equal((await shop.post(`/v1/parties/${shop.id}/keys`, {})).status, 403, 'a partner does not mint extra keys');
      assert.equal(await works(server.url, other.key), 200, 'the other party’s key is untouched');
    });

    test('a revoked key is refused at once on this node, even though it was just used; revoking again answers the same', async () => {
      const shop = await server.party('FastCart', 'platform');
      const spare = await server.admin.post(`/v1/parties/${shop.id}/keys`, { label: 'spare' });
      assert.equal(await works(server.url, spare.body.key), 200, 'used, so cached');
      const revoked = await shop.request('DELETE', `/v1/parties/${shop.id}/keys/${spare.body.id}`);
      assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
      assert.deepEqual(revoked.body, { id: spare.body.id, label: 'spare', createdAt: spare.body.createdAt, revokedAt: new Date(now).toISOString() });
      const refused = await new Client(server.url, spare.body.key).get('/v1/session');
      assert.equal(refused.status, 401);
      assert.equal(refused.body.errors[0].code, 'bad-key');
      assert.equal(await works(server.url, shop.key), 200, 'the party’s other key still works');
      now += 5000;
      const again = await server.admin.request('DELETE', `/v1/parties/${shop.id}/keys/${spare.body.id}`);
      assert.equal(again.status, 200);
      assert.deepEqual(again.body, revoked.body, 'the first revocation time stands');
      const listed = (await shop.get(`/v1/parties/${shop.id}/keys`)).body.keys.find((k: { id: string }) => k.id === spare.body.id);
      assert.equal(listed.revokedAt, revoked.body.revokedAt);
    });

    test('an unknown key, or a key of another party named under this one, is 404 and revokes nothing', async () => {
      const shop = await server.party('Basketful', 'platform');
      const other = await server.party('Swift Post', 'carrier');
      for (const keyId of ['nosuchkey123', keyIdOf(other.key)]) {
        const r = await server.admin.request('DELETE', `/v1/parties/${shop.id}/keys/${keyId}`);
        assert.equal(r.status, 404, keyId);
        assert.deepEqual(r.body.errors[0], { path: '/params/keyId', code: 'not-found', message: `party ${shop.id} has no key ${keyId}` });
        assert.equal((await server.admin.post(`/v1/parties/${shop.id}/keys/${keyId}/rotate`, {})).status, 404);
      }
      assert.equal(await works(server.url, other.key), 200);
    });

    test('rotation: the answer holds a new working key, the old key stops at once, and it cannot be rotated again (409)', async () => {
      const shop = await server.party('GlobalGoods', 'platform');
      // The partner rotates the key it is calling with, no administrator needed.
      const r = await shop.post(`/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}/rotate`);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.match(r.body.issued.key, /^cwk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
      assert.equal(r.body.issued.partyId, shop.id);
      assert.equal(r.body.replaced.id, keyIdOf(shop.key));
      assert.equal(r.body.replaced.revokedAt, new Date(now).toISOString());
      assert.equal(await works(server.url, r.body.issued.key), 200, 'the new key');
      assert.equal(await works(server.url, shop.key), 401, 'the old key');
      const again = await server.admin.post(`/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}/rotate`);
      assert.equal(again.status, 409);
      assert.equal(again.body.errors[0].code, 'key-revoked');
      const keys = (await server.admin.get(`/v1/parties/${shop.id}/keys`)).body.keys as { id: string; revokedAt: string | null }[];
      assert.deepEqual(keys.filter((k) => k.revokedAt === null).map((k) => k.id), [r.body.issued.id], 'one working key, as before');
    });

    test('rotation with graceSeconds: the old key works until the grace ends, then is refused', async () => {
      const shop = await server.party('SlowDeploy', 'platform');
      assert.equal(await works(server.url, shop.key), 200);
      const r = await shop.post(`/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}/rotate`, { graceSeconds: 120, label: 'new deploy' });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.issued.label, 'new deploy');
      assert.equal(r.body.replaced.revokedAt, new Date(now + 120_000).toISOString());
      now += 60_000;
      assert.equal(await works(server.url, shop.key), 200, 'within the grace');
      assert.equal(await works(server.url, r.body.issued.key), 200, 'the new key too');
      now += 61_000;
      assert.equal(await works(server.url, shop.key), 401, 'after the grace');
      // Cut short: revoking during a grace ends it now.
      const second = await server.admin.post(`/v1/parties/${shop.id}/keys/${r.body.issued.id}/rotate`, { graceSeconds: 3600 });
      assert.equal(second.status, 201);
      assert.equal(await works(server.url, r.body.issued.key), 200);
      const cut = await server.admin.request('DELETE', `/v1/parties/${shop.id}/keys/${r.body.issued.id}`);
      assert.equal(cut.body.revokedAt, new Date(now).toISOString());
      assert.equal(await works(server.url, r.body.issued.key), 401);
    });

    test('a bad rotation body is 400 naming the field', async () => {
      const shop = await server.party('Picky', 'platform');
      const path = `/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}/rotate`;
      for (const [body, field, code] of [
        [{ graceSeconds: -1 }, '/graceSeconds', 'too-short'],
        [{ graceSeconds: 86_401 }, '/graceSeconds', 'too-long'],
        [{ graceSeconds: '60' }, '/graceSeconds', 'wrong-type'],
        [{ graceSeconds: 1.5 }, '/graceSeconds', 'wrong-type'],
        [{ label: '' }, '/label', 'too-short'],
        [{ secret: 'x' }, '/secret', 'unknown-field'],
      ] as const) {
        const r = await shop.post(path, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.deepEqual(r.body.errors.map((e: { path: string; code: string }) => [e.path, e.code]), [[field, code]], JSON.stringify(body));
      }
      assert.equal(await works(server.url, shop.key), 200, 'nothing was rotated');
    });

    test('two rotations of one key at once: one 201, one 409, and the party ends with one working key', async () => {
      const shop = await server.party('RaceShop', 'platform');
      const path = `/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}/rotate`;
      const [a, b] = await Promise.all([server.admin.post(path), server.admin.post(path)]);
      assert.deepEqual([a.status, b.status].sort(), [201, 409]);
      const keys = (await server.admin.get(`/v1/parties/${shop.id}/keys`)).body.keys as { revokedAt: string | null }[];
      assert.equal(keys.length, 2);
      assert.equal(keys.filter((k) => k.revokedAt === null).length, 1);
    });
  });

  describe(`a revocation on one node, seen by another (${kind})`, () => {
    let cluster: Awaited<ReturnType<typeof startNodes>>;
    let now = START;
    before(async () => {
      cluster = await startNodes(kind, 2, {}, () => new Date(now));
    });
    after(() => cluster?.close());

    test(`node B, which had the key cached, refuses it at most ${KEY_CACHE_MS / 1000} s after node A revoked it`, async () => {
      const [a, b] = cluster.nodes as [TestServer, TestServer];
      const shop = await a.party('ShopNova', 'platform');
      assert.equal(await works(b.url, shop.key), 200, 'cached on B');
      assert.equal((await a.admin.request('DELETE', `/v1/parties/${shop.id}/keys/${keyIdOf(shop.key)}`)).status, 200);
      assert.equal(await works(a.url, shop.key), 401, 'A at once');
      now += KEY_CACHE_MS;
      assert.equal(await works(b.url, shop.key), 401, `B after ${KEY_CACHE_MS / 1000} s`);
    });
  });

  describe(`clearway parties keys, revoke, rotate (${kind})`, () => {
    let server: TestServer;
    let env: NodeJS.ProcessEnv;
    before(async () => {
      server = await startServer(kind);
      const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
      env = { ...rest, CLEARWAY_DATA_DIR: server.cw.config.dataDir, CLEARWAY_DEMO: '0', ...(server.cw.config.databaseUrl ? { DATABASE_URL: server.cw.config.databaseUrl } : {}) };
    });
    after(() => server?.close());

    test('lists a party’s keys without secrets, rotates one (the new key works), revokes one; refusals exit 1 or 2', async () => {
      const shop = await server.party('ScriptShop', 'platform');
      const listed = await runClearway(env, 'parties', 'keys', shop.id, '--json');
      assert.equal(listed.code, 0, listed.stderr);
      const keys = JSON.parse(listed.stdout);
      assert.deepEqual(keys.map((k: { id: string; revokedAt: null }) => [k.id, k.revokedAt]), [[keyIdOf(shop.key), null]]);
      assert.ok(!listed.stdout.includes(secretOf(shop.key)), 'no secret');
      const table = await runClearway(env, 'parties', 'keys', shop.id);
      assert.match(table.stdout, new RegExp(`${keyIdOf(shop.key)}\\s.*active`));

      const rotated = await runClearway(env, 'parties', 'rotate', shop.id, keyIdOf(shop.key));
      assert.equal(rotated.code, 0, rotated.stderr);
      const out = JSON.parse(rotated.stdout);
      assert.equal(out.replaced.id, keyIdOf(shop.key));
      assert.equal(await works(server.url, out.key), 200, 'the rotated-in key works on the server');

      const revoked = await runClearway(env, 'parties', 'revoke', shop.id, out.id);
      assert.equal(revoked.code, 0, revoked.stderr);
      assert.notEqual(JSON.parse(revoked.stdout).revokedAt, null);
      assert.match((await runClearway(env, 'parties', 'keys', shop.id)).stdout, /revoked/);

      const unknown = await runClearway(env, 'parties', 'revoke', shop.id, 'nosuchkey123');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /has no key nosuchkey123/);
      const again = await runClearway(env, 'parties', 'rotate', shop.id, out.id);
      assert.equal(again.code, 1);
      assert.match(again.stderr, /revoked or already replaced/);
      const badGrace = await runClearway(env, 'parties', 'rotate', shop.id, out.id, '--grace', '1h');
      assert.equal(badGrace.code, 2);
      assert.match(badGrace.stderr, /--grace must be a whole number of seconds/);
    });
  });
}
