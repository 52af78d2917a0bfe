// Shared set-up for the pure domain tests: the EU pack as shipped, filings checked by the real validator, merged views.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyFiling, newConsignment, type ConsignmentState, type Rules } from '../../src/domain/clearance/index.ts';
import type { Pack } from '../../src/domain/jurisdiction/index.ts';
import { indexTariff } from '../../src/domain/revenue/index.ts';
import { loadTariff } from '../../src/services/packs.ts';
import { combine, fieldsOf, type MergedFields } from '../../src/domain/merging/index.ts';
import type { Filing, FilingRef } from '../../src/domain/model/index.ts';
import { validateFiling } from '../../src/domain/validation/index.ts';

/** The EU jurisdiction pack exactly as shipped in jurisdictions/eu/pack.json. */
export const euPack: Pack = JSON.parse(readFileSync(new URL('../../jurisdictions/eu/pack.json', import.meta.url), 'utf8')) as Pack;

const euTariff = indexTariff(loadTariff('EU'));

/** The EU pack with its shipped tariff, no exchange rates and no scheme registry loaded. */
export const euRules: Rules = { pack: euPack, lookups: { rate: () => undefined, tariff: euTariff } };

/** A filing that the validator accepts (fails the test with the errors otherwise), typed as a Filing. */
export function valid(input: Record<string, unknown>): Filing {
  const v = validateFiling(input);
  assert.ok(v.ok, `expected a valid filing, got ${v.ok ? '' : JSON.stringify(v.errors)}`);
  return v.filing;
}

/** The reference intake would record for a filing from `sender`. */
export function refOf(filing: Filing, sender: string, receivedAt = '2026-11-23T09:00:00.000Z'): FilingRef {
  return { filingId: filing.filingId, kind: filing.kind, sender, sentAt: filing.sentAt, receivedAt };
}

/** The merged view of several filings, each with its sender, applied in the order given. */
export function merged(...entries: [Record<string, unknown>, string][]): MergedFields {
  let fields: MergedFields = {};
  for (const [input, sender] of entries) {
    const f = valid(input);
    fields = combine(fields, fieldsOf(f, { filingId: f.filingId, sender, sentAt: f.sentAt }));
  }
  return fields;
}

/** One filing to apply: its input, its sender, and when it was received (default `at` of `consignmentUnder`). */
export type Step = [input: Record<string, unknown>, sender: string, receivedAt?: string];

/** A consignment built the way intake builds it: each filing validated, then applied in turn (merge, assess, status). */
export function consignmentUnder(rules: Rules, now: string, ...steps: Step[]): ConsignmentState {
  let state = newConsignment(`c-${++consignments}`, now);
  for (const [input, sender, at = now] of steps) {
    const f = valid(input);
    const r = applyFiling(state, f, refOf(f, sender, at), rules, at);
    assert.ok(r.ok, r.ok ? '' : r.message);
    state = r.state;
  }
  return state;
}
let consignments = 0;
