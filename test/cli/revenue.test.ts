// The revenue commands of the `clearway` CLI run as a user runs them (`node bin/clearway.js …`) on a fresh SQLite
// data directory: loading rates, tariff lines and scheme registries, a carrier's statement, reconciliation, threshold review.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/index.ts';
import { cliIn } from '../helpers/cli.ts';
import { arrival, declaration } from '../helpers/filings.ts';


/** Whole cents of a decimal string, for sums without floating-point error. */
const cents = (s: string): number => {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  assert.ok(m, `"${s}" is a decimal with at most 2 places`);
  return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0')));
};

/** Weekdays from `first` to `last` (YYYY-MM-DD), newest first, as the ECB lists them. */
function businessDays(first: string, last: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    const d = new Date(t);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) out.push(d.toISOString().slice(0, 10));
  }
  return out.reverse();
}

/** A quote that names its day, so a test can tell which day's quote became a rate: USD on 2026-10-21 is 1.1021. */
const usd = (day: string) => `1.${day.slice(5, 7)}${day.slice(8, 10)}`;
const jpy = (day: string) => `160.${day.slice(5, 7)}${day.slice(8, 10)}`;
const gbp = (day: string) => `0.8${day.slice(5, 7)}${day.slice(8, 10)}`;

/** eurofxref-hist.csv for September and October 2026: trailing commas, newest first; no JPY quote on 2026-10-21. */
function ecbHistory(): string {
  const rows = businessDays('2026-09-01', '2026-10-31').map((d) => `${d},${usd(d)},${d === '2026-10-21' ? 'N/A' : jpy(d)},${gbp(d)},`);
  return ['Date,USD,JPY,GBP,', ...rows].join('\n') + '\n';
}

describe('clearway revenue commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const { clearway, file } = cliIn(() => dir, () => env);
  /** Opens the data directory's store (the CLI is not running meanwhile), runs `fn`, closes it. */
  const withStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const store = openStore({ dataDir: join(dir, 'data') });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  const ratesOf = (packId: string) => withStore(async (s) => (await s.revenue.allRates()).filter((r) => r.packId === packId).map((r) => r.rate));
  const tariffOf = (packId: string) => withStore(async (s) => (await s.revenue.allTariffs()).filter((t) => t.packId === packId).map((t) => t.line));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-revenue-cli-'));
    const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, CLEARWAY_PACK: _pack, ...rest } = process.env;
    env = { ...rest, CLEARWAY_DATA_DIR: join(dir, 'data'), CLEARWAY_DEMO: '0', CLEARWAY_ADMIN_KEY: `cli-admin-${randomBytes(12).toString('hex')}` };
    const migrated = await clearway('migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('rates import', () => {
    test('the ECB history becomes the EU monthly customs rate: November 2026 takes the quote of 2026-10-21, the penultimate Wednesday of October', async () => {
      const r = await clearway('rates', 'import', file('eurofxref-hist.csv', ecbHistory()));
      assert.equal(r.code, 0, r.stderr);
      // September's penultimate Wednesday (2026-09-23) fixes October, October's (2026-10-21) fixes November; 3 currencies each.
      assert.match(r.stdout, /^6 rates for 3 currencies loaded for EU \(monthly-penultimate-wednesday, European Central Bank/);

      const rates = await ratesOf('EU');
      assert.equal(rates.length, 6);
      const november = rates.filter((x) => x.validFrom === '2026-11-01');
      assert.deepEqual(november.map((x) => x.currency), ['GBP', 'JPY', 'USD']);
      for (const x of november) assert.equal(x.validUntil, '2026-11-30');
      const nov = (c: string) => november.find((x) => x.currency === c)!;
      assert.equal(nov('USD').perUnit, usd('2026-10-21'));
      assert.equal(nov('GBP').perUnit, gbp('2026-10-21'));
      assert.match(nov('USD').source, /2015\/2447, Art\. 146\(1\).*published on 2026-10-21, the penultimate Wednesday of 2026-10/);
      // No JPY quote that Wednesday: the most recent one before it.
      assert.equal(nov('JPY').perUnit, jpy('2026-10-20'));
      assert.match(nov('JPY').source, /of 2026-10-20, the most recent before the penultimate Wednesday of 2026-10 \(2026-10-21/);

      const october = rates.filter((x) => x.validFrom === '2026-10-01');
      assert.equal(october.length, 3);
      assert.equal(october.find((x) => x.currency === 'USD')!.perUnit, usd('2026-09-23'));
      assert.ok(october.every((x) => x.validUntil === '2026-10-31'));
    });

    test('a history with a bad date loads nothing, exits 1 and names the line', async () => {
      const before = await ratesOf('EU');
      const text = 'Date,USD,JPY,GBP,\n2026-12-23,1.3000,170.00,0.9000,\n2026-12-2x,1.3100,171.00,0.9100,\n2026-11-25,1.3200,172.00,0.9200,\n';
      const r = await clearway('rates', 'import', file('bad-ecb.csv', text));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-ecb\.csv:3 \[Date\]: invalid-date: .*2026-12-2x/);
      assert.match(r.stderr, /nothing loaded: 1 error\(s\)/);
      assert.equal(r.stdout, '');
      assert.deepEqual(await ratesOf('EU'), before, 'the good rows were not loaded either');
    });

    test('--format rates loads the rates CSV as given', async () => {
      const csv = [
        'currency,per_unit,valid_from,valid_until,source',
        'USD,1.2710,2026-11-01,2026-11-30,HMRC exchange rates for November 2026',
        'CNY,9.0500,2026-11-01,,HMRC exchange rates for November 2026',
      ].join('\n');
      const r = await clearway('rates', 'import', file('gb-rates.csv', csv), '--pack', 'GB', '--format', 'rates');
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^2 rates for 2 currencies loaded for GB \(monthly, HMRC/);
      assert.deepEqual(await ratesOf('GB'), [
        { currency: 'CNY', perUnit: '9.0500', validFrom: '2026-11-01', source: 'HMRC exchange rates for November 2026' },
        { currency: 'USD', perUnit: '1.2710', validFrom: '2026-11-01', validUntil: '2026-11-30', source: 'HMRC exchange rates for November 2026' },
      ]);
    });

    test('--format ecb for a pack not in EUR (GB) is refused with exit 1 and loads nothing', async () => {
      const before = await ratesOf('GB');
      const r = await clearway('rates', 'import', file('eurofxref-hist.csv', ecbHistory()), '--pack', 'GB', '--format', 'ecb');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /quoted per EUR; pack GB is in GBP: use --format rates/);
      assert.deepEqual(await ratesOf('GB'), before);
    });

    test('an unknown --pack exits 1 with a message, not a stack trace', async () => {
      const r = await clearway('rates', 'import', file('eurofxref-hist.csv', ecbHistory()), '--pack', 'XX');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /no jurisdiction pack XX/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    });
  });

  describe('tariff import', () => {
    test('ad valorem, specific per kg and compound lines are stored for the pack', async () => {
      const csv = [
        'hs,description,ad_valorem_percent,specific_amount,specific_unit,combine,valid_from,valid_until,source',
        '610910,"T-shirts, singlets, of cotton",12,,,,2026-01-01,,CN 2026 (test)',
        '0406,Cheese,,2.50,kg,,2026-01-01,2026-12-31,CN 2026 (test)',
        '6403,Footwear with leather uppers,8,1.20,pair,max,2026-01-01,,CN 2026 (test)',
      ].join('\r\n');
      const r = await clearway('tariff', 'import', file('tariff.csv', csv));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '3 tariff lines loaded for EU\n');
      const lines = await tariffOf('EU');
      // Stored in order of the prefix as text.
      assert.deepEqual(lines, [
        { hs: '0406', description: 'Cheese', duty: { specific: { amount: '2.50', unit: 'kg' } }, validFrom: '2026-01-01', validUntil: '2026-12-31', source: 'CN 2026 (test)' },
        { hs: '610910', description: 'T-shirts, singlets, of cotton', duty: { adValorem: '0.12' }, validFrom: '2026-01-01', source: 'CN 2026 (test)' },
        { hs: '6403', description: 'Footwear with leather uppers', duty: { adValorem: '0.08', specific: { amount: '1.20', unit: 'pair' }, combine: 'max' }, validFrom: '2026-01-01', source: 'CN 2026 (test)' },
      ]);
    });

    test('a row with an invalid hs exits 1, names its line and stores nothing of the file', async () => {
      const csv = [
        'hs,description,ad_valorem_percent,valid_from,source',
        '8517,Telephones,0,2026-01-01,test',
        '85A7,Bad prefix,2,2026-01-01,test',
      ].join('\n');
      const r = await clearway('tariff', 'import', file('bad-tariff.csv', csv));
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-tariff\.csv:3 \[hs\]: invalid-hs/);
      assert.match(r.stderr, /nothing loaded/);
      assert.deepEqual((await tariffOf('EU')).map((l) => l.hs), ['0406', '610910', '6403'], 'the good row 8517 was not stored');
    });
  });

  describe('registry import', () => {
    const registrations = () => withStore((s) => s.revenue.registrations());

    test('--scheme IOSS stores the registrations', async () => {
      const csv = ['number,name,valid_from,valid_until', 'IM2760000001,ShopNova,2026-01-01,', 'IM2760000002,"Goods, Inc.",2025-07-01,2026-12-31'].join('\n');
      const r = await clearway('registry', 'import', file('ioss.csv', csv), '--scheme', 'IOSS');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '2 IOSS registrations loaded\n');
      const stored = (await registrations()).sort((a, b) => (a.number < b.number ? -1 : 1));
      assert.deepEqual(stored, [
        { scheme: 'IOSS', number: 'IM2760000001', name: 'ShopNova', validFrom: '2026-01-01' },
        { scheme: 'IOSS', number: 'IM2760000002', name: 'Goods, Inc.', validFrom: '2025-07-01', validUntil: '2026-12-31' },
      ]);
    });

    test('a bad date exits 1, names the line and stores nothing', async () => {
      const csv = ['number,name,valid_from', 'IM2760000003,Good Row,2026-01-01', 'IM2760000004,Bad Row,2026-02-30'].join('\n');
      const r = await clearway('registry', 'import', file('bad-ioss.csv', csv), '--scheme', 'IOSS');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-ioss\.csv:3 \[valid_from\]: invalid: not a YYYY-MM-DD date/);
      assert.deepEqual((await registrations()).map((x) => x.number).sort(), ['IM2760000001', 'IM2760000002']);
    });

    test('a period that ends before it starts, or a row without a name, exits 1 and stores nothing', async () => {
      const csv = ['number,name,valid_from,valid_until', 'IM2760000006,Backwards,2026-06-01,2026-01-01', 'IM2760000007,,2026-01-01,'].join('\n');
      const r = await clearway('registry', 'import', file('bad-ioss3.csv', csv), '--scheme', 'IOSS');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /bad-ioss3\.csv:2 \[valid_until\]/);
      assert.match(r.stderr, /bad-ioss3\.csv:3 \[name\]/);
      assert.equal((await registrations()).length, 2);
    });

    test('a scheme no filing can name is refused', async () => {
      const r = await clearway('registry', 'import', file('ioss2.csv', 'number,name,valid_from\nIM2760000005,X,2026-01-01\n'), '--scheme', 'ioss');
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--scheme/);
      assert.equal((await registrations()).length, 2);
    });
  });

  describe('a collecting carrier: statement and reconciliation', () => {
    const carrierId = 'pty_fastparcel_test';
    const today = new Date().toISOString().slice(0, 10);
    const dayOff = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    /** Each parcel's consignment id and what was due at the border, once the carrier reported its arrival. */
    const parcels: Array<{ id: string; due: string }> = [];

    before(async () => {
      const platform = await clearway('parties', 'create', 'ShopNova', '--role', 'platform');
      assert.equal(platform.code, 0, platform.stderr);
      const platformId = JSON.parse(platform.stdout).id as string;
      // `parties create` cannot set a collection arrangement: the carrier is registered through the store.
      await withStore((s) =>
        s.insertParty({ id: carrierId, name: 'FastParcel', role: 'carrier', createdAt: new Date().toISOString(), data: { identifiers: {}, collection: 'carrier' } }),
      );
      const declarations = [
        declaration(),
        declaration({ items: [{ description: 'Leather shoes', quantity: 1, unitPrice: '60.00', hsCode: '640399', originCountry: 'CN', netMassKg: '0.900' }] }),
        declaration({ items: [{ description: 'Phone case', quantity: 1, unitPrice: '8.00', hsCode: '392690', originCountry: 'CN', netMassKg: '0.050' }] }),
      ];
      const filed = await clearway('import', file('declarations.ndjson', declarations.map((d) => JSON.stringify(d)).join('\n')), '--as', platformId);
      assert.equal(filed.code, 0, filed.stdout + filed.stderr);
      const arrivals = declarations.map((d) => arrival(d.trackingId as string));
      const arrived = await clearway('import', file('arrivals.ndjson', arrivals.map((a) => JSON.stringify(a)).join('\n')), '--as', carrierId);
      assert.equal(arrived.code, 0, arrived.stdout + arrived.stderr);
      await withStore(async (s) => {
        for (const d of declarations) {
          const [c] = await s.findConsignments({ trackingId: d.trackingId as string });
          assert.ok(c, `consignment for ${d.trackingId}`);
          assert.equal(c.status, 'released', 'a collecting carrier reporting the arrival releases at once');
          assert.equal(c.liability?.model, 'carrier');
          assert.equal(c.liability?.partyId, carrierId);
          parcels.push({ id: c.id, due: c.liability!.dueAtBorder });
        }
      });
      assert.ok(parcels.every((p) => cents(p.due) > 0), 'VAT is due on every parcel');
    });

    test('statement prints the opening balance, one line per transfer to the carrier and the closing balance, as the ledger has them', async () => {
      const r = await clearway('statement', '--party', carrierId, '--from', today, '--to', today);
      assert.equal(r.code, 0, r.stderr);
      const out = r.stdout.split('\n').filter((l) => l);
      assert.equal(out[0], `Statement for ${carrierId}, ${today} to ${today} (positive: owed to customs)`);
      assert.equal(out[1], 'opening 0');
      const body = out.slice(2, -1);
      assert.equal(body.length, parcels.length);
      const ledger = await withStore((s) => s.revenue.ledger({ partyId: carrierId }));
      const transfers = ledger.filter((t) => t.kind === 'transfer');
      assert.equal(transfers.length, parcels.length);
      let balance = 0;
      body.forEach((line, i) => {
        const t = transfers[i]!;
        const amount = t.postings.find((p) => p.account === `receivable:party:${carrierId}`)!.amount;
        balance += cents(amount);
        assert.ok(line.startsWith(`${today}  transfer   ${t.consignmentId}`), line);
        assert.match(line, new RegExp(`EUR +${amount.replace('.', '\\.')}  balance (\\S+)  the carrier collects on delivery$`));
        assert.equal(cents(/balance (\S+)/.exec(line)![1]!), balance);
      });
      assert.deepEqual(transfers.map((t) => t.consignmentId).sort(), parcels.map((p) => p.id).sort());
      const total = parcels.reduce((n, p) => n + cents(p.due), 0);
      assert.equal(balance, total);
      const closing = /^closing EUR (\S+)$/.exec(out.at(-1)!);
      assert.ok(closing, out.at(-1));
      assert.equal(cents(closing[1]!), total);
    });

    test('--to is the last day included; a period after the entries opens with their balance, one before them is empty', async () => {
      const total = parcels.reduce((n, p) => n + cents(p.due), 0);
      const later = await clearway('statement', '--party', carrierId, '--from', dayOff(1), '--to', dayOff(30));
      assert.equal(later.code, 0, later.stderr);
      const [, opening, closing, ...rest] = later.stdout.split('\n');
      assert.equal(cents(/^opening EUR (\S+)$/.exec(opening!)![1]!), total);
      assert.equal(cents(/^closing EUR (\S+)$/.exec(closing!)![1]!), total);
      assert.deepEqual(rest, [''], 'no lines');
      const earlier = await clearway('statement', '--party', carrierId, '--from', dayOff(-30), '--to', dayOff(-1));
      assert.equal(earlier.code, 0, earlier.stderr);
      assert.deepEqual(earlier.stdout.split('\n').slice(1), ['opening 0', 'closing 0', '']);
      const help = await clearway('statement', '--help');
      assert.match(help.stdout, /--to <day>\s+last day, included/);
    });

    test('statement with a day that is not YYYY-MM-DD exits 1', async () => {
      for (const [from, to] of [['2026-11', today], [today, '2026-02-30'], [today, dayOff(-1)]] as const) {
        const r = await clearway('statement', '--party', carrierId, '--from', from, '--to', to);
        assert.equal(r.code, 1, `${from} ${to}`);
        assert.match(r.stderr, /--from and --to take calendar days/);
        assert.equal(r.stdout, '');
      }
    });

    test('statement --format csv prints a header and one row per entry', async () => {
      const r = await clearway('statement', '--party', carrierId, '--from', dayOff(-1), '--to', dayOff(1), '--format', 'csv');
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.split('\r\n');
      assert.equal(rows.pop(), '', 'ends with a line break');
      const [header, ...body] = rows;
      assert.equal(header, 'day,kind,consignment,memo,currency,amount,balance');
      assert.equal(body.length, parcels.length);
      const cells = body.map((row) => row.split(','));
      assert.deepEqual(cells.map((c) => c[2]).sort(), parcels.map((p) => p.id).sort());
      for (const c of cells) {
        assert.equal(c.length, 7);
        assert.deepEqual([c[0], c[1], c[3], c[4]], [today, 'transfer', 'the carrier collects on delivery', 'EUR']);
        assert.equal(c[5], parcels.find((p) => p.id === c[2])!.due);
      }
      assert.equal(cents(cells.at(-1)![6]!), parcels.reduce((n, p) => n + cents(p.due), 0));
    });

    test('reconcile prints JSON whose carrier model assessed the sum of what was due at the border', async () => {
      const r = await clearway('reconcile');
      assert.equal(r.code, 0, r.stderr);
      const rec = JSON.parse(r.stdout);
      const total = parcels.reduce((n, p) => n + cents(p.due), 0);
      const carrier = rec.byModel.carrier.EUR;
      assert.equal(cents(carrier.assessed), total);
      assert.equal(cents(carrier.collected), 0);
      assert.equal(cents(carrier.outstanding), total);
      assert.equal(cents(rec.byParty[carrierId].EUR.assessed), total, 'the debt moved to the carrier');
      assert.equal(cents(rec.total.EUR.assessed), total);
    });
  });

  describe('simulate-thresholds', () => {
    const columns = ['duty', 'tax', 'parcels', 'parcelsWithRevenue', 'revenue', 'collectionCost', 'net', 'skipped'];
    const run = async (...args: string[]) => {
      const r = await clearway('simulate-thresholds', ...args, '--csv');
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout.split('\r\n');
      assert.equal(rows.pop(), '');
      assert.equal(rows[0], columns.join(','));
      return rows.slice(1).map((row) => Object.fromEntries(row.split(',').map((v, i) => [columns[i]!, v])) as Record<string, string>);
    };

    test('--duty 0,150 --tax 0,22 --csv prints a header and one row per scenario; collection cost is the cost per parcel with revenue', async () => {
      const rows = await run('--cost', '2.50', '--duty', '0,150', '--tax', '0,22');
      assert.deepEqual(rows.map((r) => `${r.duty}/${r.tax}`), ['0/0', '0/22', '150/0', '150/22']);
      for (const r of rows) {
        assert.equal(r.parcels, '3');
        assert.equal(r.skipped, '0');
        assert.equal(cents(r.collectionCost!), 250 * Number(r.parcelsWithRevenue));
        assert.equal(cents(r.net!), cents(r.revenue!) - cents(r.collectionCost!));
      }
      // Raising the tax de minimis never adds parcels to collect on; the EUR 8.00 parcel drops out at 22.
      const at = (duty: string, tax: string) => rows.find((r) => r.duty === duty && r.tax === tax)!;
      for (const duty of ['0', '150']) assert.ok(Number(at(duty, '22').parcelsWithRevenue) <= Number(at(duty, '0').parcelsWithRevenue));
      assert.ok(Number(at('150', '22').parcelsWithRevenue) < Number(at('150', '0').parcelsWithRevenue));
      assert.ok(cents(at('150', '22').revenue!) < cents(at('150', '0').revenue!));
    });

    test('with --tax 0 every parcel with a positive value has revenue', async () => {
      const rows = await run('--cost', '1', '--duty', '0,22,150', '--tax', '0');
      assert.equal(rows.length, 3);
      for (const r of rows) assert.equal(r.parcelsWithRevenue, r.parcels);
    });

    test('a duty, tax or cost that is not a decimal amount exits 1', async () => {
      for (const args of [['--duty', 'abc'], ['--duty', '0,abc'], ['--tax', '22,-1'], ['--cost', 'x']]) {
        const r = await clearway('simulate-thresholds', '--cost', '2.50', ...args);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, /--duty and --tax take decimal amounts/);
        assert.equal(r.stdout, '');
      }
    });
  });
});
