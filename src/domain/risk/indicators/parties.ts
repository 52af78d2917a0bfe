// The parties answerable for a consignment's declaration, as the keys the history and registry lookups take.
import type { MergedFields } from '../../merging/index.ts';
import { wordsOf } from './text.ts';

export interface PartyRef {
  /** filer: the Clearway party that sent the order data; seller: the seller named in it. */
  role: 'filer' | 'seller';
  id: string;
}

/**
 * The seller named in the order, as one key across filings: its EORI or VAT number when the order gives one (the same
 * seller through any platform), else the filer's own id for it (`S-1` means something only to the platform that
 * sent it: `pty_platform/S-1`), else its folded name and country under the filer.
 */
export function sellerKey(fields: MergedFields): string | undefined {
  const seller = fields.seller?.value;
  if (!seller) return undefined;
  if (seller.taxIds?.eori) return `EORI:${seller.taxIds.eori}`;
  if (seller.taxIds?.vat) return `VAT:${seller.taxIds.vat}`;
  const filer = fields.seller!.sender;
  if (seller.id !== undefined) return `${filer}/${seller.id}`;
  return `${filer}/${seller.address.country}|${wordsOf(seller.name).join(' ')}`;
}

/**
 * Who files the order data and who sells: the parties whose declarations the value, description and HS code are.
 * The carrier and the payment provider are not among them: their history belongs to the route and to their own
 * data quality, not to what this parcel declares.
 */
export function partiesOf(fields: MergedFields): readonly PartyRef[] {
  // Three indicators, the model's features and the memory ask for the same consignment's parties in turn.
  const known = PARTIES.get(fields);
  if (known) return known;
  const out: PartyRef[] = [];
  const filer = fields.items?.sender;
  if (filer !== undefined) out.push({ role: 'filer', id: filer });
  const seller = sellerKey(fields);
  if (seller !== undefined) out.push({ role: 'seller', id: seller });
  PARTIES.set(fields, out);
  return out;
}

/** Per merged-fields object (a new one with every filing), so it is never stale and goes with the consignment state. */
const PARTIES = new WeakMap<MergedFields, readonly PartyRef[]>();
