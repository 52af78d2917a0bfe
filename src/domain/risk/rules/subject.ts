// The facts of a consignment as the targeting rules see them, read once from its merged fields and assessment.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { PartyData } from '../../model/index.ts';
import { Fixed } from '../../money/index.ts';
import { arrivalOf, firstOrderFiling } from '../indicators/time.ts';
import { HOUR_MS } from '../indicators/numbers.ts';
import { wordsOf } from '../indicators/text.ts';
import type { RiskSubject } from './types.ts';


const identifiersOf = (p: PartyData | null | undefined): string[] => {
  if (!p) return [];
  const ids = p.taxIds ? Object.values(p.taxIds).filter((v): v is string => typeof v === 'string') : [];
  if (p.email) ids.push(p.email);
  if (p.phone) ids.push(p.phone);
  return ids;
};

/** What the rules read. `buyer` is the buyer key the indicators use for split shipments, passed in by the caller. */
export function subjectOf(c: ConsignmentState, indicators: ReadonlyMap<string, number>, buyer?: string): RiskSubject {
  const f = c.fields;
  const items = f.items?.value ?? [];
  const words = new Set<string>();
  // Folded like the indicators read them (lower case, accents removed): a rule's word "muller" matches "Müller".
  for (const item of items) for (const w of wordsOf(item.description)) words.add(w);
  const party = [...new Set(c.filings.map((x) => x.sender))];
  const identifier = [...identifiersOf(f.seller?.value), ...identifiersOf(f.platform?.value), ...identifiersOf(f.buyer?.value)];
  if (f.taxCollected?.value) identifier.push(f.taxCollected.value.registrationNumber);
  const intrinsic = c.assessment?.intrinsicValue ?? c.categoryDecision?.intrinsicValue ?? undefined;
  const mass = f.grossMassKg?.value;
  const perKg = intrinsic !== undefined && mass !== undefined && Fixed.of(mass).gt(0) ? Fixed.of(intrinsic).div(mass).toFixed(2) : undefined;
  // The same moments the late-advance-data indicator measures between.
  const arrival = arrivalOf(c);
  const firstOrder = firstOrderFiling(c);
  const hours = arrival !== undefined && firstOrder !== undefined ? ((Date.parse(arrival) - Date.parse(firstOrder.receivedAt)) / HOUR_MS).toFixed(2) : undefined;
  return {
    hsCode: items.flatMap((i) => (i.hsCode ? [i.hsCode] : [])),
    originCountry: [...new Set(items.map((i) => i.originCountry))],
    ...(f.departureCountry ? { departureCountry: f.departureCountry.value } : {}),
    ...(c.assessment ? { destination: c.assessment.destination } : f.destinationCountry ? { destination: f.destinationCountry.value } : {}),
    ...(f.service ? { service: f.service.value } : {}),
    party,
    identifier,
    descriptionWord: [...words],
    ...(buyer !== undefined ? { buyer } : {}),
    ...(c.category !== null ? { category: c.category } : {}),
    ...(intrinsic !== undefined ? { intrinsicValue: intrinsic } : {}),
    ...(perKg !== undefined ? { valuePerKg: perKg } : {}),
    ...(mass !== undefined ? { grossMassKg: mass } : {}),
    itemCount: items.length,
    ...(hours !== undefined ? { hoursBeforeArrival: hours } : {}),
    indicators,
  };
}
