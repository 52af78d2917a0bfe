// The `clearway` command line run as a user runs it: `node bin/clearway.js …` in a shell, on a fresh SQLite data directory.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BIN, cliIn } from '../helpers/cli.ts';
import { declaration } from '../helpers/filings.ts';


describe('clearway CLI', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let partyId: string;
  /** Tracking ids of every filing accepted so far: one consignment each. */
  const accepted: string[] = [];

  /** Runs `clearway ARGS…` in the temporary directory, as a user would from a shell. */
  const { clearway, file } = cliIn(() => dir, () => env);
  const rejectedLines = (name: string) =>
    readFileSync(join(dir, `${name}.rejected.ndjson`), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-cli-'));
    const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, ...rest } = process.env;
    env = { ...rest, CLEARWAY_DATA_DIR: join(dir, 'data'), CLEARWAY_DEMO: '0', CLEARWAY_ADMIN_KEY: `cli-admin-${randomBytes(12).toString('hex')}` };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('clearway --help lists every command', async () => {
    const r = await clearway('--help');
    assert.equal(r.code, 0);
    for (const command of ['serve', 'migrate', 'import', 'export', 'verify', 'parties']) {
      assert.match(r.stdout, new RegExp(`^\\s+${command}\\b`, 'm'), `${command} is listed`);
    }
  });

  test('migrate applies the schema, and a second run says it is up to date', async () => {
    const first = await clearway('migrate');
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^applied: \S+/);
    assert.ok(existsSync(join(dir, 'data', 'clearway.db')));
    const second = await clearway('migrate');
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'schema is up to date\n');
  });

  test('parties create prints JSON with the new party\'s id and an API key', async () => {
    const r = await clearway('parties', 'create', 'ShopNova', '--role', 'platform');
    assert.equal(r.code, 0, r.stderr);
    const party = JSON.parse(r.stdout);
    assert.equal(typeof party.id, 'string');
    assert.ok(party.id.length > 0);
    assert.equal(typeof party.key, 'string');
    assert.ok(party.key.length >= 20);
    assert.equal(party.name, 'ShopNova');
    assert.equal(party.role, 'platform');
    partyId = party.id;
  });

  test('import as a party that does not exist exits 2 and says how to create it', async () => {
    const r = await clearway('import', file('none.ndjson', `${JSON.stringify(declaration())}\n`), '--as', 'pty_nobody');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no party pty_nobody/);
  });

  describe('import of an NDJSON file with good and bad lines', () => {
    const good = [declaration(), declaration(), declaration()];
    const twoErrors = declaration({ currency: 'XYZ', items: [{ description: 'Ceramic coffee mug', quantity: 1, unitPrice: '10.00', hsCode: '12', originCountry: 'CN' }] });
    const lines = [
      JSON.stringify(good[0]), // 1
      '{"kind": "declaration", not json', // 2
      JSON.stringify(twoErrors), // 3
      '', // 4: blank, skipped but counted
      JSON.stringify(good[1]), // 5
      JSON.stringify(good[2]), // 6
      '42', // 7
    ];
    let path: string;

    test('prints the summary and exits 1 when some lines were rejected', async () => {
      path = file('mixed.ndjson', `${lines.join('\n')}\n`);
      const r = await clearway('import', path, '--as', partyId);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^6 filings in [0-9.]+ s: 3 new, 0 already received, 3 rejected \(see .*mixed\.ndjson\.rejected\.ndjson\)$/m);
      accepted.push(...good.map((d) => d.trackingId as string));
    });

    test('writes FILE.rejected.ndjson: one line per rejected filing, with its line number and errors (path, code)', () => {
      const rejected = rejectedLines('mixed.ndjson');
      assert.deepEqual(rejected.map((r) => r.line), [2, 3, 7]);
      for (const r of rejected) {
        assert.ok(Array.isArray(r.errors) && r.errors.length > 0, `line ${r.line} has errors`);
        for (const e of r.errors) {
          assert.equal(typeof e.path, 'string');
          assert.equal(typeof e.code, 'string');
          assert.equal(typeof e.message, 'string');
        }
      }
      const [badJson, invalid, notObject] = rejected;
      assert.deepEqual(badJson.errors.map((e: any) => e.code), ['bad-json']);
      assert.deepEqual(
        invalid.errors.map((e: any) => `${e.path} ${e.code}`).sort(),
        ['/currency unknown-currency', '/items/0/hsCode bad-format'],
      );
      assert.equal(invalid.filing.filingId, twoErrors.filingId, 'the rejected filing is echoed for correction');
      assert.deepEqual(notObject.errors.map((e: any) => `${e.path} ${e.code}`), [' wrong-type']);
    });

    test('importing the same file again reports its filings as already received', async () => {
      const r = await clearway('import', path, '--as', partyId);
      assert.equal(r.code, 1, 'the bad lines are still rejected');
      assert.match(r.stdout, /^6 filings in [0-9.]+ s: 0 new, 3 already received, 3 rejected/m);
    });
  });

  test('a file of good filings only (CRLF line ends) imports with exit code 0 and rejects nothing', async () => {
    const good = [declaration(), declaration()];
    const r = await clearway('import', file('good.ndjson', good.map((d) => JSON.stringify(d)).join('\r\n') + '\r\n'), '--as', partyId);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^2 filings in [0-9.]+ s: 2 new, 0 already received, 0 rejected$/m);
    assert.doesNotMatch(r.stdout, /see /);
    assert.deepEqual(rejectedLines('good.ndjson'), []);
    accepted.push(...good.map((d) => d.trackingId as string));
  });

  test('a JSON array file imports too; a rejected element is numbered by its position', async () => {
    const good = [declaration(), declaration()];
    const array = [good[0], declaration({ trackingId: 'RR123456784CN' }), good[1]];
    const r = await clearway('import', file('array.json', JSON.stringify(array, null, 2)), '--as', partyId);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^3 filings in [0-9.]+ s: 2 new, 0 already received, 1 rejected/m);
    const rejected = rejectedLines('array.json');
    assert.deepEqual(rejected.map((x) => x.line), [2]);
    assert.deepEqual(rejected[0].errors.map((e: any) => `${e.path} ${e.code}`), ['/trackingId bad-check-digit']);
    accepted.push(...good.map((d) => d.trackingId as string));
  });

  test('export --format csv --out writes a header and one row per consignment', async () => {
    const r = await clearway('export', '--format', 'csv', '--out', 'consignments.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`exported ${accepted.length} consignments to consignments\\.csv`));
    const rows = readFileSync(join(dir, 'consignments.csv'), 'utf8').split('\r\n');
    assert.equal(rows.pop(), '', 'the file ends with a line break');
    const [header, ...body] = rows;
    assert.equal(header!.split(',')[0], 'id');
    assert.ok(header!.split(',').includes('trackingId'));
    assert.equal(body.length, accepted.length);
    const column = header!.split(',').indexOf('trackingId');
    assert.deepEqual(body.map((row) => row.split(',')[column]).sort(), [...accepted].sort());
  });

  test('export (NDJSON on standard output): every line parses as a consignment with its provenance', async () => {
    const r = await clearway('export');
    assert.equal(r.code, 0, r.stderr);
    const consignments = r.stdout.split('\n').filter((l) => l).map((l) => JSON.parse(l));
    assert.equal(consignments.length, accepted.length);
    assert.deepEqual(consignments.map((c) => c.trackingId).sort(), [...accepted].sort());
    for (const c of consignments) {
      assert.equal(typeof c.id, 'string');
      assert.equal(c.status, 'pre-arrival');
      assert.equal(c.filings[0].sender, partyId);
      assert.equal(c.fields.items.sender, partyId);
    }
  });

  test('export into a pipe the reader has closed (clearway export | head) stops quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'export'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.doesNotMatch(stderr, /EPIPE|Error/, 'no stack trace');
    assert.equal(code, 0);
  });

  test('verify prints "chain verified" on an untouched log', async () => {
    const r = await clearway('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    // Each new declaration logs one filing-received event, which carries the assessment it caused.
    assert.match(r.stdout, new RegExp(`^chain verified: ${accepted.length} events, head [0-9a-f]{64}$`, 'm'));
  });

  test('verify exits 1 and names event 3 when its data was changed in the database', async () => {
    const db = new Database(join(dir, 'data', 'clearway.db'));
    try {
      assert.equal(db.prepare("UPDATE events SET data = '{}' WHERE seq = 3").run().changes, 1);
    } finally {
      db.close();
    }
    const r = await clearway('verify');
    assert.equal(r.code, 1);
    assert.match(r.stdout, /chain BROKEN at event 3\b/);
    assert.match(r.stdout, /altered/);
  });
});
