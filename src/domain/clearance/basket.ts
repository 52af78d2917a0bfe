// What the revenue engine is asked about a consignment: its merged fields as a basket, and the rules that apply.
import type { Pack } from '../jurisdiction/index.ts';
import type { MergedFields } from '../merging/index.ts';
import type { Basket, RevenueContext } from '../revenue/index.ts';
import type { RiskJudge } from './lane.ts';
import type { AgencyRule } from '../agencies/index.ts';

/** The lookups the revenue engine needs besides the pack (exchange rates, tariff, scheme registries), for any day. */
export type RevenueLookups = Omit<RevenueContext, 'day'> & {
  /** A partner's collection arrangement: a carrier that collects on delivery, or an account-based importer. */
  collection?(partyId: string): 'carrier' | 'account' | undefined;
};

/** The law a deployment applies: its home pack and the reference data loaded for it; and who chooses lanes. */
export interface Rules {
  pack: Pack;
  lookups: RevenueLookups;
  /** The risk engine; without one, only the standing findings rule (`findingsOnly`) chooses lanes. */
  risk?: RiskJudge;
  /** The agency rules in force (standard 10): matching parcels are referred. */
  agencies?: readonly AgencyRule[];
}

/** The basket of a consignment, or undefined while no order data (items and currency) has arrived. */
export function basketOf(fields: MergedFields, pack: Pack): Basket | undefined {
  if (!fields.items || !fields.currency) return undefined;
  // Where the parcel goes: the carrier's destination, else the buyer's or consignee's country, else the home country.
  const destination =
    [fields.destinationCountry?.value, fields.buyer?.value.address.country, fields.consignee?.value.address.country].find(
      (c): c is string => c !== undefined,
    ) ?? pack.homeCountry;
  const tc = fields.taxCollected?.value;
  return {
    destination,
    currency: fields.currency.value,
    items: fields.items.value.map((i) => ({
      description: i.description,
      quantity: i.quantity,
      unitPrice: i.unitPrice,
      originCountry: i.originCountry,
      ...(i.hsCode !== undefined ? { hsCode: i.hsCode } : {}),
      ...(i.netMassKg !== undefined ? { netMassKg: i.netMassKg } : {}),
    })),
    ...(fields.service ? { service: fields.service.value } : {}),
    ...(fields.departureCountry ? { departureCountry: fields.departureCountry.value } : {}),
    ...(fields.transaction ? { transaction: fields.transaction.value } : {}),
    viaPlatform: Boolean(fields.platform?.value),
    ...(fields.incoterm ? { incoterm: fields.incoterm.value as 'DDP' | 'DAP' } : {}),
    ...(fields.shippingCost ? { shippingCost: fields.shippingCost.value } : {}),
    ...(fields.insuranceCost ? { insuranceCost: fields.insuranceCost.value } : {}),
    ...(fields.grossMassKg ? { grossMassKg: fields.grossMassKg.value } : {}),
    taxCollected: tc ?? null,
  };
}
