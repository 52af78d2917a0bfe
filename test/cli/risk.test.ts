// The `clearway risk` commands on Clearway's own outcomes, run as a user runs them (`node bin/clearway.js …`) on a fresh
// SQLite data directory: training a model, listing it, putting it in shadow and in service, and the hit rates.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../src/config.ts';
import type { InspectionInput } from '../../src/domain/clearance/index.ts';
import type { Consignment } from '../../src/domain/model/index.ts';
import { ADMIN_PARTY_ID, openClearway, type Clearway } from '../../src/services/clearway.ts';
import type { Actor } from '../../src/services/roles.ts';
import { cliIn } from '../helpers/cli.ts';
import { declaration } from '../helpers/filings.ts';

const admin: Actor = { partyId: ADMIN_PARTY_ID, role: 'admin', name: 'test' };
const officer: Actor = { partyId: 'pty_officer_test', role: 'officer', name: 'Officer Test' };

/** The planted pattern: this seller's phones, declared far below their worth, are what the controls find. */
const rogueSeller = { id: 'S-666', name: 'Gadget Outlet', address: { lines: ['9 Harbour Road'], city: 'Hong Kong', country: 'HK' } };
const phone = { description: 'Smartphone', quantity: 1, unitPrice: '9.00', hsCode: '851713', originCountry: 'HK', netMassKg: '0.400' };

const today = new Date().toISOString().slice(0, 10);
const dayOff = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Whole cents of a decimal string. */
const cents = (s: string): number => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  assert.ok(m, `"${s}" is a decimal with at most 2 places`);
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
};

interface Parcel {
  id: string;
  lane: string;
  selectedBy: string;
  /** The control's outcome; undefined when the parcel was not controlled. */
  outcome?: InspectionInput;
}

describe('clearway risk commands', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const { clearway } = cliIn(() => dir, () => env);

  /** Opens Clearway in this process on the CLI's data directory (the CLI is not running meanwhile), runs `fn`, closes it. */
  const withClearway = async <T>(fn: (cw: Clearway) => Promise<T>): Promise<T> => {
    const cw = await openClearway(configFromEnv({ CLEARWAY_DATA_DIR: join(dir, 'data'), CLEARWAY_DEMO: '0' }));
    try {
      return await fn(cw);
    } finally {
      await cw.close();
    }
  };

  /** Files the declarations and reports each parcel's arrival: the risk engine decides its lane then. */
  const arrive = async (cw: Clearway, filings: ReturnType<typeof declaration>[]): Promise<Consignment[]> => {
    const { results } = await cw.intake.submit(admin, filings);
    const out: Consignment[] = [];
    for (const r of results) {
      assert.ok(r.status === 201 && 'consignmentId' in r, JSON.stringify(r));
      const arrived = await cw.consignments.record(admin, r.consignmentId, 'arrival', {});
      assert.ok(arrived.ok, JSON.stringify(arrived));
      out.push(arrived.consignment);
    }
    return out;
  };

  const json = (stdout: string) => {
    assert.equal(stdout.split('\n').filter((l) => l).length, 1, 'one JSON line');
    return JSON.parse(stdout);
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clearway-risk-cli-'));
    const { DATABASE_URL: _db, NODE_TEST_CONTEXT: _ctx, CLEARWAY_PACK: _pack, ...rest } = process.env;
    env = { ...rest, CLEARWAY_DATA_DIR: join(dir, 'data'), CLEARWAY_DEMO: '0', CLEARWAY_ADMIN_KEY: `cli-admin-${randomBytes(12).toString('hex')}` };
    const migrated = await clearway('migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('without control outcomes, train is refused with exit 1 and the count, and models lists none', async () => {
    const r = await clearway('risk', 'train');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^too-few-examples: 0 labelled consignments; at least 50 are needed/);
    assert.equal(r.stdout, '');
    const models = await clearway('risk', 'models', '--json');
    assert.equal(models.code, 0, models.stderr);
    assert.deepEqual(json(models.stdout), []);
    const text = await clearway('risk', 'models');
    assert.match(text.stdout, /^no models trained yet/);
  });

  test('options that are not what they should be exit 1 with a message that names them', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['train', '--seed', 'x'], /--seed must be a whole number from 0 to 4294967295, got "x"/],
      [['train', '--seed', '4294967296'], /--seed must be a whole number/],
      [['hit-rates', '--from', '2026-02-30'], /--from takes a calendar day YYYY-MM-DD, got "2026-02-30"/],
      [['hit-rates', '--to', 'yesterday'], /--to takes a calendar day YYYY-MM-DD, got "yesterday"/],
      [['hit-rates', '--from', dayOff(0), '--to', dayOff(-1)], /the period ends \(--to .*\) before it starts/],
      [['hit-rates', '--from', dayOff(1)], new RegExp(`the period ends \\(--to ${today}, today\\) before it starts \\(--from ${dayOff(1)}\\)`)],
      [['activate', ''], /VERSION is a model version/],
    ];
    for (const [args, message] of cases) {
      const r = await clearway('risk', ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  describe('after 80 parcels decided at arrival, 72 of them controlled, the hits all from one seller', () => {
    const parcels: Parcel[] = [];
    let ruleId: string;

    before(async () => {
      await withClearway(async (cw) => {
        // The rule sends the rogue seller's phones to a scan: their hits count for the rule and for selection by rule.
        const rule = await cw.risk.save(admin, { name: 'Phones to scan', when: { field: 'hsCode', prefix: ['8517'] }, then: { lane: 'scan' }, validFrom: '2026-01-01' });
        assert.ok(rule.ok, JSON.stringify(rule));
        ruleId = rule.value.id;
        // Every fourth parcel is the rogue seller's, so the hits spread over time and the hold-out (the most recent) has both classes.
        const rogue = (i: number) => i % 4 === 3;
        const filings = Array.from({ length: 80 }, (_, i) => (rogue(i) ? declaration({ seller: rogueSeller, items: [phone] }) : declaration()));
        const arrived = await arrive(cw, filings);
        for (const [i, c] of arrived.entries()) {
          const parcel: Parcel = { id: c.id, lane: c.lane, selectedBy: c.risk.selectedBy };
          // One parcel in ten of the ordinary seller is never controlled.
          if (rogue(i)) parcel.outcome = i % 8 === 7 ? { result: 'undervaluation', amount: '12.50', currency: 'EUR' } : { result: 'prohibited' };
          else if (i % 10 !== 0) parcel.outcome = { result: 'no-finding' };
          if (parcel.outcome) {
            const inspected = await cw.consignments.inspect(officer, c.id, parcel.outcome);
            assert.ok(inspected.ok, JSON.stringify(inspected));
          }
          parcels.push(parcel);
        }
      });
      assert.equal(parcels.filter((p) => p.outcome).length, 72);
      assert.equal(parcels.filter((p) => p.outcome && p.outcome.result !== 'no-finding').length, 20);
    });

    /** What the hit rates should say of some parcels, from what the test recorded. */
    const expected = (of: Parcel[]) => {
      const inspected = of.filter((p) => p.outcome);
      const hits = inspected.filter((p) => p.outcome!.result !== 'no-finding').length;
      const revenue = of.reduce((n, p) => n + (p.outcome?.amount ? cents(p.outcome.amount) : 0), 0);
      return {
        decided: of.length,
        selected: of.filter((p) => p.lane !== 'release').length,
        inspected: inspected.length,
        hits,
        hitRate: inspected.length === 0 ? null : Math.round((hits / inspected.length) * 1e4) / 1e4,
        revenueCents: revenue,
      };
    };
    const asTallied = (r: { decided: number; selected: number; inspected: number; hits: number; hitRate: number | null; revenueAdjusted: Record<string, string> }) => ({
      decided: r.decided,
      selected: r.selected,
      inspected: r.inspected,
      hits: r.hits,
      hitRate: r.hitRate,
      revenueCents: r.revenueAdjusted.EUR === undefined ? 0 : cents(r.revenueAdjusted.EUR),
    });

    test('hit-rates --json counts the decisions, controls and hits recorded, overall and per selection, lane and rule', async () => {
      const r = await clearway('risk', 'hit-rates', '--json');
      assert.equal(r.code, 0, r.stderr);
      const h = json(r.stdout);
      assert.equal(h.to, today);
      assert.equal(h.from, dayOff(-29), 'the last 30 days by default');
      assert.deepEqual(asTallied(h.overall), { decided: 80, selected: parcels.filter((p) => p.lane !== 'release').length, inspected: 72, hits: 20, hitRate: 0.2778, revenueCents: 10 * 1250 });
      // Every hit is the rule's: the rogue seller's parcels are all selected by it, and scanned.
      assert.deepEqual(asTallied(h.bySelection.rule), { decided: 20, selected: 20, inspected: 20, hits: 20, hitRate: 1, revenueCents: 12500 });
      assert.deepEqual(Object.keys(h.byRule), [ruleId]);
      assert.deepEqual(asTallied(h.byRule[ruleId]), asTallied(h.bySelection.rule));
      assert.equal(h.byLane.scan.hits, 20);
      for (const by of ['selectedBy', 'lane'] as const) {
        const keys = [...new Set(parcels.map((p) => p[by]))].sort();
        const reported = by === 'lane' ? h.byLane : h.bySelection;
        assert.deepEqual(Object.keys(reported).sort(), keys, by);
        for (const k of keys) assert.deepEqual(asTallied(reported[k]), expected(parcels.filter((p) => p[by] === k)), `${by} ${k}`);
      }
    });

    test('hit-rates prints the overall figures, then a table by selection, by lane and by rule', async () => {
      const r = await clearway('risk', 'hit-rates', '--from', dayOff(-6), '--to', today);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], `Hit rates of the decisions taken from ${dayOff(-6)} to ${today} (days included)`);
      const selected = parcels.filter((p) => p.lane !== 'release').length;
      assert.equal(lines[1], `overall: 80 decided, ${selected} selected for a control, 72 inspected, 20 hits, hit rate 0.278, revenue adjusted EUR 125`);
      assert.match(lines[2]!, /^fault rate of the parcels no rule or score selected, from the random selections \(weighted by their chance\): (-|0\.\d{3})$/);
      // The first line that starts with the key: for `rule`, the selection table's row (the rule table's header comes later).
      const row = (first: string) => lines.find((l) => l.startsWith(`${first} `));
      assert.match(row('rule') ?? '', /^rule\s+20\s+20\s+20\s+20\s+1\.000\s+EUR 125$/);
      assert.match(row('model') ?? '', /^model\s+0\s+0\s+0\s+0\s+-\s+-$/, 'no model in service yet: a row of zeros');
      assert.match(row('scan') ?? '', /^scan\s+20\s+20\s+20\s+20\s+1\.000\s+EUR 125$/);
      assert.match(row(ruleId) ?? '', /\s20\s+20\s+20\s+20\s+1\.000\s+EUR 125$/);
      const tables = lines.filter((l) => /\sdecided\s+selected\s+inspected\s+hits\s+hit rate\s+revenue adjusted$/.test(l)).map((l) => l.split(' ')[0]);
      assert.deepEqual(tables, ['selection', 'lane', 'rule']);
    });

    test('hit-rates over days without decisions counts nothing', async () => {
      const r = await clearway('risk', 'hit-rates', '--from', dayOff(-60), '--to', dayOff(-31), '--json');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(json(r.stdout), {
        from: dayOff(-60),
        to: dayOff(-31),
        overall: { decided: 0, selected: 0, inspected: 0, hits: 0, hitRate: null, revenueAdjusted: {} },
        randomEstimate: null,
        byLane: {},
        bySelection: {},
        byRule: {},
      });
    });

    test('train --json stores model m1 as a candidate, measured on the most recent outcomes', async () => {
      const r = await clearway('risk', 'train', '--seed', '7', '--json');
      assert.equal(r.code, 0, r.stderr);
      const m = json(r.stdout);
      assert.equal(m.version, 'm1');
      assert.equal(m.status, 'candidate');
      assert.equal(m.trainedBy, 'cli');
      assert.equal(m.metrics.examples, 72, 'the controlled parcels, no others');
      assert.equal(m.metrics.positives, 20);
      assert.equal(m.metrics.trainRows + m.metrics.holdoutRows, 72);
      assert.equal(typeof m.metrics.auc, 'number');
      assert.ok(m.metrics.auc >= 0.9, `the planted seller is easy to learn: AUC ${m.metrics.auc}`);
    });

    test('train prints version, status and the hold-out evaluation', async () => {
      const r = await clearway('risk', 'train');
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.match(lines[0]!, /^model m2, status candidate: trained on 72 control outcomes, 20 of them hits \(\d+ to train, the \d+ most recent held out\)$/);
      for (const label of ['hold-out AUC', 'precision at top 10 %', 'recall at top 10 %', 'precision at top 5 %', 'base rate']) {
        assert.ok(lines.some((l) => new RegExp(`^${label}.*\\s[01]\\.\\d{3}$`).test(l)), label);
      }
      assert.ok(lines.some((l) => /^trees\s+\d+$/.test(l)));
      assert.match(r.stdout, /clearway risk shadow m2/);
    });

    test('models lists both candidates, oldest first, with status, training time, AUC and precision at 10 %', async () => {
      const r = await clearway('risk', 'models', '--json');
      assert.equal(r.code, 0, r.stderr);
      const models = json(r.stdout) as Array<{ version: string; status: string; trainedAt: string; metrics: { auc: number; precisionAt10: number } }>;
      assert.deepEqual(models.map((m) => [m.version, m.status]), [['m1', 'candidate'], ['m2', 'candidate']]);
      const text = await clearway('risk', 'models');
      assert.equal(text.code, 0, text.stderr);
      const [header, ...rows] = text.stdout.trimEnd().split('\n');
      assert.match(header!, /^version\s+status\s+trained at\s+AUC\s+P@10/);
      assert.equal(rows.length, 2);
      rows.forEach((row, i) => {
        const m = models[i]!;
        assert.match(row, new RegExp(`^${m.version}\\s+candidate\\s+${m.trainedAt.replace(/\./g, '\\.')}\\s+${m.metrics.auc.toFixed(3)}\\s+${m.metrics.precisionAt10.toFixed(3)}\\s`));
      });
    });

    test('activate, shadow or retire of a version that does not exist exits 1 with not-found', async () => {
      for (const command of ['activate', 'shadow', 'retire']) {
        const r = await clearway('risk', command, 'm9');
        assert.equal(r.code, 1, command);
        assert.match(r.stderr, /^not-found: no model m9/, command);
        assert.equal(r.stdout, '');
      }
    });

    test('shadow runs m1 beside the rules; activate then puts it in service: the next decisions carry its probability', async () => {
      const shadow = await clearway('risk', 'shadow', 'm1');
      assert.equal(shadow.code, 0, shadow.stderr);
      assert.match(shadow.stdout, /^model m1 is now in shadow/);
      const [inShadow] = await withClearway((cw) => arrive(cw, [declaration()]));
      assert.equal(inShadow!.risk.shadow?.version, 'm1');
      assert.equal(inShadow!.risk.model, undefined);

      const active = await clearway('risk', 'activate', 'm1');
      assert.equal(active.code, 0, active.stderr);
      assert.match(active.stdout, /^model m1 is now active/);
      const [scored] = await withClearway((cw) => arrive(cw, [declaration({ seller: rogueSeller, items: [phone] })]));
      assert.equal(scored!.risk.model?.version, 'm1');
      assert.equal(scored!.risk.shadow, undefined, 'm1 left the shadow for service');

      const models = json((await clearway('risk', 'models', '--json')).stdout) as Array<{ version: string; status: string }>;
      assert.deepEqual(models.map((m) => [m.version, m.status]), [['m1', 'active'], ['m2', 'candidate']]);
    });

    test('activating m2 retires m1; retire takes m2 out of service', async () => {
      const active = await clearway('risk', 'activate', 'm2');
      assert.equal(active.code, 0, active.stderr);
      const retired = await clearway('risk', 'retire', 'm2');
      assert.equal(retired.code, 0, retired.stderr);
      assert.match(retired.stdout, /^model m2 is retired/);
      const models = json((await clearway('risk', 'models', '--json')).stdout) as Array<{ version: string; status: string }>;
      assert.deepEqual(models.map((m) => [m.version, m.status]), [['m1', 'retired'], ['m2', 'retired']]);
      const [unscored] = await withClearway((cw) => arrive(cw, [declaration()]));
      assert.equal(unscored!.risk.model, undefined);
    });
  });
});
