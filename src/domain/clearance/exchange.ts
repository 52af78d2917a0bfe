// International exchange (WCO Framework standard 12): an outgoing parcel's data in the export-declaration format the
// origin administrations' declarations are read in, so one format serves both directions.
import { dec } from '../money/index.ts';
import type { Filing, Status } from '../model/index.ts';
import type { ConsignmentState } from './state.ts';

/** Statuses of a parcel leaving the territory again: refused, returned by the consumer, or on its way back. */
const OUTGOING: ReadonlySet<Status> = new Set(['returned-to-sender', 'return-requested', 'returned', 'refunded']);

export type Outgoing = { ok: true; declaration: Extract<Filing, { kind: 'export-declaration' }> } | { ok: false; code: string; message: string };

/**
 * The export declaration for a parcel going back: exported from the country it was imported into, by whoever received
 * it (the consignee, else the buyer), to its seller; each line at the price it was declared for import.
 */
export function outgoingDeclaration(
  state: ConsignmentState,
  exporting: { country: string; authority: string; declarationId: string; exportedAt: string; now: string },
): Outgoing {
  if (!OUTGOING.has(state.status)) {
    return { ok: false, code: 'not-outgoing', message: `the parcel is ${state.status}: only a parcel going back (returned to sender, returned by the consumer) is exported` };
  }
  const f = state.fields;
  const exporter = f.consignee?.value ?? f.buyer?.value;
  const items = f.items?.value;
  if (!exporter || !items || !f.currency || !state.trackingId) {
    return { ok: false, code: 'incomplete', message: 'the parcel lacks the order data (items, currency), the recipient or the tracking id an export declaration needs' };
  }
  return {
    ok: true,
    declaration: {
      kind: 'export-declaration',
      filingId: `EXP-${state.id}`,
      sentAt: exporting.now,
      trackingId: state.trackingId,
      ...(state.orderId ? { orderId: state.orderId } : {}),
      exportDeclarationId: exporting.declarationId,
      authority: exporting.authority,
      exportingCountry: exporting.country,
      exportedAt: exporting.exportedAt,
      exporter,
      ...(f.seller ? { consignee: f.seller.value } : {}),
      currency: f.currency.value,
      items: items.map((i) => ({
        description: i.description,
        ...(i.hsCode ? { hsCode: i.hsCode } : {}),
        quantity: i.quantity,
        value: dec(i.unitPrice).times(i.quantity).toFixed(),
        originCountry: i.originCountry,
        ...(i.netMassKg ? { netMassKg: i.netMassKg } : {}),
      })),
    },
  };
}
