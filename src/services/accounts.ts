// Partners' revenue accounts: what a collecting carrier or an account-based importer owes, its statement, its settlements.
import { accounts, balances, checkTransaction, collectionTxn, reconciliation, statement, type Reconciliation, type Statement, type Transaction } from '../domain/ledger/index.ts';
import { dec, decimalsOf } from '../domain/money/index.ts';
import { addDays } from '../domain/revenue/index.ts';
import { currencyDigits } from '../domain/validation/index.ts';
import type { Store } from '../store/index.ts';
import { uuidv7 } from './ids.ts';
import { readsAll, type Actor } from './roles.ts';

export interface Settlement {
  amount: string;
  currency: string;
  method: 'bank' | 'card' | 'cash' | 'other';
  reference: string;
}

export type AccountOutcome<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409; code: string; message: string; path: string };

export class AccountService {
  constructor(
    private readonly store: Store,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** A partner's statement between two days (both included): its own, or any for officers and administrators. */
  async statement(actor: Actor, partyId: string, from: string, to: string): Promise<AccountOutcome<Statement>> {
    if (to < from) return { ok: false, status: 400, code: 'invalid-period', message: `to (${to}) is before from (${from})`, path: '/query/to' };
    if (!readsAll(actor.role) && actor.partyId !== partyId) return { ok: false, status: 404, code: 'not-found', message: `no account ${partyId}`, path: '/params/partyId' };
    if (!(await this.store.getParty(partyId))) return { ok: false, status: 404, code: 'not-found', message: `no party ${partyId}`, path: '/params/partyId' };
    const txns = (await this.store.revenue.ledger({ partyId })) as Transaction[];
    return { ok: true, value: statement(txns, accounts.party(partyId), from, to) };
  }

  /**
   * Assessed vs collected, refunded and outstanding revenue: the revenue officer's view of the whole ledger, or of the
   * transactions dated in a period (days, both included; UTC), whose `outstanding` is then the period's net flow.
   */
  async reconciliation(actor: Actor, period?: { from: string; to: string }): Promise<AccountOutcome<Reconciliation> & ({ ok: true } | { status: 403 })> {
    if (!readsAll(actor.role)) return { ok: false, status: 403, code: 'not-allowed', message: 'only officers and administrators read the reconciliation', path: '' };
    // The store filters [from, to): the day after `to` is the end, so `to` is included whole.
    const filter = period ? { from: period.from, to: addDays(period.to, 1) } : {};
    return { ok: true, value: reconciliation((await this.store.revenue.ledger(filter)) as Transaction[]) };
  }

  /** Money a partner paid on its account (a carrier's remittance, an importer's periodic settlement); never more than it owes. */
  async settle(actor: Actor, partyId: string, s: Settlement): Promise<AccountOutcome<Statement>> {
    if (actor.role !== 'officer' && actor.role !== 'revenue-officer' && actor.role !== 'admin') {
      return { ok: false, status: 403, code: 'not-allowed', message: 'only an officer, a revenue officer or an administrator records a settlement', path: '' };
    }
    const party = await this.store.getParty(partyId);
    if (!party) return { ok: false, status: 404, code: 'not-found', message: `no party ${partyId}`, path: '/params/partyId' };
    const digits = currencyDigits(s.currency) ?? 2;
    if (dec(s.amount).lte(0) || decimalsOf(s.amount) > digits) {
      return { ok: false, status: 400, code: 'invalid-amount', message: `a settlement is a positive amount with at most ${digits} decimals in ${s.currency}`, path: '/amount' };
    }
    const account = accounts.party(partyId);
    const model = party.data.collection === 'carrier' || party.data.collection === 'account' ? party.data.collection : null;
    return this.store.transaction(async (tx) => {
      // Check and book under the lock every ledger writer takes first (the chain head): two officers settling the
      // same debt at once, on two nodes or on one, would otherwise both read it unpaid and both book it (issue 7).
      await tx.lockChainHead();
      const txns = (await tx.ledger({ partyId })) as Transaction[];
      const owed = dec(balances(txns)[account]?.[s.currency] ?? '0');
      if (dec(s.amount).gt(owed)) {
        return { ok: false, status: 409, code: 'overpayment', message: `${partyId} owes ${owed.toFixed()} ${s.currency}; ${s.amount} is more`, path: '/amount' } as const;
      }
      const at = this.clock().toISOString();
      const t = collectionTxn({ id: uuidv7(), at, partyId, model, debtor: account, amount: s.amount, currency: s.currency, memo: `settlement by ${s.method}, reference ${s.reference}` });
      const check = checkTransaction(t);
      if (!check.ok) throw new Error(check.errors.map((e) => e.message).join('; '));
      await tx.appendLedger([t]);
      const day = at.slice(0, 10);
      return { ok: true, value: statement([...txns, t], account, day, day) } as const;
    });
  }
}
