// Categorical encoders fitted on training data: smoothed target encoding (out-of-fold on the training rows) and frequency.
import { seededRandom } from '../../random/index.ts';

/** Per category, its smoothed positive rate; unknown categories get the prior. */
export interface TargetEncoder {
  prior: number;
  smoothing: number;
  rates: Map<string, number>;
}

export interface TargetEncodingOptions {
  /** Pseudo-count pulling rare categories towards the prior (default 20). */
  smoothing?: number;
  /** Folds for the out-of-fold encoding of the training rows (default 5). */
  folds?: number;
  seed?: number;
}

const smoothed = (sum: number, count: number, prior: number, m: number): number => (sum + m * prior) / (count + m);

function ratesOf(categories: readonly string[], labels: ArrayLike<number>, prior: number, m: number, keep: (i: number) => boolean): Map<string, number> {
  const stats = new Map<string, [number, number]>();
  for (let i = 0; i < categories.length; i++) {
    if (!keep(i)) continue;
    const s = stats.get(categories[i]!);
    const y = labels[i]! > 0 ? 1 : 0;
    if (s) {
      s[0] += y;
      s[1]++;
    } else stats.set(categories[i]!, [y, 1]);
  }
  const rates = new Map<string, number>();
  for (const [c, [sum, count]] of stats) rates.set(c, smoothed(sum, count, prior, m));
  return rates;
}

/**
 * Fit a target encoder on all training rows, and encode each training row with an encoder fitted on the other folds
 * only, so a row's own label never leaks into its feature (a model trained on in-fold encodings trusts them too much).
 */
export function fitTargetEncoding(categories: readonly string[], labels: ArrayLike<number>, options: TargetEncodingOptions = {}): { encoder: TargetEncoder; outOfFold: Float64Array } {
  const n = categories.length;
  if (labels.length !== n) throw new Error(`fitTargetEncoding: ${n} categories but ${labels.length} labels`);
  const m = options.smoothing ?? 20;
  const k = Math.max(2, options.folds ?? 5);
  let positives = 0;
  for (let i = 0; i < n; i++) if (labels[i]! > 0) positives++;
  const prior = n === 0 ? 0 : positives / n;
  const random = seededRandom(options.seed ?? 1);
  const fold = Uint8Array.from({ length: n }, () => Math.floor(random() * k));
  const outOfFold = new Float64Array(n);
  for (let f = 0; f < k; f++) {
    let inFold = 0;
    let inFoldPositives = 0;
    for (let i = 0; i < n; i++) if (fold[i] === f) {
      inFold++;
      if (labels[i]! > 0) inFoldPositives++;
    }
    const foldPrior = n - inFold === 0 ? prior : (positives - inFoldPositives) / (n - inFold);
    const rates = ratesOf(categories, labels, foldPrior, m, (i) => fold[i] !== f);
    for (let i = 0; i < n; i++) if (fold[i] === f) outOfFold[i] = rates.get(categories[i]!) ?? foldPrior;
  }
  return { encoder: { prior, smoothing: m, rates: ratesOf(categories, labels, prior, m, () => true) }, outOfFold };
}

/** The encoded value of a category: its smoothed rate, or the prior when training never saw it. */
export const encodeTarget = (encoder: TargetEncoder, category: string): number => encoder.rates.get(category) ?? encoder.prior;

/** Per category, how often it occurred in the data the encoder was fitted on. */
export interface FrequencyEncoder {
  counts: Map<string, number>;
}

export function fitFrequencyEncoding(categories: readonly string[]): FrequencyEncoder {
  const counts = new Map<string, number>();
  for (const c of categories) counts.set(c, (counts.get(c) ?? 0) + 1);
  return { counts };
}

/** How often the category occurred when the encoder was fitted; 0 for one never seen. */
export const encodeFrequency = (encoder: FrequencyEncoder, category: string): number => encoder.counts.get(category) ?? 0;
