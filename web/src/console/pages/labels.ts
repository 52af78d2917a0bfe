// Field names of the data model as people say them.

const WORDS: Record<string, string> = { hs: 'HS' };

/** "grossMassKg" → "Gross mass (kg)", "hsCode" → "HS code". */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(' ')
    // A unit at the end is put in brackets, unless it is a rate: "gross mass (kg)", "value per kg".
    .map((w, i, all) => (w === 'kg' && all[i - 1] !== 'per' ? '(kg)' : (WORDS[w] ?? w)));
  const first = words[0] ?? '';
  return [first === 'HS' ? first : first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}
