// Reports over a list of transactions: balances, a party's statement, and reconciliation by collection model and by party.
import { parseAccount, type AccountId } from './accounts.ts';
import { add, isZero, negate } from './amounts.ts';
import { checkTransaction, type Transaction, type TransactionKind } from './entries.ts';

/** Amounts by currency (decimal strings). */
export type ByCurrency = Record<string, string>;

const sorted = <V>(m: Map<string, V>): Record<string, V> =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const addTo = (m: Map<string, string>, currency: string, amount: string) => m.set(currency, add(m.get(currency) ?? '0', amount));

/** Every account's balance by currency: debit balances positive (what is owed to us, money held), credit balances negative. */
export function balances(transactions: readonly Transaction[]): Record<AccountId, ByCurrency> {
  const out = new Map<string, Map<string, string>>();
  for (const t of transactions) {
    for (const p of t.postings) {
      const account = out.get(p.account) ?? new Map<string, string>();
      addTo(account, p.currency, p.amount);
      out.set(p.account, account);
    }
  }
  return sorted(new Map([...out].map(([account, m]) => [account, sorted(m)])));
}

/** Whether every transaction can be posted and, all together, the accounts sum to zero in each currency. */
export function isBalanced(transactions: readonly Transaction[]): boolean {
  if (!transactions.every((t) => checkTransaction(t).ok)) return false;
  const totals = new Map<string, string>();
  for (const byCurrency of Object.values(balances(transactions))) {
    for (const [currency, amount] of Object.entries(byCurrency)) addTo(totals, currency, amount);
  }
  return [...totals.values()].every(isZero);
}

export interface StatementLine {
  /** The day (YYYY-MM-DD) of the transaction. */
  date: string;
  at: string;
  transactionId: string;
  kind: TransactionKind;
  consignmentId: string | null;
  memo: string;
  currency: string;
  /** The transaction's net effect on the account: positive raises what the account holder owes. */
  amount: string;
  /** The account's balance in this currency after the line. */
  balance: string;
}

export interface Statement {
  account: AccountId;
  from: string;
  to: string;
  opening: ByCurrency;
  lines: StatementLine[];
  closing: ByCurrency;
}

/** An account's statement for the days from `from` to `to` (inclusive, YYYY-MM-DD), in order of time. */
export function statement(transactions: readonly Transaction[], account: AccountId, from: string, to: string): Statement {
  const inTime = [...transactions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const running = new Map<string, string>();
  let opening: ByCurrency | undefined;
  const lines: StatementLine[] = [];
  for (const t of inTime) {
    const date = t.at.slice(0, 10);
    if (date > to) break;
    if (date >= from && opening === undefined) opening = sorted(running);
    const net = new Map<string, string>();
    for (const p of t.postings) if (p.account === account) addTo(net, p.currency, p.amount);
    for (const [currency, amount] of net) {
      if (isZero(amount)) continue;
      addTo(running, currency, amount);
      if (date < from) continue;
      lines.push({ date, at: t.at, transactionId: t.id, kind: t.kind, consignmentId: t.consignmentId, memo: t.memo, currency, amount, balance: running.get(currency)! });
    }
  }
  return { account, from, to, opening: opening ?? sorted(running), lines, closing: sorted(running) };
}

/** What a group owes and has paid, in one currency (decimal strings). */
export interface Figures {
  /** Charged to the group's debtors: assessments, re-assessments' differences, debts transferred to it. */
  assessed: string;
  /** Received from them. */
  collected: string;
  /** Given back to them (owed as refunds once booked). */
  refunded: string;
  /** Refunds paid out to them. */
  refundsPaid: string;
  /** assessed − collected − refunded + refundsPaid: still to be settled (positive: they owe; negative: owed to them). */
  outstanding: string;
}

export interface Reconciliation {
  total: Record<string, Figures>;
  /** By the transactions' collection model; `none` for transactions without one. */
  byModel: Record<string, Record<string, Figures>>;
  /**
   * By partner: movements on the partner's receivable and on the refunds owed to it (a payee that is a
   * partner: one named as a transaction's party or holding a receivable), whichever transactions made them.
   */
  byParty: Record<string, Record<string, Figures>>;
}

const ZERO: Figures = { assessed: '0', collected: '0', refunded: '0', refundsPaid: '0', outstanding: '0' };

/** Which figure a movement on a debtor-side account counts in, and with which sign. */
const FIGURE: Record<TransactionKind, { key: Exclude<keyof Figures, 'outstanding'>; sign: 1 | -1 }> = {
  assessment: { key: 'assessed', sign: 1 },
  adjustment: { key: 'assessed', sign: 1 },
  transfer: { key: 'assessed', sign: 1 },
  collection: { key: 'collected', sign: -1 },
  refund: { key: 'refunded', sign: -1 },
  payment: { key: 'refundsPaid', sign: 1 },
};

/**
 * Assessed, collected, refunded and outstanding, read from the debtor side of the ledger (what consignees
 * and partners owe, the refunds owed to payees): in total, by collection model and by partner.
 */
export function reconciliation(transactions: readonly Transaction[]): Reconciliation {
  const total = new Map<string, Figures>();
  const byModel = new Map<string, Map<string, Figures>>();
  const byParty = new Map<string, Map<string, Figures>>();
  const count = (groups: Map<string, Figures>, kind: TransactionKind, currency: string, amount: string) => {
    const f = { ...(groups.get(currency) ?? ZERO) };
    const { key, sign } = FIGURE[kind];
    f[key] = add(f[key], sign === 1 ? amount : negate(amount));
    f.outstanding = add(f.outstanding, amount);
    groups.set(currency, f);
  };
  const group = (m: Map<string, Map<string, Figures>>, key: string) => m.get(key) ?? m.set(key, new Map()).get(key)!;
  const parties = new Set<string>();
  for (const t of transactions) {
    if (t.partyId !== null) parties.add(t.partyId);
    for (const p of t.postings) {
      const account = parseAccount(p.account);
      if (account?.type === 'party') parties.add(account.partyId);
    }
  }
  for (const t of transactions) {
    for (const p of t.postings) {
      const account = parseAccount(p.account);
      if (!account || account.type === 'revenue' || account.type === 'treasury') continue;
      count(total, t.kind, p.currency, p.amount);
      count(group(byModel, t.model ?? 'none'), t.kind, p.currency, p.amount);
      const party = account.type === 'party' ? account.partyId : account.type === 'refunds' && parties.has(account.payee) ? account.payee : undefined;
      if (party !== undefined) count(group(byParty, party), t.kind, p.currency, p.amount);
    }
  }
  const out = (m: Map<string, Map<string, Figures>>) => sorted(new Map([...m].map(([k, v]) => [k, sorted(v)])));
  return { total: sorted(total), byModel: out(byModel), byParty: out(byParty) };
}
