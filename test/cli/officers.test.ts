// `clearway officers` run as a user runs it: `add` takes the password from CLEARWAY_PASSWORD, never from a pipe, and the
// new login then opens a session; `list`, `disable`, `enable` and `password` manage logins (on every store).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliIn } from '../helpers/cli.ts';
import { freshDatabase, testStores } from '../helpers/clearway.ts';
import { configFromEnv, type Config } from '../../src/config.ts';
import { openClearway, type Clearway } from '../../src/services/clearway.ts';

describe('clearway officers add', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const { clearway } = cliIn(() => dir, () => env);
  const withPassword = (password: string | undefined) => {
    const { CLEARWAY_PASSWORD: _p, ...rest } = env;
    env = password === undefined ? rest : { ...rest, CLEARWAY_PASSWORD: password };
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-officers-'));
    const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, CLEARWAY_PASSWORD: _pw, ...rest } = process.env;
    env = { ...rest, CLEARWAY_DATA_DIR: join(dir, 'data'), CLEARWAY_DEMO: '0', CLEARWAY_ADMIN_KEY: `cli-admin-${randomBytes(12).toString('hex')}` };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('adds a login acting as a new officer party, with the password from CLEARWAY_PASSWORD, and prints it as JSON', async () => {
    withPassword('a long passphrase');
    const r = await clearway('officers', 'add', 'Anna.Weber', '--name', 'Officer Anna Weber');
    assert.equal(r.code, 0, r.stderr);
    const added = JSON.parse(r.stdout);
    assert.deepEqual({ ...added, partyId: typeof added.partyId }, { username: 'anna.weber', partyId: 'string', role: 'officer', name: 'Officer Anna Weber' });
    assert.ok(!r.stdout.includes('a long passphrase') && !r.stderr.includes('a long passphrase'), 'the password is not echoed');
    const cw = await openClearway({ ...configFromEnv({}), dataDir: join(dir, 'data'), demo: false });
    try {
      const login = await cw.officers.login('anna.weber', 'a long passphrase');
      assert.ok(login.ok, JSON.stringify(login));
      assert.deepEqual(login.value.actor, { partyId: added.partyId, role: 'officer', name: 'Officer Anna Weber' });
    } finally {
      await cw.close();
    }
  });

  test('--party: the login acts as an existing agency party; --role agency creates one', async () => {
    withPassword('a long passphrase');
    const created = await clearway('parties', 'create', 'Health Agency', '--role', 'agency');
    assert.equal(created.code, 0, created.stderr);
    const agency = JSON.parse(created.stdout);
    const r = await clearway('officers', 'add', 'health', '--party', agency.id);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { username: 'health', partyId: agency.id, role: 'agency', name: 'Health Agency' });
    const other = await clearway('officers', 'add', 'plants', '--name', 'Plant Health', '--role', 'agency');
    assert.equal(other.code, 0, other.stderr);
    assert.equal(JSON.parse(other.stdout).role, 'agency');
  });

  test('refusals exit 2 and say why: a taken username, a short password, a platform party, no name, a bad role', async () => {
    withPassword('a long passphrase');
    const taken = await clearway('officers', 'add', 'ANNA.WEBER', '--name', 'Someone');
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /the username anna\.weber is taken/);
    const platform = JSON.parse((await clearway('parties', 'create', 'ShopNova', '--role', 'platform')).stdout);
    const wrongParty = await clearway('officers', 'add', 'shop', '--party', platform.id);
    assert.equal(wrongParty.code, 2);
    assert.match(wrongParty.stderr, /is a platform; console logins act as officer, admin, risk-analyst, revenue-officer, agency/);
    const nameless = await clearway('officers', 'add', 'nameless');
    assert.equal(nameless.code, 2);
    assert.match(nameless.stderr, /--name is required/);
    const role = await clearway('officers', 'add', 'carrier', '--name', 'Post', '--role', 'carrier');
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /Allowed choices are officer, admin, risk-analyst, revenue-officer, agency/);
    withPassword('short');
    const weak = await clearway('officers', 'add', 'weak', '--name', 'Weak');
    assert.equal(weak.code, 2);
    assert.match(weak.stderr, /at least 10 characters/);
  });

  test('without CLEARWAY_PASSWORD and no terminal to type it in, it refuses rather than read a pipe', async () => {
    withPassword(undefined);
    const r = await clearway('officers', 'add', 'piped', '--name', 'Piped');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /set CLEARWAY_PASSWORD, or run in a terminal/);
  });
});

for (const kind of testStores()) {
  describe(`clearway officers list, disable, enable, password (${kind})`, () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let drop: () => Promise<void>;
    let config: Partial<Config>;
    const { clearway } = cliIn(() => dir, () => env);
    const withPassword = (password: string | undefined) => {
      const { CLEARWAY_PASSWORD: _p, ...rest } = env;
      env = password === undefined ? rest : { ...rest, CLEARWAY_PASSWORD: password };
    };
    /** Runs `check` with Clearway open on the database the commands use. */
    async function inClearway<T>(check: (cw: Clearway) => Promise<T>): Promise<T> {
      const cw = await openClearway({ ...configFromEnv({}), demo: false, ...config });
      try {
        return await check(cw);
      } finally {
        await cw.close();
      }
    }
    const canLogIn = (username: string, password: string) => inClearway(async (cw) => (await cw.officers.login(username, password)).ok);

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'clearway-officers-'));
      const db = await freshDatabase(kind);
      drop = db.drop;
      config = db.config;
      const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, CLEARWAY_PASSWORD: _pw, ...rest } = process.env;
      env = {
        ...rest,
        CLEARWAY_DATA_DIR: db.config.dataDir!,
        ...(db.config.databaseUrl ? { DATABASE_URL: db.config.databaseUrl } : {}),
        CLEARWAY_DEMO: '0',
        CLEARWAY_ADMIN_KEY: `cli-admin-${randomBytes(12).toString('hex')}`,
      };
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await drop?.();
    });

    test('list: no logins yet, then the ones added, with their party, role and state, as a table or JSON', async () => {
      const empty = await clearway('officers', 'list');
      assert.equal(empty.code, 0, empty.stderr);
      assert.match(empty.stdout, /no console logins yet/);
      withPassword('a long passphrase');
      const anna = JSON.parse((await clearway('officers', 'add', 'anna.weber', '--name', 'Officer Anna Weber')).stdout);
      assert.equal((await clearway('officers', 'add', 'health', '--name', 'Health Agency', '--role', 'agency')).code, 0);
      const table = await clearway('officers', 'list');
      assert.equal(table.code, 0, table.stderr);
      const lines = table.stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^username +role +party +name +state +created at$/);
      assert.match(lines[1]!, new RegExp(`^anna\\.weber +officer +${anna.partyId} +Officer Anna Weber +active +\\d{4}-\\d\\d-\\d\\dT`));
      assert.match(lines[2]!, /^health +agency +\S+ +Health Agency +active /);
      assert.equal(lines.length, 3, 'no demo login: CLEARWAY_DEMO=0');
      const json = await clearway('officers', 'list', '--json');
      const listed = JSON.parse(json.stdout);
      assert.deepEqual(Object.keys(listed[0]).sort(), ['createdAt', 'disabled', 'lockedUntil', 'name', 'partyId', 'role', 'username']);
      assert.deepEqual(listed.map((a: { username: string; role: string; disabled: boolean }) => [a.username, a.role, a.disabled]), [
        ['anna.weber', 'officer', false],
        ['health', 'agency', false],
      ]);
    });

    test('disable ends the open session and stops the login; enable lets it in again; both show in the list', async () => {
      const token = await inClearway(async (cw) => {
        const r = await cw.officers.login('anna.weber', 'a long passphrase');
        assert.ok(r.ok);
        return r.value.token;
      });
      const disabled = await clearway('officers', 'disable', 'Anna.Weber');
      assert.equal(disabled.code, 0, disabled.stderr);
      assert.deepEqual(JSON.parse(disabled.stdout), { username: 'anna.weber', disabled: true, sessionsEnded: 1 });
      assert.equal(await inClearway((cw) => cw.officers.sessionActor(token)), undefined);
      assert.equal(await canLogIn('anna.weber', 'a long passphrase'), false);
      assert.match((await clearway('officers', 'list')).stdout, /^anna\.weber .* disabled /m);
      const enabled = await clearway('officers', 'enable', 'anna.weber');
      assert.equal(enabled.code, 0, enabled.stderr);
      assert.deepEqual(JSON.parse(enabled.stdout), { username: 'anna.weber', disabled: false });
      assert.equal(await canLogIn('anna.weber', 'a long passphrase'), true);
    });

    test('password sets a new one from CLEARWAY_PASSWORD: the old one no longer logs in, sessions end', async () => {
      const token = await inClearway(async (cw) => {
        const r = await cw.officers.login('health', 'a long passphrase');
        assert.ok(r.ok);
        return r.value.token;
      });
      withPassword('the new passphrase');
      const r = await clearway('officers', 'password', 'health');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { username: 'health', sessionsEnded: 1 });
      assert.ok(!r.stdout.includes('the new passphrase') && !r.stderr.includes('the new passphrase'), 'the password is not echoed');
      assert.equal(await inClearway((cw) => cw.officers.sessionActor(token)), undefined);
      assert.equal(await canLogIn('health', 'a long passphrase'), false);
      assert.equal(await canLogIn('health', 'the new passphrase'), true);
    });

    test('refusals exit 2 and say why: an unknown login, a short password, no password to read', async () => {
      withPassword('a long passphrase');
      for (const command of ['disable', 'enable', 'password']) {
        const r = await clearway('officers', command, 'nobody');
        assert.equal(r.code, 2, command);
        assert.match(r.stderr, /no console login nobody \(`clearway officers list` lists them\)/);
      }
      withPassword('short');
      const weak = await clearway('officers', 'password', 'health');
      assert.equal(weak.code, 2);
      assert.match(weak.stderr, /at least 10 characters/);
      withPassword(undefined);
      const piped = await clearway('officers', 'password', 'health');
      assert.equal(piped.code, 2);
      assert.match(piped.stderr, /set CLEARWAY_PASSWORD, or run in a terminal/);
      assert.equal(await canLogIn('health', 'the new passphrase'), true, 'refusals change nothing');
    });
  });
}
