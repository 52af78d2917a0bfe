// Ledger transactions: postings that sum to zero per currency, their check, and builders for each business event.
import { accounts, type AccountId } from './accounts.ts';
import { add, isAmount, isZero, negate, total } from './amounts.ts';
import type { CollectionModel } from '../model/index.ts';

/** One side of a transaction: a debit is positive, a credit negative (decimal string). */
export interface Posting {
  account: AccountId;
  amount: string;
  currency: string;
}

/** `transfer` moves a consignee's debt to the partner who collects it. `payment` is money paid out (a refund paid). */
export type TransactionKind = 'assessment' | 'collection' | 'transfer' | 'payment' | 'refund' | 'adjustment';

/** The WCO Framework's revenue collection models, as the consignment model defines them. */
export type { CollectionModel };

export interface Transaction {
  id: string;
  /** When it happened (ISO 8601 date-time; statements use its first ten characters as the day). */
  at: string;
  kind: TransactionKind;
  consignmentId: string | null;
  partyId: string | null;
  model: CollectionModel | null;
  memo: string;
  postings: Posting[];
}

export interface LedgerError {
  code: 'too-few-postings' | 'invalid-account' | 'invalid-currency' | 'invalid-amount' | 'zero-amount' | 'unbalanced';
  message: string;
}

/** Whether a transaction can be posted: two postings or more, each a non-zero decimal, summing to zero in each currency. */
export function checkTransaction(t: Transaction): { ok: true } | { ok: false; errors: LedgerError[] } {
  const errors: LedgerError[] = [];
  if (t.postings.length < 2) errors.push({ code: 'too-few-postings', message: `transaction ${t.id} has ${t.postings.length} posting(s); double entry needs two or more` });
  t.postings.forEach((p, i) => {
    if (p.account === '') errors.push({ code: 'invalid-account', message: `posting ${i + 1} has no account` });
    if (!/^[A-Z]{3}$/.test(p.currency)) errors.push({ code: 'invalid-currency', message: `posting ${i + 1}: "${p.currency}" is not a currency code` });
    if (!isAmount(p.amount)) errors.push({ code: 'invalid-amount', message: `posting ${i + 1}: "${p.amount}" is not a decimal amount` });
    else if (isZero(p.amount)) errors.push({ code: 'zero-amount', message: `posting ${i + 1} to ${p.account} is zero` });
  });
  if (t.postings.every((p) => isAmount(p.amount))) {
    for (const [currency, sum] of sumsByCurrency(t.postings)) {
      if (!isZero(sum)) errors.push({ code: 'unbalanced', message: `transaction ${t.id}: ${currency} postings sum to ${sum}, not zero` });
    }
  }
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

const sumsByCurrency = (postings: readonly Posting[]): Map<string, string> => {
  const sums = new Map<string, string>();
  for (const p of postings) sums.set(p.currency, add(sums.get(p.currency) ?? '0', p.amount));
  return sums;
};

/** What every transaction says besides its postings; consignment, party and model are null and the memo empty when not given. */
export interface TransactionHeader {
  id: string;
  at: string;
  consignmentId?: string | null;
  partyId?: string | null;
  model?: CollectionModel | null;
  memo?: string;
}

/** Revenue by kind, decimal strings; a part left out is zero. */
export interface RevenueParts {
  duty?: string;
  tax?: string;
  fees?: string;
  currency: string;
}

// Builders take amounts already validated as decimal strings (a malformed one is a bug and throws); zero postings are left out.

const transaction = (h: TransactionHeader, kind: TransactionKind, postings: Posting[]): Transaction => ({
  id: h.id,
  at: h.at,
  kind,
  consignmentId: h.consignmentId ?? null,
  partyId: h.partyId ?? null,
  model: h.model ?? null,
  memo: h.memo ?? '',
  postings: postings.filter((p) => !isZero(p.amount)),
});

const revenuePostings = (r: RevenueParts, sign: 1 | -1): Posting[] =>
  (['duty', 'tax', 'fees'] as const).map((kind) => {
    const amount = r[kind] ?? '0';
    return { account: accounts.revenue(kind), amount: sign === 1 ? amount : negate(amount), currency: r.currency };
  });

/** duty + tax + fees as one decimal string. */
export const partsTotal = (r: RevenueParts): string => total([r.duty ?? '0', r.tax ?? '0', r.fees ?? '0']);

/** What is due on a parcel: Dr the debtor (consignee or party), Cr revenue by kind. */
export const assessmentTxn = (h: TransactionHeader & RevenueParts & { debtor: AccountId }): Transaction =>
  transaction(h, 'assessment', [{ account: h.debtor, amount: partsTotal(h), currency: h.currency }, ...revenuePostings(h, -1)]);

/** A re-assessment's difference (new minus old, by kind, either sign): Dr the debtor, Cr revenue. */
export const adjustmentTxn = (h: TransactionHeader & RevenueParts & { debtor: AccountId }): Transaction =>
  transaction(h, 'adjustment', [{ account: h.debtor, amount: partsTotal(h), currency: h.currency }, ...revenuePostings(h, -1)]);

/** Money received from a debtor: Dr treasury, Cr the debtor. */
export const collectionTxn = (h: TransactionHeader & { debtor: AccountId; amount: string; currency: string }): Transaction =>
  transaction(h, 'collection', [
    { account: accounts.treasury(), amount: h.amount, currency: h.currency },
    { account: h.debtor, amount: negate(h.amount), currency: h.currency },
  ]);

/** A parcel's debt moved from its consignee to the partner who collects it (carrier, account holder): Dr party, Cr consignee. */
export const transferTxn = (h: TransactionHeader & { consignmentId: string; partyId: string; amount: string; currency: string }): Transaction =>
  transaction(h, 'transfer', [
    { account: accounts.party(h.partyId), amount: h.amount, currency: h.currency },
    { account: accounts.consignee(h.consignmentId), amount: negate(h.amount), currency: h.currency },
  ]);

/** Revenue given back (a return, a successful appeal): Dr revenue by kind, Cr refunds owed to the payee. */
export const refundTxn = (h: TransactionHeader & RevenueParts & { payee: string }): Transaction =>
  transaction(h, 'refund', [...revenuePostings(h, 1), { account: accounts.refunds(h.payee), amount: negate(partsTotal(h)), currency: h.currency }]);

/** A refund paid out: Dr refunds owed to the payee, Cr treasury. */
export const refundPaidTxn = (h: TransactionHeader & { payee: string; amount: string; currency: string }): Transaction =>
  transaction(h, 'payment', [
    { account: accounts.refunds(h.payee), amount: h.amount, currency: h.currency },
    { account: accounts.treasury(), amount: negate(h.amount), currency: h.currency },
  ]);
