// Turns the revenue events of the consignment life cycle into balanced ledger transactions (posted with the events).
import type { Effect } from '../domain/clearance/index.ts';
import { accounts, assessmentTxn, checkTransaction, collectionTxn, partsTotal, refundTxn, transferTxn, type Transaction } from '../domain/ledger/index.ts';
import type { Liability } from '../domain/model/index.ts';
import { Dec, dec } from '../domain/money/index.ts';
import { currencyDigits } from '../domain/validation/index.ts';
import type { LedgerRecord } from '../store/index.ts';
import { uuidv7 } from './ids.ts';

const nonZero = (p: { duty: string; tax: string; fees: string }) => !dec(partsTotal({ ...p, currency: '' })).isZero();

/** The ledger transactions an effect causes: none for most, a few for liability, payment and refund events. */
export function ledgerOf(effect: Effect): Transaction[] {
  const head = { at: effect.at, consignmentId: effect.consignmentId };
  if (effect.type === 'liability-established') {
    const l = effect.data as unknown as Liability;
    const out: Transaction[] = [];
    if (nonZero(l.checkout) && l.schemeModel !== null) {
      // Tax collected at checkout under a scheme: the seller or marketplace owes it and remits it with its scheme return.
      const seller = l.schemePartyId ?? 'unknown-seller';
      const debtor = accounts.party(seller);
      const h = { ...head, partyId: seller, model: l.schemeModel };
      out.push(assessmentTxn({ ...h, id: uuidv7(), debtor, ...l.checkout, currency: l.currency, memo: 'assessed: collected at checkout under a scheme' }));
      // What the seller declared collected, up to what is owed: an over-declared amount is not money customs receives.
      const booked = Dec.min(dec(l.alreadyCollected), dec(partsTotal({ ...l.checkout, currency: l.currency })));
      if (booked.gt(0)) {
        out.push(collectionTxn({ ...h, id: uuidv7(), debtor, amount: booked.toFixed(currencyDigits(l.currency) ?? 2), currency: l.currency, memo: 'declared collected at checkout, remitted through the scheme return' }));
      }
    }
    if (nonZero(l.border)) {
      const debtor = accounts.consignee(l.consignmentId);
      out.push(assessmentTxn({ ...head, id: uuidv7(), partyId: l.partyId, model: l.model, debtor, ...l.border, currency: l.currency, memo: `assessed: due at the border (${l.model})` }));
      if ((l.model === 'carrier' || l.model === 'account') && l.partyId !== null) {
        out.push(
          transferTxn({ ...head, id: uuidv7(), consignmentId: l.consignmentId, partyId: l.partyId, model: l.model, amount: l.dueAtBorder, currency: l.currency, memo: l.model === 'carrier' ? 'the carrier collects on delivery' : 'charged to the importer\'s account' }),
        );
      }
    }
    return out;
  }
  if (effect.type === 'payment-received') {
    const d = effect.data as { amount: string; currency: string; reference: string; method: string; account: string };
    // The debt sits on the account of the consignment it was fixed on (which may since have been merged into this one).
    return [collectionTxn({ ...head, id: uuidv7(), model: 'consumer', debtor: accounts.consignee(d.account), amount: d.amount, currency: d.currency, memo: `paid by ${d.method}, reference ${d.reference}` })];
  }
  if (effect.type === 'refund-granted') {
    const d = effect.data as { duty: string; tax: string; currency: string; reason: string; payee: string; partyId: string | null; proofOfExport: { reference: string } };
    return [refundTxn({ ...head, id: uuidv7(), partyId: d.partyId, payee: d.payee, duty: d.duty, tax: d.tax, currency: d.currency, memo: `returned goods (${d.reason}); proof of export ${d.proofOfExport.reference}` })];
  }
  return [];
}

/** Ledger records for a batch of effects; an unbalanced transaction is a bug and stops the database transaction. */
export function ledgerRecords(effects: readonly Effect[]): LedgerRecord[] {
  const out: LedgerRecord[] = [];
  for (const e of effects) {
    for (const t of ledgerOf(e)) {
      const check = checkTransaction(t);
      if (!check.ok) throw new Error(`unbalanced ledger transaction for ${e.type}: ${check.errors.map((x) => x.message).join('; ')}`);
      out.push(t);
    }
  }
  return out;
}
