// Inconsistent filings: the parties' filings disagree with each other, or with the law and registries they cite.
import type { ConsignmentState } from '../../clearance/index.ts';
import { refusalCodes } from '../../revenue/index.ts';
import { unitScore } from './numbers.ts';
import type { Indicator } from './types.ts';

/**
 * Findings that another indicator scores already (so they would count twice), or that say Clearway lacks data of its
 * own (rates, tariff lines), not that the filings disagree.
 */
const SCORED_ELSEWHERE: ReadonlySet<string> = new Set([
  'vague-description',
  'missing-hs-code',
  'no-advance-data',
  ...refusalCodes,
  'no-tariff-line',
  'mass-missing',
  'two-liabilities',
]);
/** A warning (payment, contents, consignee or mass disagree) is evidence; an info finding only a hint. */
const WARNING_WEIGHT = 0.35;
const INFO_WEIGHT = 0.1;

/**
 * The findings of merging (payment, contents, consignee, mass, documents with a value), of assessment (order data from
 * several parties) and of the revenue engine (tax collected short, unknown scheme registration or HS code), each
 * weighted by severity and combined as a noisy-or, 1 − Π(1 − w): each further disagreement adds evidence with
 * diminishing effect (two warnings 0.58, three 0.73). Who sells, pays and carries rarely disagree by accident on all of it at once.
 */
export function inconsistentFilings(state: ConsignmentState): Indicator | undefined {
  let keep = 1;
  let warnings = 0;
  let infos = 0;
  const codes: string[] = [];
  const messages: string[] = [];
  for (const f of state.findings) {
    if (SCORED_ELSEWHERE.has(f.code)) continue;
    if (f.severity === 'warning') {
      warnings++;
      keep *= 1 - WARNING_WEIGHT;
    } else {
      infos++;
      keep *= 1 - INFO_WEIGHT;
    }
    codes.push(f.code);
    messages.push(`${f.code}: ${f.message}`);
  }
  if (codes.length === 0) return undefined;
  return {
    code: 'inconsistent-filings',
    score: unitScore(1 - keep),
    message: `the filings are inconsistent (${warnings} warning${warnings === 1 ? '' : 's'}, ${infos} note${infos === 1 ? '' : 's'}): ${messages.join('; ')}`,
    evidence: { warnings, infos, findings: codes.join(' ') },
  };
}
