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

/** The words of a text, folded: "Men's T-Shirt" → ["men", "s", "t", "shirt"]. */
export function wordsOf(s: string): string[] {
  const f = fold(s);
  return (NON_ASCII.test(f) ? f.match(WORD) : f.match(ASCII_WORD)) ?? [];
}
