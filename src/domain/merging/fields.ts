// Which merged fields each filing kind supplies, and how strongly: the source of truth for provenance.
import type { Filing, ItemData, PartyData } from '../model/index.ts';

export interface Sourced<T = unknown> {
  value: T;
  /** filingId of the filing that supplied the value. */
  source: string;
  sender: string;
  sentAt: string;
  /**
   * Precedence: a party's own filing (2) beats the same data embedded in another party's declaration (1);
   * between equal ranks the later `sentAt` wins.
   */
  rank: number;
}

/** The merged view of a consignment; every value remembers its source filing. */
export interface MergedFields {
  trackingId?: Sourced<string>;
  orderId?: Sourced<string>;
  orderedAt?: Sourced<string>;
  platform?: Sourced<PartyData>;
  seller?: Sourced<PartyData>;
  buyer?: Sourced<PartyData>;
  items?: Sourced<ItemData[]>;
  currency?: Sourced<string>;
  shippingCost?: Sourced<string>;
  insuranceCost?: Sourced<string>;
  incoterm?: Sourced<string>;
  transaction?: Sourced<string>;
  taxCollected?: Sourced<{ scheme: string; registrationNumber: string; amount: string; currency: string }>;
  payment?: Sourced<PaymentData>;
  carrier?: Sourced<PartyData>;
  service?: Sourced<string>;
  consignee?: Sourced<PartyData>;
  grossMassKg?: Sourced<string>;
  departureCountry?: Sourced<string>;
  destinationCountry?: Sourced<string>;
  expectedArrival?: Sourced<string>;
  portOfArrival?: Sourced<string>;
  masterId?: Sourced<string>;
  contents?: Sourced<ItemData[]>;
  arrivedAt?: Sourced<string>;
  arrivalLocation?: Sourced<string>;
  deliveredAt?: Sourced<string>;
  returnRequest?: Sourced<{ requestedAt: string; items: { itemIndex: number; quantity: number }[]; reason: string }>;
}

export interface PaymentData {
  transactionId: string;
  provider?: string;
  method?: string;
  amount: string;
  currency: string;
  paidAt: string;
  payer?: PartyData;
  payee?: PartyData;
}

export interface FilingOrigin {
  filingId: string;
  sender: string;
  sentAt: string;
}

const ORDER_KEYS = [
  'orderId', 'orderedAt', 'platform', 'seller', 'buyer', 'items', 'currency', 'shippingCost',
  'insuranceCost', 'incoterm', 'transaction', 'taxCollected',
] as const;
const TRANSPORT_KEYS = [
  'carrier', 'service', 'consignee', 'grossMassKg', 'departureCountry', 'destinationCountry',
  'expectedArrival', 'portOfArrival', 'masterId', 'contents',
] as const;

/** The fields one filing contributes, each tagged with its origin and rank. */
export function fieldsOf(filing: Filing, origin: FilingOrigin): MergedFields {
  const out: Record<string, Sourced> = {};
  const put = (key: string, value: unknown, rank: number) => {
    if (value !== undefined) out[key] = { value, source: origin.filingId, sender: origin.sender, sentAt: origin.sentAt, rank };
  };
  const f = filing as Record<string, unknown>;
  // Status messages and payments repeat the tracking id; the filings that describe the parcel are its source.
  const describes = filing.kind === 'declaration' || filing.kind === 'order' || filing.kind === 'logistics';
  put('trackingId', f.trackingId, describes ? 2 : 1);
  switch (filing.kind) {
    case 'declaration':
    case 'order':
      for (const k of ORDER_KEYS) put(k, f[k], 2);
      if (filing.kind === 'declaration') {
        if (filing.payment) put('payment', { ...filing.payment, orderId: undefined }, 1);
        if (filing.transport) for (const k of TRANSPORT_KEYS) put(k, filing.transport[k], 1);
      }
      break;
    case 'payment': {
      const { transactionId, provider, method, amount, currency, paidAt, payer, payee } = filing;
      put('orderId', filing.orderId, 2);
      put('payment', { transactionId, provider, method, amount, currency, paidAt, payer, payee }, 2);
      break;
    }
    case 'logistics':
      put('orderId', filing.orderId, 1);
      for (const k of TRANSPORT_KEYS) put(k, f[k], 2);
      break;
    case 'arrival':
      put('orderId', filing.orderId, 1);
      put('arrivedAt', filing.arrivedAt, 2);
      put('arrivalLocation', filing.location, 2);
      break;
    case 'delivery':
      put('orderId', filing.orderId, 1);
      put('deliveredAt', filing.deliveredAt, 2);
      break;
    case 'return':
      put('orderId', filing.orderId, 1);
      put('returnRequest', { requestedAt: filing.requestedAt, items: filing.items, reason: filing.reason }, 2);
      break;
  }
  return out as MergedFields;
}

const wins = (candidate: Sourced, current: Sourced): boolean =>
  candidate.rank !== current.rank ? candidate.rank > current.rank : candidate.sentAt >= current.sentAt;

/** Field-by-field union of two merged views; on a clash the higher-ranked, then the later, value wins. */
export function combine(base: MergedFields, incoming: MergedFields): MergedFields {
  const out: Record<string, Sourced> = { ...(base as Record<string, Sourced>) };
  for (const [key, value] of Object.entries(incoming as Record<string, Sourced>)) {
    const current = out[key];
    if (current === undefined || wins(value, current)) out[key] = value;
  }
  return out as MergedFields;
}
