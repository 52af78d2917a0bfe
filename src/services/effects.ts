// Writing a step's effects: the chained events, and the rows derived from them (ledger, risk decisions, inspection
// outcomes), all in the caller's transaction, so the log and what it implies never disagree.
import { chain } from '../domain/audit/index.ts';
import type { Effect } from '../domain/clearance/index.ts';
import type { StoreTx } from '../store/index.ts';
import type { DecisionRow, OutcomeRow } from '../store/risk.ts';
import { uuidv7 } from './ids.ts';
import { ledgerRecords } from './ledger.ts';

export async function persistEffects(tx: StoreTx, head: { seq: number; hash: string }, effects: readonly Effect[]): Promise<void> {
  if (effects.length === 0) return;
  const events = chain(head, effects.map((e) => ({ ...e, data: JSON.stringify(e.data) })));
  await tx.appendEvents(events);
  const ledger = ledgerRecords(effects);
  if (ledger.length > 0) await tx.appendLedger(ledger);
  const decisions = effects.filter((e) => e.type === 'risk-decided').map(decisionRow);
  if (decisions.length > 0) await tx.appendDecisions(decisions);
  const outcomes = effects.filter((e) => e.type === 'inspection-recorded').map(outcomeRow);
  if (outcomes.length > 0) await tx.appendOutcomes(outcomes);
  const last = events[events.length - 1]!;
  await tx.setChainHead({ seq: last.seq, hash: last.hash });
}

interface DecisionData {
  lane: string;
  selectedBy: string;
  score: number;
  expectedValue?: number;
  randomChance?: number;
  reasons: string[];
  model?: { version: string; probability: number };
  shadow?: { version: string; probability: number };
}

function decisionRow(e: Effect): DecisionRow {
  const d = e.data as unknown as DecisionData;
  return {
    consignment_id: e.consignmentId,
    decided_at: e.at,
    day: e.at.slice(0, 10),
    lane: d.lane,
    selected_by: d.selectedBy,
    score: d.score,
    expected_value: d.expectedValue ?? 0,
    reasons: JSON.stringify(d.reasons),
    model_version: d.model?.version ?? null,
    model_probability: d.model?.probability ?? null,
    shadow_version: d.shadow?.version ?? null,
    shadow_probability: d.shadow?.probability ?? null,
    random_chance: d.randomChance ?? null,
  };
}

interface OutcomeData {
  result: string;
  lane: string;
  amount?: string;
  currency?: string;
  note?: string;
  parties: string[];
  routes: string[];
}

function outcomeRow(e: Effect): OutcomeRow {
  const d = e.data as unknown as OutcomeData;
  return {
    id: uuidv7(),
    consignment_id: e.consignmentId,
    at: e.at,
    officer: e.actor,
    lane: d.lane,
    result: d.result,
    amount: d.amount ?? null,
    currency: d.currency ?? null,
    note: d.note ?? null,
    parties: JSON.stringify(d.parties),
    routes: JSON.stringify(d.routes),
  };
}
