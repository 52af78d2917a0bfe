// Loads demo traffic into a fresh Clearway: the demo parties with API keys, then the simulated weeks, in time order.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsignmentService } from '../services/consignments.ts';
import { IntakeService } from '../services/intake.ts';
import type { Clearway } from '../services/clearway.ts';
import type { Actor } from '../services/roles.ts';
import { demoParties, generateTraffic } from './generator.ts';

export interface DemoSummary {
  parcels: number;
  filings: number;
  /** Filings intake refused: always 0 for sound demo data (a test holds it to that). */
  refused: number;
  keysFile: string;
}

export async function loadDemo(cw: Clearway, options: { parcels?: number; now?: Date } = {}): Promise<DemoSummary> {
  const keys: Record<string, { partyId: string; role: string; key: string }> = {};
  for (const p of demoParties) {
    if (!(await cw.parties.get(p.id))) await cw.parties.create(p);
    const issued = await cw.parties.issueKey(p.id, 'demo');
    keys[p.name] = { partyId: p.id, role: p.role, key: issued!.key };
  }
  const now = options.now ?? new Date();
  if (cw.pack.currency === 'EUR') {
    // Some demo parcels are priced in USD. The demo cannot fetch the ECB's rates, so it loads one rate that says
    // plainly it is not an official one; load real customs rates with `clearway rates import`.
    const from = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
    await cw.store.revenue.putRates(cw.pack.id, [{ currency: 'USD', perUnit: '1.10', validFrom: from, source: 'DEMO rate for the demo data only, not an official ECB customs rate' }], now.toISOString());
    await cw.revenue.refresh(true);
  }
  const parcels = options.parcels ?? 1500;
  const steps = generateTraffic({ parcels, now, seed: 2018 });
  let simulated = now;
  const clock = () => simulated;
  const intake = new IntakeService(cw.store, cw.revenue, clock);
  const consignments = new ConsignmentService(cw.store, cw.revenue, clock);
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
  mkdirSync(cw.config.dataDir, { recursive: true });
  const keysFile = join(cw.config.dataDir, 'demo-keys.json');
  writeFileSync(keysFile, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { parcels, filings, refused, keysFile };
}
