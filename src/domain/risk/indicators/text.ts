// Word-level normalisation shared by the description and buyer indicators: lower case, no accents, no punctuation.

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /[a-z0-9]+/g;

/** Each non-ASCII character folded once ("ü" → "u"): a whole-string NFD costs more than the rest of an indicator. */
const FOLDED = new Map<number, string>();
const foldChar = (c: number): string => {
  let f = FOLDED.get(c);
  if (f === undefined) {
    f = String.fromCharCode(c).normalize('NFD').replace(MARKS, '');
    FOLDED.set(c, f);
  }
  return f;
};

/** Lower case without accents ("Müller" → "muller"). */
export function fold(s: string): string {
  const lower = s.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    out += c < 128 ? lower[i] : foldChar(c);
  }
  return out;
}

/**
 * The words of a text, folded: "Men's T-Shirt" → ["men", "s", "t", "shirt"]. Descriptions and names repeat across
 * parcels, and several indicators and the rules read the same ones: each text is split once (a bounded cache, like every
 * cache on the scoring path). The list is shared: copy it before changing it.
 */
export function wordsOf(s: string): readonly string[] {
  const hit = WORDS.get(s);
  if (hit !== undefined) return hit;
  const f = fold(s);
  const words = (NON_ASCII.test(f) ? f.match(WORD) : f.match(ASCII_WORD)) ?? [];
  if (WORDS.size >= MAX_TEXTS) WORDS.clear();
  WORDS.set(s, words);
  return words;
}

const MAX_TEXTS = 100_000;
const WORDS = new Map<string, readonly string[]>();
