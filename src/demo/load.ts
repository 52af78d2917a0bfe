// Loads demo traffic into a fresh Clearway: the demo parties with API keys and console logins, then the simulated weeks,
// in time order.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsignmentService } from '../services/consignments.ts';
import { IntakeService } from '../services/intake.ts';
import type { Clearway } from '../services/clearway.ts';
import type { Actor } from '../services/roles.ts';
import type { RuleInput } from '../services/risk.ts';
import { demoParties, generateTraffic } from './generator.ts';
import { seededRandom } from '../domain/random/index.ts';
import type { ConsignmentState, InspectionInput } from '../domain/clearance/index.ts';

export interface DemoSummary {
  parcels: number;
  filings: number;
  /** Filings intake refused: always 0 for sound demo data (a test holds it to that). */
  refused: number;
  keysFile: string;
  /** Console logins with the demo password (also in the keys file). */
  logins: DemoLogin[];
}

export interface DemoLogin {
  username: string;
  password: string;
  partyId: string;
  role: string;
}

/** The one known password in Clearway: demo logins only, written beside the demo keys. */
export const DEMO_PASSWORD = 'clearway-demo';

/** Usernames of the demo's console logins: `officer` for the demo officer, each agency by its party id. */
const demoUsername = (p: { id: string; role: string }): string | undefined => (p.role === 'officer' ? 'officer' : p.role === 'agency' ? p.id : undefined);

export async function loadDemo(cw: Clearway, options: { parcels?: number; now?: Date } = {}): Promise<DemoSummary> {
  const keys: Record<string, { partyId: string; role: string; key: string; login?: { username: string; password: string } }> = {};
  const logins: DemoLogin[] = [];
  for (const p of demoParties) {
    if (!(await cw.parties.get(p.id))) await cw.parties.create(p);
    const issued = await cw.parties.issueKey(p.id, 'demo');
    keys[p.name] = { partyId: p.id, role: p.role, key: issued!.key };
    const username = demoUsername(p);
    if (username === undefined) continue;
    const added = await cw.officers.createAccount(username, DEMO_PASSWORD, { partyId: p.id });
    // Loaded before (the same demo password): the login is there already.
    if (!added.ok && added.code !== 'username-taken') throw new Error(`demo login ${username}: ${added.message}`);
    keys[p.name]!.login = { username, password: DEMO_PASSWORD };
    logins.push({ username, password: DEMO_PASSWORD, partyId: p.id, role: p.role });
  }
  const now = options.now ?? new Date();
  if (cw.pack.currency === 'EUR') {
    // Some demo parcels are priced in USD. The demo cannot fetch the ECB's rates, so it loads one rate that says
    // plainly it is not an official one; load real customs rates with `clearway rates import`.
    const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
    await cw.store.revenue.putRates(cw.pack.id, [{ currency: 'USD', perUnit: '1.10', validFrom: from, source: 'DEMO rate for the demo data only, not an official ECB customs rate' }], now.toISOString());
    await cw.revenue.refresh(true);
  }
  await addDemoRules(cw, now);
  const parcels = options.parcels ?? 1500;
  const days = 21;
  const steps = generateTraffic({ parcels, now, seed: 2018, days });
  // An office sized for the demo's traffic: controls for about one parcel in nine, most of them document checks.
  const perDay = parcels / days;
  cw.runtime.setCapacities(
    [
      { lane: 'document-check', perDay: Math.max(1, Math.round(perDay * 0.07)) },
      { lane: 'scan', perDay: Math.max(1, Math.round(perDay * 0.03)) },
      { lane: 'physical', perDay: Math.max(1, Math.round(perDay * 0.01)) },
      { lane: 'agency-referral', perDay: 1 },
    ],
    Math.round(perDay),
  );
  const outcomes = seededRandom(2018);
  let simulated = now;
  const clock = () => simulated;
  const intake = new IntakeService(cw.store, cw.clearance, clock, cw.quality);
  const consignments = new ConsignmentService(cw.store, cw.clearance, clock);
  const actors = new Map(demoParties.map((p) => [p.id, { partyId: p.id, role: p.role, name: p.name } satisfies Actor]));
  let filings = 0;
  let refused = 0;
  // Consecutive filings from one sender go in together, as a partner's batch would.
  for (let i = 0; i < steps.length; ) {
    const step = steps[i]!;
    simulated = step.at;
    if (step.event) {
      const [found] = await cw.store.findConsignments({ trackingId: step.event.trackingId });
      const wanted = step.event.type === 'work' ? 'held' : 'released';
      if (found?.status === wanted) {
        // The officer controls a held parcel and records what the control found before releasing it.
        if (step.event.type === 'work') await consignments.inspect(actors.get(step.sender)!, found.id, demoOutcome(found, outcomes()));
        const type = step.event.type === 'work' ? 'release' : 'delivery';
        await consignments.record(actors.get(step.sender)!, found.id, type, type === 'release' ? { note: 'documents checked' } : {});
      }
      i++;
      continue;
    }
    let j = i;
    while (j < steps.length && j - i < 500 && steps[j]!.filing && steps[j]!.sender === step.sender) j++;
    const batch = steps.slice(i, j).map((s) => s.filing!);
    // The batch arrives when its last filing was sent (no sentAt may be ahead of Clearway's clock).
    simulated = steps[j - 1]!.at;
    const { results } = await intake.submit(actors.get(step.sender)!, batch);
    filings += results.filter((r) => r.status === 201).length;
    refused += results.filter((r) => r.status !== 201).length;
    i = j;
  }
  simulated = now;
  await referToys(cw, consignments, actors.get('pty_officer')!, now);
  mkdirSync(cw.config.dataDir, { recursive: true });
  const keysFile = join(cw.config.dataDir, 'demo-keys.json');
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { parcels, filings, refused, keysFile, logins };
}

/**
 * What a control of a demo parcel finds. The demo has no hidden truth, so the outcome follows the data: parcels whose
 * filings disagree are found at fault more often (a payment above the declared price is undervaluation, contents that
 * differ a misdescription), the rest rarely. `draw` is uniform in [0, 1).
 */
function demoOutcome(c: ConsignmentState, draw: number): InspectionInput {
  const codes = new Set(c.findings.map((f) => f.code));
  const currency = c.assessment?.currency ?? 'EUR';
  if (codes.has('payment-mismatch') && draw < 0.6) return { result: 'undervaluation', amount: '6.65', currency, note: 'paid more than declared: VAT on the difference' };
  if (codes.has('contents-mismatch') && draw < 0.5) return { result: 'misdescription', note: 'contents differ from the declaration' };
  if (draw < 0.05) return { result: 'revenue-adjustment', amount: '4.20', currency, note: 'tariff classification corrected' };
  if (draw > 0.995) return { result: 'prohibited', note: 'counterfeit goods' };
  return { result: 'no-finding' };
}

const DEMO_ADMIN: Actor = { partyId: 'admin', role: 'admin', name: 'Demo data' };
const DEMO_AGENCY = 'pty_productsafety';

/** Two targeting rules a risk analyst might write, in force before the demo weeks, so their hit rates fill. */
async function addDemoRules(cw: Clearway, now: Date): Promise<void> {
  const validFrom = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const rules: RuleInput[] = [
    {
      name: 'Electronics at a low value per kilogram',
      description: 'DEMO rule: phones and headphones declared under 60 per kg are often undervalued.',
      when: { all: [{ field: 'hsCode', prefix: ['8517', '8518'] }, { field: 'valuePerKg', op: 'lt', value: '60' }] },
      then: { weight: 0.5 },
      validFrom,
    },
    {
      name: 'Jewellery and watches from high-volume origins',
      description: 'DEMO rule: silver and watches from the two largest origins, where misdescription is common.',
      when: { all: [{ field: 'hsCode', prefix: ['7113', '9102'] }, { field: 'originCountry', in: ['CN', 'TR'] }] },
      then: { weight: 0.35 },
      validFrom,
    },
  ];
  for (const r of rules) {
    const saved = await cw.risk.save(DEMO_ADMIN, r);
    if (!saved.ok) throw new Error(`demo rule ${r.name}: ${JSON.stringify(saved)}`);
  }
}

/**
 * The product-safety agency's rule (toys: the EU Toy Safety Directive), recorded after the simulated weeks, and an
 * officer's referral of the toys still waiting, so the agency has a queue to work from its first login.
 */
async function referToys(cw: Clearway, consignments: ConsignmentService, officer: Actor, now: Date): Promise<void> {
  const put = await cw.agencies.put(DEMO_ADMIN, 'demo-toys', {
    agency: DEMO_AGENCY,
    domain: 'product-safety',
    name: 'Toys (DEMO rule)',
    hsPrefixes: ['9503'],
    keywords: ['toy'],
    source: 'Directive 2009/48/EC on the safety of toys; Regulation (EU) 2019/1020 on market surveillance, Art. 25 (controls of products entering the Union market)',
    validFrom: now.toISOString().slice(0, 10),
  });
  if (!put.ok) throw new Error(`demo agency rule: ${JSON.stringify(put)}`);
  let referred = 0;
  for await (const c of cw.store.consignments()) {
    if (referred >= 6) break;
    const toy = (c.fields.items?.value as Array<{ hsCode?: string }> | undefined)?.some((i) => i.hsCode?.startsWith('9503'));
    if (!toy || (c.status !== 'held' && c.status !== 'pre-arrival' && c.status !== 'arrived')) continue;
    const r = await consignments.record(officer, c.id, 'refer', { agency: DEMO_AGENCY, note: 'toy: CE marking and age warning to check' });
    if (r.ok) referred++;
  }
}
