// Looking up the registry: which authorisations cover an operator's key, in which capacity, on a day.
import type { AeoAuthorisation, AeoScope } from './authorisation.ts';

/** Whether an authorisation gives its benefits on a day: active, and that day within [validFrom, validUntil]. */
export const inForceOn = (a: AeoAuthorisation, day: string): boolean =>
  a.status === 'active' && a.validFrom <= day && (a.validUntil === undefined || day <= a.validUntil);

/** The keys an operator is found by: its party id, EORI, VAT number and seller key, those given. */
export function keysOf(a: AeoAuthorisation): string[] {
  const { partyId, eori, vat, sellerKey } = a.identifiers;
  return [...new Set([partyId, eori, vat, sellerKey].filter((k): k is string => k !== undefined && k !== ''))];
}

/**
 * The authorisations that cover a key (a party id, EORI, VAT number or seller key) on a day, in a capacity when one is
 * asked: a carrier's authorisation does not vouch for the declaration its customer, the seller, makes.
 */
export function covering(list: readonly AeoAuthorisation[], key: string, day: string, as?: AeoScope): AeoAuthorisation[] {
  return list.filter((a) => inForceOn(a, day) && (as === undefined || a.scope.includes(as)) && keysOf(a).includes(key));
}

/** The registry on a day as the risk engine reads it: one entry per key of every authorisation in force. */
export interface RegistryEntry {
  key: string;
  scope: readonly AeoScope[];
  authorisation: AeoAuthorisation;
}

export function registryOn(list: readonly AeoAuthorisation[], day: string): RegistryEntry[] {
  return list.filter((a) => inForceOn(a, day)).flatMap((a) => keysOf(a).map((key) => ({ key, scope: a.scope, authorisation: a })));
}
