// `clearway officers add` run as a user runs it: the password from CLEARWAY_PASSWORD, never from a pipe, and the new
// login then opens a session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliIn } from '../helpers/cli.ts';
import { configFromEnv } from '../../src/config.ts';
import { openClearway } from '../../src/services/clearway.ts';

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
    assert.match(wrongParty.stderr, /is a platform; console logins act as officer, admin, agency/);
    const nameless = await clearway('officers', 'add', 'nameless');
    assert.equal(nameless.code, 2);
    assert.match(nameless.stderr, /--name is required/);
    const role = await clearway('officers', 'add', 'carrier', '--name', 'Post', '--role', 'carrier');
    assert.notEqual(role.code, 0);
    assert.match(role.stderr, /Allowed choices are officer, admin, agency/);
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
