// Which merged fields each filing kind supplies, and how strongly: the source of truth for provenance.
import type { Filing, FilingRef, ItemData, PartyData } from '../model/index.ts';

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
  /** null: the order says no platform took part. */
  platform?: Sourced<PartyData | null>;
  seller?: Sourced<PartyData>;
  buyer?: Sourced<PartyData>;
  items?: Sourced<ItemData[]>;
  currency?: Sourced<string>;
  shippingCost?: Sourced<string>;
  insuranceCost?: Sourced<string>;
  incoterm?: Sourced<string>;
  transaction?: Sourced<string>;
  /** null: the order says no tax was collected at checkout. */
  taxCollected?: Sourced<{ scheme: string; registrationNumber: string; amount: string; currency: string } | null>;
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
  /** The origin administration's export declaration for the parcel (standard 12). */
  exportDeclaration?: Sourced<ExportDeclarationData>;
}

export interface ExportDeclarationData {
  exportDeclarationId: string;
  authority: string;
  exportingCountry: string;
  exportedAt: string;
  exporter: PartyData;
  consignee?: PartyData;
  currency: string;
  items: Array<{ description: string; hsCode?: string; quantity: number; value: string; originCountry: string; netMassKg?: string }>;
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

/** Defaults of the order fields (data-model.md, kind `order`). */
const ORDER_DEFAULTS: Partial<Record<(typeof ORDER_KEYS)[number], string>> = {
  shippingCost: '0',
  insuranceCost: '0',
  incoterm: 'DAP',
  transaction: 'sale',
};

const TRANSPORT_SET: ReadonlySet<string> = new Set(TRANSPORT_KEYS);

/**
 * How strongly a kind of filing speaks for a field: 2 for the party whose business the data is,
 * 1 for the same data repeated in another party's filing. Status messages and payments repeat the
 * tracking id, carriers' messages repeat the order id, and a declaration embeds payment and transport
 * data that the payment provider's and the carrier's own filings outrank.
 */
function rankOf(kind: string, key: string): number {
  if (key === 'trackingId') return kind === 'declaration' || kind === 'order' || kind === 'logistics' ? 2 : 1;
  if (key === 'orderId') return kind === 'declaration' || kind === 'order' || kind === 'payment' ? 2 : 1;
  if (kind === 'declaration' && (key === 'payment' || TRANSPORT_SET.has(key))) return 1;
  return 2;
}

/** The fields one filing contributes, each tagged with its origin and rank. */
export function fieldsOf(filing: Filing, origin: FilingOrigin): MergedFields {
  const out: Record<string, Sourced> = {};
  const put = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = { value, source: origin.filingId, sender: origin.sender, sentAt: origin.sentAt, rank: rankOf(filing.kind, key) };
  };
  const f = filing as Record<string, unknown>;
  put('trackingId', f.trackingId);
  switch (filing.kind) {
    case 'declaration':
    case 'order':
      // The order data is one unit: a field the filing leaves out takes the contract's default (or null), so a
      // corrected order that drops, say, `transaction` does not keep the earlier order's value.
      for (const k of ORDER_KEYS) put(k, f[k] ?? ORDER_DEFAULTS[k] ?? null);
      if (filing.kind === 'declaration') {
        if (filing.payment) put('payment', { ...filing.payment, orderId: undefined });
        if (filing.transport) for (const k of TRANSPORT_KEYS) put(k, filing.transport[k]);
      }
      break;
    case 'payment': {
      const { transactionId, provider, method, amount, currency, paidAt, payer, payee } = filing;
      put('orderId', filing.orderId);
      put('payment', { transactionId, provider, method, amount, currency, paidAt, payer, payee });
      break;
    }
    case 'logistics':
      put('orderId', filing.orderId);
      for (const k of TRANSPORT_KEYS) put(k, f[k]);
      break;
    case 'arrival':
      put('orderId', filing.orderId);
      put('arrivedAt', filing.arrivedAt);
      put('arrivalLocation', filing.location);
      break;
    case 'delivery':
      put('orderId', filing.orderId);
      put('deliveredAt', filing.deliveredAt);
      break;
    case 'return':
      put('orderId', filing.orderId);
      put('returnRequest', { requestedAt: filing.requestedAt, items: filing.items, reason: filing.reason });
      break;
    case 'export-declaration': {
      const { exportDeclarationId, authority, exportingCountry, exportedAt, exporter, consignee, currency, items } = filing;
      put('orderId', filing.orderId);
      put('exportDeclaration', { exportDeclarationId, authority, exportingCountry, exportedAt, exporter, consignee, currency, items });
      break;
    }
  }
  return out as MergedFields;
}

/** Which of two values with the same rank and sentAt was received later; by default the incoming one. */
export type Later = (candidate: Sourced, current: Sourced) => boolean;

const wins = (candidate: Sourced, current: Sourced, later: Later | undefined): boolean => {
  if (candidate.rank !== current.rank) return candidate.rank > current.rank;
  if (candidate.sentAt !== current.sentAt) return candidate.sentAt > current.sentAt;
  return later ? later(candidate, current) : true;
};

/**
 * Field-by-field union of two merged views; on a clash the higher-ranked, then the later-sent value wins, and
 * between equals the one received later (the incoming view, unless `later` says otherwise).
 */
export function combine(base: MergedFields, incoming: MergedFields, later?: Later): MergedFields {
  const out: Record<string, Sourced> = { ...(base as Record<string, Sourced>) };
  for (const [key, value] of Object.entries(incoming as Record<string, Sourced>)) {
    const current = out[key];
    if (current === undefined || wins(value, current, later)) out[key] = value;
  }
  return out as MergedFields;
}

/**
 * The merged view rebuilt from a consignment's filings in the order they were received: the same result as merging
 * them one by one, so the store keeps each value once (in its filing) instead of again in the consignment.
 */
export function replayFields(entries: Iterable<{ filing: Filing; ref: FilingRef }>): MergedFields {
  let fields: MergedFields = {};
  for (const { filing, ref } of entries) {
    fields = combine(fields, fieldsOf(filing, { filingId: ref.filingId, sender: ref.sender, sentAt: ref.sentAt }));
  }
  return fields;
}
