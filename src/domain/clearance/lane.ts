// The provisional lane, until the risk engine decides: immediate release unless a consistency finding asks for a look.
import type { Finding, Lane, Risk } from '../model/index.ts';

/** Weight each warning finding carries in the provisional score (combined as a noisy-or). */
const WARNING_WEIGHT = 0.5;

export function provisionalLane(found: readonly Finding[]): { lane: Lane; risk: Risk } {
  const warnings = found.filter((f) => f.severity === 'warning');
  const reasons = warnings.map((f) => ({ code: f.code, message: f.message, weight: WARNING_WEIGHT }));
  const score = 1 - reasons.reduce((p, r) => p * (1 - r.weight), 1);
  if (warnings.length === 0) return { lane: 'release', risk: { score: 0, reasons: [], selectedBy: 'none', provisional: true } };
  return { lane: 'document-check', risk: { score, reasons, selectedBy: 'rule', provisional: true } };
}
