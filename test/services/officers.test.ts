// Adding console logins: the username and password rules, the party the login acts as, and what is stored.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';
import { configFromEnv } from '../../src/config.ts';
import { freshDatabase } from '../helpers/clearway.ts';

describe('officer accounts', () => {
  let cw: Clearway;
  let drop: () => Promise<void>;
  before(async () => {
    const db = await freshDatabase('sqlite');
    drop = db.drop;
    cw = await openClearway({ ...configFromEnv({}), demo: false, ...db.config });
  });
  after(async () => {
    await cw?.close();
    await drop?.();
  });

  test('without a party, a login creates one of its role (officer by default); the username is kept in lower case', async () => {
    const r = await cw.officers.createAccount('Anna.Weber', 'long enough 1', { name: 'Anna Weber' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.username, 'anna.weber');
    assert.equal(r.value.role, 'officer');
    const party = await cw.parties.get(r.value.partyId);
    assert.deepEqual([party?.name, party?.role], ['Anna Weber', 'officer']);
    const agency = await cw.officers.createAccount('health-desk', 'long enough 1', { name: 'Health Agency', role: 'agency' });
    assert.ok(agency.ok);
    assert.equal((await cw.parties.get(agency.value.partyId))?.role, 'agency');
    assert.ok((await cw.officers.login('ANNA.WEBER', 'long enough 1')).ok, 'logins ignore the case of the username');
  });

  test('with a party, the login acts as it: an officer, admin or agency party only, of the role asked for', async () => {
    const officer = await cw.parties.create({ name: 'Officer Jan', role: 'officer' });
    const ok = await cw.officers.createAccount('jan', 'long enough 1', { partyId: officer.id });
    assert.ok(ok.ok);
    assert.deepEqual(ok.value, { username: 'jan', partyId: officer.id, role: 'officer', name: 'Officer Jan' });
    const platform = await cw.parties.create({ name: 'ShopNova', role: 'platform' });
    const refused = async (username: string, opts: Parameters<Clearway['officers']['createAccount']>[2]) => {
      const r = await cw.officers.createAccount(username, 'long enough 1', opts);
      assert.ok(!r.ok, username);
      return [r.code, r.path];
    };
    assert.deepEqual(await refused('shop', { partyId: platform.id }), ['not-a-console-role', '/partyId']);
    assert.deepEqual(await refused('ghost', { partyId: 'pty_nobody' }), ['unknown-party', '/partyId']);
    assert.deepEqual(await refused('jan2', { partyId: officer.id, role: 'agency' }), ['role-mismatch', '/role']);
    assert.deepEqual(await refused('nameless', {}), ['missing', '/name']);
  });

  test('usernames are 3 to 64 of a-z 0-9 . _ -, unique whatever their case; passwords 10 characters to 72 bytes', async () => {
    const code = async (username: string, password: string) => {
      const r = await cw.officers.createAccount(username, password, { name: 'Someone' });
      return r.ok ? 'ok' : r.code;
    };
    assert.equal(await code('ab', 'long enough 1'), 'bad-username');
    assert.equal(await code('a'.repeat(65), 'long enough 1'), 'bad-username');
    assert.equal(await code('anna weber', 'long enough 1'), 'bad-username');
    assert.equal(await code('anna@customs', 'long enough 1'), 'bad-username');
    assert.equal(await code('JAN', 'long enough 1'), 'username-taken');
    assert.equal(await code('short.pw', '123456789'), 'weak-password');
    assert.equal(await code('long.pw', 'é'.repeat(37)), 'password-too-long', '74 bytes: bcrypt would ignore the end');
    assert.equal(await code('a'.repeat(64), 'é'.repeat(36)), 'ok', '72 bytes');
    assert.equal(await code('x.y_z-9', '0123456789'), 'ok');
  });

  test('a password longer than 72 bytes never logs in, even when its first 72 bytes are the password', async () => {
    const password = 'p'.repeat(72);
    assert.ok((await cw.officers.createAccount('exact72', password, { name: 'Exact' })).ok);
    assert.ok((await cw.officers.login('exact72', password)).ok);
    const longer = await cw.officers.login('exact72', `${password}extra`);
    assert.deepEqual(longer, { ok: false, code: 'bad-credentials' });
  });
});
