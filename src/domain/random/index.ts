// A small, fast, seeded pseudo-random generator (mulberry32): the same seed gives the same sequence, so demo
// traffic, training and random selection are reproducible.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform number in [0, 1) determined by a key (FNV-1a, then mulberry32's finaliser): the random selection of a
 * parcel can be reproduced by an auditor from the seed and the consignment id, on any node, in any order.
 */
export function uniformOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return seededRandom(h >>> 0)();
}
