// Console logins: the username and password rules, the party a login acts as, what is stored; disabling, enabling,
// new passwords and the list (these on every store).
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';
import { configFromEnv } from '../../src/config.ts';
import { freshDatabase, testStores } from '../helpers/clearway.ts';

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

for (const kind of testStores()) {
  describe(`managing console logins (${kind})`, () => {
    const PASSWORD = 'correct horse battery';
    const START = Date.parse('2026-11-21T08:00:00Z');
    let now = START;
    let cw: Clearway;
    let drop: () => Promise<void>;
    const sessionRows = async (username: string) =>
      (await cw.store.db.selectFrom('sessions').select('id_hash').where('username', '=', username).execute()).length;
    /** Logs in with the password and returns the session's token. */
    async function session(username: string, password = PASSWORD): Promise<string> {
      const r = await cw.officers.login(username, password);
      assert.ok(r.ok, `${username}: ${JSON.stringify(r)}`);
      return r.value.token;
    }
    before(async () => {
      const db = await freshDatabase(kind);
      drop = db.drop;
      cw = await openClearway({ ...configFromEnv({}), demo: false, ...db.config }, () => new Date(now));
      for (const username of ['leaver', 'returner', 'rotated', 'locked', 'racer', 'listed']) {
        const r = await cw.officers.createAccount(username, PASSWORD, { name: `Officer ${username}` });
        assert.ok(r.ok, JSON.stringify(r));
      }
    });
    after(async () => {
      await cw?.close();
      await drop?.();
    });
    beforeEach(() => {
      now = START;
    });

    test('a disabled login cannot log in, and its open sessions are refused at once (their rows deleted)', async () => {
      const first = await session('leaver');
      const second = await session('leaver');
      assert.ok(await cw.officers.sessionActor(first));
      assert.deepEqual(await cw.officers.disable('Leaver'), { ok: true, value: { username: 'leaver', disabled: true, sessionsEnded: 2 } });
      assert.equal(await sessionRows('leaver'), 0);
      assert.equal(await cw.officers.sessionActor(first), undefined);
      assert.equal(await cw.officers.sessionActor(second), undefined);
      assert.deepEqual(await cw.officers.login('leaver', PASSWORD), { ok: false, code: 'bad-credentials' }, 'the right password: the same answer as a wrong one');
      assert.deepEqual(await cw.officers.disable('leaver'), { ok: true, value: { username: 'leaver', disabled: true, sessionsEnded: 0 } }, 'disabling twice is no error');
    });

    test('enabling lets a disabled login in again with the password it had', async () => {
      assert.ok((await cw.officers.disable('returner')).ok);
      assert.deepEqual(await cw.officers.login('returner', PASSWORD), { ok: false, code: 'bad-credentials' });
      assert.deepEqual(await cw.officers.enable('RETURNER'), { ok: true, value: { username: 'returner', disabled: false } });
      assert.ok(await cw.officers.sessionActor(await session('returner')));
    });

    test('a new password logs in and the old one no longer does; the other sessions end, the asking one may stay', async () => {
      const asking = await session('rotated');
      const other = await session('rotated');
      const r = await cw.officers.setPassword('rotated', 'a brand new passphrase', { keepSession: asking });
      assert.deepEqual(r, { ok: true, value: { username: 'rotated', sessionsEnded: 1 } });
      assert.ok(await cw.officers.sessionActor(asking), 'the session that asked for the change goes on');
      assert.equal(await cw.officers.sessionActor(other), undefined);
      assert.deepEqual(await cw.officers.login('rotated', PASSWORD), { ok: false, code: 'bad-credentials' });
      const fresh = await session('rotated', 'a brand new passphrase');
      assert.deepEqual(await cw.officers.setPassword('rotated', 'yet another passphrase'), { ok: true, value: { username: 'rotated', sessionsEnded: 2 } }, 'without keepSession (the CLI) every session ends');
      assert.equal(await cw.officers.sessionActor(asking), undefined);
      assert.equal(await cw.officers.sessionActor(fresh), undefined);
    });

    test('a new password follows the rules of a new login, and a refused one changes nothing', async () => {
      const open = await session('rotated', 'yet another passphrase');
      const code = async (password: string) => {
        const r = await cw.officers.setPassword('rotated', password);
        return r.ok ? 'ok' : [r.code, r.path];
      };
      assert.deepEqual(await code('123456789'), ['weak-password', '/password']);
      assert.deepEqual(await code('é'.repeat(37)), ['password-too-long', '/password']);
      assert.ok(await cw.officers.sessionActor(open), 'a refused change ends no session');
      assert.ok((await cw.officers.login('rotated', 'yet another passphrase')).ok);
    });

    test('a new password clears a lock-out and the failures counted', async () => {
      for (let i = 0; i < 5; i++) await cw.officers.login('locked', 'not the password');
      const locked = await cw.officers.login('locked', PASSWORD);
      assert.equal(locked.ok ? 'ok' : locked.code, 'account-locked');
      assert.equal((await cw.officers.list()).find((a) => a.username === 'locked')?.lockedUntil, new Date(START + 15 * 60_000).toISOString());
      assert.ok((await cw.officers.setPassword('locked', 'unlocked passphrase')).ok);
      const account = await cw.store.officers.account('locked');
      assert.deepEqual([account?.failedAttempts, account?.lockedUntil], [0, null]);
      assert.ok((await cw.officers.login('locked', 'unlocked passphrase')).ok, 'no wait for the lock to end');
    });

    test('a password changed while a login is being checked ends the session that login opens', async () => {
      const officers = cw.store.officers;
      const insertSession = officers.insertSession;
      // The change lands between the check of the old password and the session's insert.
      officers.insertSession = async (s) => {
        assert.ok((await cw.officers.setPassword('racer', 'changed meanwhile')).ok);
        return insertSession.call(officers, s);
      };
      try {
        assert.deepEqual(await cw.officers.login('racer', PASSWORD), { ok: false, code: 'bad-credentials' });
      } finally {
        officers.insertSession = insertSession;
      }
      assert.equal(await sessionRows('racer'), 0);
      assert.ok((await cw.officers.login('racer', 'changed meanwhile')).ok);
    });

    test('an unknown username is not-found for disable, enable and a new password', async () => {
      for (const username of ['nobody', 'x', 'not a username']) {
        for (const r of [await cw.officers.disable(username), await cw.officers.enable(username), await cw.officers.setPassword(username, 'long enough 1')]) {
          assert.ok(!r.ok);
          assert.deepEqual([r.code, r.path], ['not-found', '/username']);
        }
      }
    });

    test('the list names each login with its party, whether it is disabled and a running lock-out, never the hash', async () => {
      now = START + 16 * 60_000; // the lock of the test above has ended by now
      assert.ok((await cw.officers.disable('listed')).ok);
      const accounts = await cw.officers.list();
      assert.deepEqual(accounts.map((a) => a.username), ['leaver', 'listed', 'locked', 'racer', 'returner', 'rotated']);
      const listed = accounts.find((a) => a.username === 'listed')!;
      const party = (await cw.store.officers.account('listed'))!.partyId;
      assert.deepEqual(listed, { username: 'listed', partyId: party, role: 'officer', name: 'Officer listed', disabled: true, lockedUntil: null, createdAt: new Date(START).toISOString() });
      assert.ok(accounts.every((a) => a.lockedUntil === null), 'an ended lock is no lock');
      assert.ok(!JSON.stringify(accounts).includes('$2'), 'no bcrypt hash');
    });
  });
}
