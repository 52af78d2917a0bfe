// Personal data of private persons (issue 8, standard 1 of the WCO framework: data protection): who a parcel is for.
// Masking keeps what analysis needs (country, the first part of a postcode, the mail domain, whether a phone was
// given) and drops what identifies the person. Pure: no I/O.
import type { PartyData } from '../model/index.ts';

/**
 * The merged fields that describe a private person: the buyer (order data), the consignee (logistics data), the
 * export declaration's consignee. Sellers, carriers and platforms are businesses, not personal data.
 */
export const PERSONAL_FIELDS = ['buyer', 'consignee'] as const;

/**
 * The event recording that someone was shown a parcel's personal data unmasked (who, when, which fields): in the
 * hash-chained log like every other event, kept out of the parcel's timeline, of partners' and agencies' views and of
 * their webhooks.
 */
export const PERSONAL_DATA_READ = 'personal-data-read';

const MASK = '•••';

/** A name as its initials: "Anna Müller" → "A. M.". */
export function maskName(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toUpperCase()}.`);
  return initials.length ? initials.join(' ') : MASK;
}

/** An e-mail address without its local part: "anna@example.org" → "•••@example.org". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at > 0 ? `${MASK}${email.slice(at)}` : MASK;
}

/** A postcode cut to its first two characters (the region, for analysis): "10115" → "10•••". */
export function maskPostcode(postcode: string): string {
  return `${postcode.slice(0, 2)}${MASK}`;
}

/** A party with what identifies the person masked: initials, street lines and phone gone, postcode cut, mail domain kept. */
export function maskParty(p: PartyData): PartyData {
  const { address } = p;
  const masked: PartyData = {
    ...(p.id !== undefined ? { id: MASK } : {}),
    name: maskName(p.name),
    address: {
      ...address,
      lines: address.lines.map(() => MASK),
      ...(address.postcode !== undefined ? { postcode: maskPostcode(address.postcode) } : {}),
    },
    ...(p.email !== undefined ? { email: maskEmail(p.email) } : {}),
    ...(p.phone !== undefined ? { phone: MASK } : {}),
    ...(p.taxIds !== undefined ? { taxIds: Object.fromEntries(Object.keys(p.taxIds).map((k) => [k, MASK])) as PartyData['taxIds'] } : {}),
  };
  return masked;
}
