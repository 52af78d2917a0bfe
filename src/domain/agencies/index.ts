// Agency rules (WCO Framework standard 10): which goods another government agency regulates, so that customs refers
// matching parcels to it. Pure: rules in, matches out.
import type { ConsignmentState } from '../clearance/state.ts';
import { inForce } from '../jurisdiction/index.ts';
import { wordsOf } from '../risk/indicators/text.ts';

/** The regulators a rule may name, for the console and reports; the rule itself names the agency's party id. */
export const agencyDomains = ['health', 'food-safety', 'product-safety', 'agriculture', 'wildlife', 'other'] as const;
export type AgencyDomain = (typeof agencyDomains)[number];

export interface AgencyRule {
  id: string;
  /** Party id of the agency (a party with role `agency`). */
  agency: string;
  domain: AgencyDomain;
  name: string;
  /** HS code prefixes the agency regulates (e.g. "3004" medicaments, "0201" meat). */
  hsPrefixes: string[];
  /** Words in an item's description that bring it in (folded: "médicament" matches "medicament"). */
  keywords: string[];
  /** The law the agency acts under, for the referral's reason. */
  source: string;
  validFrom: string;
  validUntil?: string;
  active: boolean;
}

export interface AgencyMatch {
  agency: string;
  ruleId: string;
  reason: string;
}

/** Problems that make a rule useless, with the path of each (an empty list when it can work). */
export function agencyRuleProblems(rule: Omit<AgencyRule, 'id'>): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (rule.hsPrefixes.length === 0 && rule.keywords.length === 0) out.push({ path: '/hsPrefixes', message: 'a rule needs at least one HS prefix or keyword' });
  rule.hsPrefixes.forEach((p, i) => {
    if (!/^\d{2,10}$/.test(p)) out.push({ path: `/hsPrefixes/${i}`, message: `"${p}" is not an HS prefix (2 to 10 digits)` });
  });
  rule.keywords.forEach((k, i) => {
    if (wordsOf(k).length !== 1) out.push({ path: `/keywords/${i}`, message: `"${k}" is not one word` });
  });
  if (rule.validUntil !== undefined && rule.validUntil < rule.validFrom) out.push({ path: '/validUntil', message: 'the rule ends before it starts' });
  return out;
}

/**
 * The agencies whose rules in force on `day` cover one of the consignment's items (by HS prefix or a description word),
 * one match per agency (its first rule that matches), in the order of the rules.
 */
export function matchAgencies(state: ConsignmentState, rules: readonly AgencyRule[], day: string): AgencyMatch[] {
  const items = state.fields.items?.value ?? state.fields.contents?.value ?? [];
  if (items.length === 0 || rules.length === 0) return [];
  const out: AgencyMatch[] = [];
  for (const rule of rules) {
    if (!rule.active || !inForce(rule, day) || out.some((m) => m.agency === rule.agency)) continue;
    const keywords = new Set(rule.keywords.map((k) => wordsOf(k)[0]));
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      const prefix = item.hsCode !== undefined ? rule.hsPrefixes.find((p) => item.hsCode!.startsWith(p)) : undefined;
      const word = prefix === undefined ? wordsOf(item.description).find((w) => keywords.has(w)) : undefined;
      if (prefix === undefined && word === undefined) continue;
      const why = prefix !== undefined ? `HS ${item.hsCode} is under ${prefix}` : `the description says "${word}"`;
      out.push({ agency: rule.agency, ruleId: rule.id, reason: `${rule.name}: item ${i + 1} (${item.description}): ${why} (${rule.source})` });
      break;
    }
  }
  return out;
}
