// What an item's description says, read once per distinct description: vague or not, which HS chapter groups it names.
import { groupsOfDescription, isVague } from './vocabulary.ts';

export interface DescriptionReading {
  vague: boolean;
  /** Bit mask of the vocabulary's chapter groups the words name (vocabulary.ts); 0 when none. */
  groups: number;
}

// Marketplaces repeat their listings' descriptions across thousands of parcels: each is tokenised once. Bounded, so a
// stream of distinct descriptions cannot grow it without end.
const MAX_CACHED = 50_000;
const readings = new Map<string, DescriptionReading>();

export function readDescription(description: string): DescriptionReading {
  const hit = readings.get(description);
  if (hit !== undefined) return hit;
  const reading = { vague: isVague(description), groups: groupsOfDescription(description) };
  if (readings.size >= MAX_CACHED) readings.clear();
  readings.set(description, reading);
  return reading;
}
