// Vague description: an item described in words that do not say what the goods are ("gift", "parts", "sample").
import type { ConsignmentState } from '../../clearance/index.ts';
import { readDescription } from './description.ts';
import { unitScore } from './numbers.ts';
import type { Indicator } from './types.ts';

/**
 * A vague description cannot be checked against the HS code, the price statistics or the prohibitions, which is why
 * it is the usual cover for misdescribed goods (WCO Framework, standard 9). Score 0.2 plus 0.2 times the share of
 * items so described: 0.4 when nothing in the parcel is described.
 */
export function vagueDescription(state: ConsignmentState): Indicator | undefined {
  const items = state.fields.items?.value;
  if (!items) return undefined;
  const vague: number[] = [];
  for (let i = 0; i < items.length; i++) if (readDescription(items[i]!.description).vague) vague.push(i);
  if (vague.length === 0) return undefined;
  const shown = vague.slice(0, 3).map((i) => `item ${i + 1} "${items[i]!.description}"`).join(', ');
  return {
    code: 'vague-description',
    score: unitScore(0.2 + (0.2 * vague.length) / items.length),
    message: `${vague.length} of ${items.length} items described in words that do not say what the goods are: ${shown}${vague.length > 3 ? ', …' : ''}`,
    evidence: { vagueItems: vague.length, items: items.length, first: items[vague[0]!]!.description },
  };
}
