// The words descriptions are read with: vague words, and a heuristic vocabulary of the HS chapters most traded in e-commerce.
import { wordsOf } from './text.ts';

/**
 * A heuristic, not a classifier: a few unambiguous words per group of chapters, enough to notice "Smartphone" declared
 * under 6109 (T-shirts) or "Men's T-shirt" under 8517 (phones). Words that name several kinds of goods ("case",
 * "cover": bags in 4202, but also plastics in 3926) sit in every group they fit, and materials and colours ("cotton",
 * "silver") in none. Chapters outside these groups are never judged.
 */
const GROUPS: readonly { name: string; chapters: readonly string[]; words: readonly string[] }[] = [
  {
    name: 'apparel',
    chapters: ['61', '62'],
    words: [
      'shirt', 'tshirt', 'tee', 'blouse', 'dress', 'skirt', 'trousers', 'pants', 'jeans', 'shorts', 'jacket', 'coat',
      'hoodie', 'sweater', 'jumper', 'cardigan', 'sweatshirt', 'pullover', 'leggings', 'sock', 'underwear', 'bra',
      'lingerie', 'pyjama', 'pajama', 'swimsuit', 'swimwear', 'bikini', 'scarf', 'vest', 'tracksuit', 'polo',
      'clothing', 'clothes', 'apparel', 'garment', 'romper', 'jumpsuit', 'tights', 'gown', 'kimono', 'sari', 'saree',
    ],
  },
  {
    name: 'footwear',
    chapters: ['64'],
    words: ['shoe', 'sneaker', 'trainer', 'boot', 'sandal', 'slipper', 'heel', 'loafer', 'footwear', 'flipflop', 'moccasin', 'clog', 'espadrille'],
  },
  {
    name: 'bags',
    chapters: ['42'],
    words: [
      'bag', 'handbag', 'backpack', 'rucksack', 'wallet', 'purse', 'suitcase', 'luggage', 'briefcase', 'tote', 'satchel',
      'case', 'cover', 'pouch', 'sleeve', 'holder', 'belt', 'strap',
    ],
  },
  {
    name: 'cosmetics',
    chapters: ['33'],
    words: [
      'perfume', 'fragrance', 'cologne', 'parfum', 'lipstick', 'mascara', 'eyeliner', 'eyeshadow', 'cosmetic', 'makeup',
      'lotion', 'serum', 'shampoo', 'moisturiser', 'moisturizer', 'sunscreen', 'deodorant', 'toothpaste',
      'skincare', 'toner', 'concealer', 'blush', 'primer', 'polish',
    ],
  },
  {
    name: 'toys, games and sports',
    chapters: ['95'],
    words: [
      'toy', 'doll', 'puzzle', 'lego', 'plush', 'teddy', 'game', 'console', 'kite', 'yoyo', 'figurine', 'playset', 'jigsaw',
      'dollhouse', 'golf', 'tennis', 'racket', 'racquet', 'fishing', 'yoga', 'dumbbell', 'skateboard', 'football', 'basketball',
    ],
  },
  {
    name: 'machines and electronics',
    chapters: ['84', '85'],
    words: [
      'phone', 'smartphone', 'iphone', 'cellphone', 'headphone', 'earphone', 'earbud', 'headset', 'charger', 'cable',
      'adapter', 'laptop', 'computer', 'ipad', 'keyboard', 'monitor', 'speaker', 'bluetooth', 'usb', 'battery',
      'powerbank', 'camera', 'smartwatch', 'router', 'printer', 'ssd', 'hdd', 'electronic', 'electric', 'hairdryer',
      'shaver', 'trimmer', 'blender', 'vacuum', 'projector', 'microphone', 'modem', 'processor', 'gpu', 'motherboard',
      'television', 'tv', 'console', 'video', 'circuit', 'cartridge', 'led', 'lamp',
    ],
  },
  {
    name: 'jewellery',
    chapters: ['71'],
    words: ['ring', 'necklace', 'bracelet', 'earring', 'pendant', 'brooch', 'jewellery', 'jewelry', 'diamond', 'pearl', 'anklet', 'bangle', 'cufflink'],
  },
  {
    name: 'books and printed matter',
    chapters: ['49'],
    words: ['book', 'novel', 'magazine', 'comic', 'manga', 'poster', 'calendar', 'atlas', 'catalogue', 'postcard', 'printed', 'paperback', 'hardcover', 'textbook'],
  },
  {
    name: 'watches',
    chapters: ['91'],
    words: ['watch', 'wristwatch', 'clock', 'chronograph'],
  },
];

export const groupNames: readonly string[] = GROUPS.map((g) => g.name);

const WORD_GROUPS = new Map<string, number>();
const CHAPTER_GROUP = new Map<string, number>();
GROUPS.forEach((g, i) => {
  for (const w of g.words) WORD_GROUPS.set(w, (WORD_GROUPS.get(w) ?? 0) | (1 << i));
  for (const c of g.chapters) CHAPTER_GROUP.set(c, 1 << i);
});

/**
 * Words after which a description names what the goods are for or come with, not what they are: "Case for iPhone",
 * "Gift box with earrings". Only the words before the first of them describe the goods.
 */
const QUALIFIERS: ReadonlySet<string> = new Set(['for', 'with', 'compatible', 'fits', 'fit', 'incl', 'including']);

/** A word's groups, trying it as written and without a plural ending ("shoes", "dresses"). */
function groupsOfWord(w: string): number {
  const hit = WORD_GROUPS.get(w);
  if (hit !== undefined) return hit;
  if (w.length > 3 && w.endsWith('s')) {
    const singular = WORD_GROUPS.get(w.slice(0, -1));
    if (singular !== undefined) return singular;
    if (w.endsWith('es')) return WORD_GROUPS.get(w.slice(0, -2)) ?? 0;
  }
  return 0;
}

/** Bit mask of the groups a description's words point to (0: none of the known words). */
export function groupsOfDescription(description: string): number {
  let mask = 0;
  for (const w of wordsOf(description)) {
    if (QUALIFIERS.has(w)) break;
    mask |= groupsOfWord(w);
  }
  return mask;
}

/** The group bit of an HS code's chapter, or 0 when the chapter is not in the vocabulary. */
export const groupOfHs = (hs: string): number => CHAPTER_GROUP.get(hs.slice(0, 2)) ?? 0;

/** Names of the groups in a mask, for messages. */
export function namesOf(mask: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < GROUPS.length; i++) if (mask & (1 << i)) out.push(GROUPS[i]!.name);
  return out;
}

/**
 * Words that say nothing about the goods: the foundation's list (merging/findings.ts, which flags a description that
 * is exactly one of them) and more, with the filler around them ("free gift", "spare parts", "2 pcs sample goods").
 */
const VAGUE: ReadonlySet<string> = new Set([
  'gift', 'gifts', 'goods', 'parts', 'part', 'sample', 'samples', 'items', 'item', 'stuff', 'merchandise', 'product',
  'products', 'accessories', 'accessory', 'clothes', 'other', 'others', 'misc', 'miscellaneous', 'various', 'assorted',
  'general', 'commodity', 'commodities', 'article', 'articles', 'thing', 'things', 'present', 'presents', 'package',
  'parcel', 'spare', 'personal', 'effects', 'belongings', 'used', 'new', 'free', 'set', 'pcs', 'pc', 'piece', 'pieces',
  'a', 'an', 'the', 'of', 'and', 'for', 'x', 'small', 'unknown', 'na', 'none',
]);
const DIGITS = /^\d+$/;

/** Whether every word of a description is vague or filler (digits count as filler). */
export function isVague(description: string): boolean {
  for (const w of wordsOf(description)) if (!VAGUE.has(w) && !DIGITS.test(w)) return false;
  return true;
}
