// Who the buyer is, as one key, so parcels of one purchase split across several consignments can be found together.
import type { MergedFields } from '../../merging/index.ts';
import { wordsOf } from './text.ts';

/**
 * The buyer (or, without order data, the carrier's consignee) as `country|postcode|name`: the name's words folded and
 * sorted ("Li Wei" = "wei li", "Müller" = "muller"), the postcode without spaces, upper case; without a postcode, the
 * city's words stand in for it. Not the e-mail: a buyer splitting a purchase across platforms or accounts uses several,
 * while the parcels must still reach one name at one address. Undefined when neither party is known.
 */
export function buyerKey(fields: MergedFields): string | undefined {
  // The split-shipment indicator, the rules and the memory ask for the same consignment's buyer in turn.
  if (BY_FIELDS.has(fields)) return BY_FIELDS.get(fields);
  const key = keyOf(fields);
  BY_FIELDS.set(fields, key);
  return key;
}

/** Per merged-fields object (a new one with every filing), so it is never stale. */
const BY_FIELDS = new WeakMap<MergedFields, string | undefined>();

function keyOf(fields: MergedFields): string | undefined {
  const party = fields.buyer?.value ?? fields.consignee?.value;
  if (!party) return undefined;
  const { country, postcode, city } = party.address;
  const raw = `${country}\u0000${postcode ?? ''}\u0000${postcode === undefined ? city : ''}\u0000${party.name}`;
  const hit = keys.get(raw);
  if (hit !== undefined) return hit;
  const place = postcode !== undefined ? postcode.replace(/[\s-]+/g, '').toUpperCase() : wordsOf(city).join(' ');
  const key = `${country}|${place}|${[...wordsOf(party.name)].sort().join(' ')}`;
  if (keys.size >= MAX_CACHED) keys.clear();
  keys.set(raw, key);
  return key;
}

// A buyer who splits a purchase comes back within days: normalise each name and address once. Bounded, like every
// cache on the hot path.
const MAX_CACHED = 100_000;
const keys = new Map<string, string>();
