// Ledger account ids: revenue by kind, what a consignee or a partner owes, money received, refunds owed.

/** An account id: `revenue:duty`, `receivable:consignment:<id>`, `receivable:party:<id>`, `treasury`, `refunds:<payee>`. */
export type AccountId = string;

export type RevenueKind = 'duty' | 'tax' | 'fees';

export const accounts = {
  /** Revenue the law assigns to the importing territory (credit balance). */
  revenue: (kind: RevenueKind): AccountId => `revenue:${kind}`,
  /** What the consumer owes for a parcel (collected from the consumer, or moved to a partner who collects it). */
  consignee: (consignmentId: string): AccountId => `receivable:consignment:${consignmentId}`,
  /** What a partner owes: a carrier collecting on delivery, an account-based importer, a scheme vendor. */
  party: (partyId: string): AccountId => `receivable:party:${partyId}`,
  /** Money received (debit balance). */
  treasury: (): AccountId => 'treasury',
  /** Refunds owed to a payee and not yet paid (credit balance). */
  refunds: (payee: string): AccountId => `refunds:${payee}`,
} as const;

export type Account =
  | { type: 'revenue'; kind: RevenueKind }
  | { type: 'consignee'; consignmentId: string }
  | { type: 'party'; partyId: string }
  | { type: 'treasury' }
  | { type: 'refunds'; payee: string };

/** What an account id names, or undefined when it is not one the helpers build. */
export function parseAccount(id: AccountId): Account | undefined {
  if (id === 'treasury') return { type: 'treasury' };
  if (id === 'revenue:duty' || id === 'revenue:tax' || id === 'revenue:fees') return { type: 'revenue', kind: id.slice(8) as RevenueKind };
  const rest = (prefix: string): string | undefined => (id.startsWith(prefix) && id.length > prefix.length ? id.slice(prefix.length) : undefined);
  const consignmentId = rest('receivable:consignment:');
  if (consignmentId !== undefined) return { type: 'consignee', consignmentId };
  const partyId = rest('receivable:party:');
  if (partyId !== undefined) return { type: 'party', partyId };
  const payee = rest('refunds:');
  if (payee !== undefined) return { type: 'refunds', payee };
  return undefined;
}
