// Description–HS mismatch: the item's words name goods of another HS chapter than the code it is declared under.
import type { ConsignmentState } from '../../clearance/index.ts';
import { unitScore } from './numbers.ts';
import { readDescription } from './description.ts';
import { groupOfHs, namesOf } from './vocabulary.ts';
import type { Indicator } from './types.ts';

/** A heuristic on a small vocabulary: evidence worth a look, never proof (an officer reads the message). */
const SCORE = 0.35;

/**
 * An item whose HS chapter is in the vocabulary (vocabulary.ts) and whose description names only goods of other
 * chapters: "Smartphone" under 6109 lowers the duty and hides a phone; misclassification is the quiet form of
 * misdescription. A description with none of the known words is not judged. Score 0.35 for one such item, rising
 * with the share of the others so described to 0.5 when every item of a parcel of several is.
 */
export function descriptionHsMismatch(state: ConsignmentState): Indicator | undefined {
  const items = state.fields.items?.value;
  if (!items) return undefined;
  let count = 0;
  let first = -1;
  let firstGroups = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.hsCode === undefined) continue;
    const declared = groupOfHs(item.hsCode);
    if (declared === 0) continue;
    const named = readDescription(item.description).groups;
    if (named === 0 || (named & declared) !== 0) continue;
    if (count++ === 0) {
      first = i;
      firstGroups = named;
    }
  }
  if (count === 0) return undefined;
  const item = items[first]!;
  const hs = item.hsCode!;
  const described = namesOf(firstGroups).join(' or ');
  const chapter = namesOf(groupOfHs(hs))[0]!;
  return {
    code: 'description-hs-mismatch',
    score: unitScore(SCORE + (0.15 * (count - 1)) / Math.max(1, items.length - 1)),
    message:
      `item ${first + 1} "${item.description}" reads as ${described} but is declared under HS ${hs} (chapter ${hs.slice(0, 2)}, ${chapter})` +
      (count > 1 ? `; ${count - 1} more item${count > 2 ? 's' : ''} alike` : '') +
      ' (keyword heuristic)',
    evidence: { itemIndex: first, hsCode: hs, describedAs: described, declaredAs: chapter, mismatchedItems: count, items: items.length },
  };
}
