// A consignment as the learned risk model sees it: one row of numbers, with categories encoded by what training taught.
import type { ConsignmentState } from '../../clearance/index.ts';
import type { ItemData } from '../../model/index.ts';
import { runSteps, type Steps } from '../../progress/index.ts';
import { arrivalOf, firstOrderFiling, indicatorCodes, sellerKey, type Indicator } from '../indicators/index.ts';
import { encodeFrequency, fitFrequencyEncoding, fitTargetEncoding } from '../model/index.ts';

/** A past control outcome to learn from: the consignment as it was assessed, its indicators then, and what was found. */
export interface LabelledConsignment {
  state: ConsignmentState;
  indicators: readonly Indicator[];
  /** Whether the control found something (an irregularity, a seizure). */
  hit: boolean;
  /** ISO 8601 time of the control decision: training learns from the past and is measured on the most recent. */
  at: string;
}

/**
 * The categorical facts, each encoded twice (`te:` its smoothed hit rate in training, `count:` how many training
 * consignments shared it). An absent fact is the empty category, learned like any other: a missing HS code says
 * something too. Origin and the HS codes are those of the item of highest value, the one a declaration is mostly about.
 * - origin, departure, service, destination: the route's parts (destination from the assessment, else as filed).
 * - hs2, hs4, hs6: chapter, heading and subheading; rarer subheadings fall back on their chapter's rate.
 * - seller: `sellerKey`, the same seller through any platform when it gives an EORI or VAT number.
 * - filer: every party that sent a filing for the consignment: the riskiest one's rate (max) and the least known
 *   one's count (min); a consignment is as unusual as its least familiar filer, and a carrier's huge count would
 *   otherwise hide a new platform's.
 * - route: origin|departure|service, as the route-history indicator keys it (transshipment shows in the pair).
 */
export const categoricalKeys = ['origin', 'departure', 'hs2', 'hs4', 'hs6', 'service', 'destination', 'seller', 'filer', 'route'] as const;
export type CategoricalKey = (typeof categoricalKeys)[number];

/**
 * The numeric facts, NaN where unknown (the trees learn where missing values go):
 * - logIntrinsicValue: log1p of the intrinsic value (assessment, else category decision), in the assessment currency.
 * - logValuePerKg: log1p of intrinsic value per kg of declared gross mass: cheap-for-its-weight is undervaluation's tell.
 * - itemCount: lines in the order.
 * - category: WCO Immediate Release Guidelines category 1..4.
 * - hoursBeforeArrival: from receipt of the first order data to the (expected) arrival, as late-advance-data measures.
 * - departsElsewhere: 1 when the departure country is none of the items' origins (transshipment), 0 when it is one.
 */
const numericNames = ['logIntrinsicValue', 'logValuePerKg', 'itemCount', 'category', 'hoursBeforeArrival', 'departsElsewhere'] as const;

/**
 * The row's columns, in order: one per indicator code (its score, 0 when it did not fire: the engine's own evidence),
 * the numeric facts, then `te:` and `count:` of each categorical fact.
 */
export const consignmentFeatureNames: readonly string[] = Object.freeze([
  ...indicatorCodes.map((code) => `indicator:${code}`),
  ...numericNames,
  ...categoricalKeys.map((k) => `te:${k}`),
  ...categoricalKeys.map((k) => `count:${k}`),
]);

const INDICATORS = indicatorCodes.length;
const NUMERIC = INDICATORS;
const TARGET = NUMERIC + numericNames.length;
const COUNT = TARGET + categoricalKeys.length;
const WIDTH = COUNT + categoricalKeys.length;
const FILER = categoricalKeys.indexOf('filer');
const indicatorSlot: ReadonlyMap<string, number> = new Map(indicatorCodes.map((code, i) => [code, i]));
const HOUR_MS = 3_600_000;

/** One categorical fact's encoding: a slot per category seen in training, its smoothed rate and its count there. */
export interface CategoryEncoding {
  /** Hit rate of all training rows: what a category never seen gets. */
  prior: number;
  smoothing: number;
  slots: ReadonlyMap<string, number>;
  rates: Float64Array;
  counts: Float64Array;
}

/** Everything training learned that turns a consignment into a row (one lookup per categorical fact). */
export interface Featuriser {
  names: readonly string[];
  encodings: Readonly<Record<CategoricalKey, CategoryEncoding>>;
}

/** A featuriser as plain JSON data: per fact, parallel arrays of category, rate and count. */
export interface FeaturiserJson {
  names: string[];
  encodings: Record<CategoricalKey, { prior: number; smoothing: number; categories: string[]; rates: number[]; counts: number[] }>;
}

export interface FeaturiserOptions {
  /** Target-encoding pseudo-count pulling rare categories towards the prior (default 20). */
  smoothing?: number;
  /** Folds of the out-of-fold target encoding of the training rows (default 5). */
  folds?: number;
  seed?: number;
}

const itemsOf = (state: ConsignmentState): readonly ItemData[] => state.fields.items?.value ?? state.fields.contents?.value ?? [];

/** The item of highest value (unit price × quantity); the first on ties; undefined without items. */
function mainItem(items: readonly ItemData[]): ItemData | undefined {
  let best: ItemData | undefined;
  let bestValue = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const value = parseFloat(item.unitPrice) * item.quantity;
    if (best === undefined || value > bestValue) {
      best = item;
      bestValue = value;
    }
  }
  return best;
}

/** The single-valued categorical facts into `out`, in `categoricalKeys` order; the filer slot is left alone (there are several). */
function categoriesInto(state: ConsignmentState, out: string[]): void {
  const f = state.fields;
  const item = mainItem(itemsOf(state));
  const origin = item?.originCountry ?? '';
  const hs = item?.hsCode ?? '';
  const departure = f.departureCountry?.value ?? '';
  const service = f.service?.value ?? '';
  out[0] = origin;
  out[1] = departure;
  out[2] = hs.length >= 2 ? hs.slice(0, 2) : hs;
  out[3] = hs.length >= 4 ? hs.slice(0, 4) : hs;
  out[4] = hs.length >= 6 ? hs.slice(0, 6) : hs;
  out[5] = service;
  out[6] = state.assessment?.destination ?? f.destinationCountry?.value ?? '';
  out[7] = sellerKey(f) ?? '';
  out[9] = `${origin}|${departure}|${service}`;
}

/** Indicator scores and numeric facts into the first columns of `row`. */
function numericInto(state: ConsignmentState, indicators: readonly Indicator[], row: Float64Array): void {
  row.fill(0, 0, INDICATORS);
  for (let i = 0; i < indicators.length; i++) {
    const slot = indicatorSlot.get(indicators[i]!.code);
    if (slot !== undefined) row[slot] = indicators[i]!.score;
  }
  const f = state.fields;
  const intrinsicText = state.assessment?.intrinsicValue ?? state.categoryDecision?.intrinsicValue ?? undefined;
  const intrinsic = intrinsicText === undefined ? NaN : parseFloat(intrinsicText);
  const massText = f.grossMassKg?.value;
  const mass = massText === undefined ? NaN : parseFloat(massText);
  const items = itemsOf(state);
  row[NUMERIC] = Math.log1p(intrinsic);
  row[NUMERIC + 1] = mass > 0 ? Math.log1p(intrinsic / mass) : NaN;
  row[NUMERIC + 2] = items.length;
  row[NUMERIC + 3] = state.category ?? NaN;
  const arrival = arrivalOf(state);
  const order = firstOrderFiling(state);
  row[NUMERIC + 4] = arrival !== undefined && order !== undefined ? (Date.parse(arrival) - Date.parse(order.receivedAt)) / HOUR_MS : NaN;
  const departure = f.departureCountry?.value;
  if (departure === undefined || items.length === 0) row[NUMERIC + 5] = NaN;
  else {
    let elsewhere = 1;
    for (let i = 0; i < items.length; i++) if (items[i]!.originCountry === departure) elsewhere = 0;
    row[NUMERIC + 5] = elsewhere;
  }
}

const scratchCategories: string[] = new Array<string>(categoricalKeys.length).fill('');

/**
 * The row of a consignment written into `out` (length `consignmentFeatureNames.length`), which is returned: scoring
 * every consignment at every assessment, a caller can reuse one buffer. Unseen categories get the prior and count 0.
 */
export function featuriseInto(featuriser: Featuriser, state: ConsignmentState, indicators: readonly Indicator[], out: Float64Array): Float64Array {
  numericInto(state, indicators, out);
  categoriesInto(state, scratchCategories);
  const encodings = featuriser.encodings;
  for (let k = 0; k < categoricalKeys.length; k++) {
    const e = encodings[categoricalKeys[k]!];
    if (k === FILER) {
      let rate = NaN;
      let count = NaN;
      for (const filing of state.filings) {
        const slot = e.slots.get(filing.sender);
        const r = slot === undefined ? e.prior : e.rates[slot]!;
        const c = slot === undefined ? 0 : e.counts[slot]!;
        if (!(r <= rate)) rate = r;
        if (!(c >= count)) count = c;
      }
      // No filing at all (never the case once there are items): the empty category, as for any absent fact.
      if (rate !== rate) {
        const slot = e.slots.get('');
        rate = slot === undefined ? e.prior : e.rates[slot]!;
        count = slot === undefined ? 0 : e.counts[slot]!;
      }
      out[TARGET + k] = rate;
      out[COUNT + k] = count;
      continue;
    }
    const slot = e.slots.get(scratchCategories[k]!);
    out[TARGET + k] = slot === undefined ? e.prior : e.rates[slot]!;
    out[COUNT + k] = slot === undefined ? 0 : e.counts[slot]!;
  }
  return out;
}

/** The row of a consignment, in the order of `consignmentFeatureNames`. */
export const featurise = (featuriser: Featuriser, state: ConsignmentState, indicators: readonly Indicator[]): Float64Array =>
  featuriseInto(featuriser, state, indicators, new Float64Array(WIDTH));

/** The filers of a consignment: every party that sent one of its filings, once each, in order; [''] when there is none. */
function filersOf(state: ConsignmentState): string[] {
  const out: string[] = [];
  for (const f of state.filings) if (!out.includes(f.sender)) out.push(f.sender);
  return out.length === 0 ? [''] : out;
}

function compile(prior: number, smoothing: number, rates: ReadonlyMap<string, number>, counts: ReadonlyMap<string, number>): CategoryEncoding {
  const slots = new Map<string, number>();
  const r = new Float64Array(rates.size);
  const c = new Float64Array(rates.size);
  for (const [category, rate] of rates) {
    const slot = slots.size;
    slots.set(category, slot);
    r[slot] = rate;
    c[slot] = counts.get(category) ?? 0;
  }
  return { prior, smoothing, slots, rates: r, counts: c };
}

/**
 * Fit the encodings on labelled training consignments, and return the training rows with each row's target encodings
 * fitted on the other folds only (a row's own label never shapes its features; a model trained on in-fold encodings
 * trusts them too much). Rows scored later use `featurise`, with encodings fitted on all training rows. A consignment
 * with several filers counts once for each; since it counts once per filer, leaving its fold out of a filer's rate
 * still leaves its own label out.
 */
export const fitFeaturiser = (examples: readonly LabelledConsignment[], options: FeaturiserOptions = {}): FittedFeaturiser =>
  runSteps(fitFeaturiserSteps(examples, options));

export interface FittedFeaturiser {
  featuriser: Featuriser;
  rows: Float64Array[];
}

/** `fitFeaturiser` as steps: one per categorical fact encoded (phase `encoding`, out of `categoricalKeys.length`). */
export function* fitFeaturiserSteps(examples: readonly LabelledConsignment[], options: FeaturiserOptions = {}): Steps<FittedFeaturiser> {
  const n = examples.length;
  const labels = Uint8Array.from(examples, (e) => (e.hit ? 1 : 0));
  const rows = examples.map((e) => {
    const row = new Float64Array(WIDTH);
    numericInto(e.state, e.indicators, row);
    return row;
  });
  const columns = categoricalKeys.map(() => new Array<string>(n));
  const fact = new Array<string>(categoricalKeys.length).fill('');
  examples.forEach((e, i) => {
    categoriesInto(e.state, fact);
    for (let k = 0; k < categoricalKeys.length; k++) if (k !== FILER) columns[k]![i] = fact[k]!;
  });
  const smoothing = options.smoothing ?? 20;
  const folds = options.folds ?? 5;
  const seed = options.seed ?? 1;
  const encodings = {} as Record<CategoricalKey, CategoryEncoding>;
  for (let k = 0; k < categoricalKeys.length; k++) {
    const key = categoricalKeys[k]!;
    const fitOptions = { smoothing, folds, seed: seed + k };
    if (k === FILER) {
      // One entry per (consignment, filer): max rate and min count per consignment, as featuriseInto takes them.
      const owner: number[] = [];
      const categories: string[] = [];
      const entryLabels: number[] = [];
      examples.forEach((e, i) => {
        for (const filer of filersOf(e.state)) {
          owner.push(i);
          categories.push(filer);
          entryLabels.push(labels[i]!);
        }
      });
      const { encoder, outOfFold } = fitTargetEncoding(categories, entryLabels, fitOptions);
      const frequency = fitFrequencyEncoding(categories);
      for (let i = 0; i < n; i++) {
        rows[i]![TARGET + k] = -Infinity;
        rows[i]![COUNT + k] = Infinity;
      }
      for (let j = 0; j < categories.length; j++) {
        const row = rows[owner[j]!]!;
        row[TARGET + k] = Math.max(row[TARGET + k]!, outOfFold[j]!);
        row[COUNT + k] = Math.min(row[COUNT + k]!, encodeFrequency(frequency, categories[j]!));
      }
      encodings[key] = compile(encoder.prior, encoder.smoothing, encoder.rates, frequency.counts);
      yield { done: k + 1, total: categoricalKeys.length, phase: 'encoding' };
      continue;
    }
    const categories = columns[k]!;
    const { encoder, outOfFold } = fitTargetEncoding(categories, labels, fitOptions);
    const frequency = fitFrequencyEncoding(categories);
    for (let i = 0; i < n; i++) {
      rows[i]![TARGET + k] = outOfFold[i]!;
      rows[i]![COUNT + k] = encodeFrequency(frequency, categories[i]!);
    }
    encodings[key] = compile(encoder.prior, encoder.smoothing, encoder.rates, frequency.counts);
    yield { done: k + 1, total: categoricalKeys.length, phase: 'encoding' };
  }
  return { featuriser: { names: consignmentFeatureNames, encodings }, rows };
}

/** The featuriser as plain JSON data (maps become parallel arrays, in the order training first saw each category). */
export function featuriserToJson(featuriser: Featuriser): FeaturiserJson {
  const encodings = {} as FeaturiserJson['encodings'];
  for (const key of categoricalKeys) {
    const e = featuriser.encodings[key];
    encodings[key] = { prior: e.prior, smoothing: e.smoothing, categories: [...e.slots.keys()], rates: [...e.rates], counts: [...e.counts] };
  }
  return { names: [...featuriser.names], encodings };
}

export type FeaturiserReadError = { code: 'feature-mismatch' | 'malformed-featuriser'; message: string };

const isNumberArray = (a: unknown, n: number): a is number[] => Array.isArray(a) && a.length === n && a.every((v) => typeof v === 'number' && Number.isFinite(v));

/** A featuriser from its JSON form, or why the data is not one this version computes the same features with. */
export function featuriserFromJson(data: unknown): { featuriser: Featuriser } | { error: FeaturiserReadError } {
  const d = data as Partial<FeaturiserJson> | null;
  if (typeof d !== 'object' || d === null || !Array.isArray(d.names) || typeof d.encodings !== 'object' || d.encodings === null) {
    return { error: { code: 'malformed-featuriser', message: 'a featuriser needs names and encodings' } };
  }
  if (d.names.length !== WIDTH || d.names.some((name, i) => name !== consignmentFeatureNames[i])) {
    return { error: { code: 'feature-mismatch', message: `the model was trained on other features than this version computes (${d.names.length} named, ${WIDTH} expected)` } };
  }
  const encodings = {} as Record<CategoricalKey, CategoryEncoding>;
  for (const key of categoricalKeys) {
    const e = (d.encodings as Partial<FeaturiserJson['encodings']>)[key];
    const size = Array.isArray(e?.categories) ? e.categories.length : -1;
    if (
      !e ||
      typeof e.prior !== 'number' ||
      !(e.prior >= 0 && e.prior <= 1) ||
      typeof e.smoothing !== 'number' ||
      size < 0 ||
      !e.categories.every((c) => typeof c === 'string') ||
      new Set(e.categories).size !== size ||
      !isNumberArray(e.rates, size) ||
      !isNumberArray(e.counts, size)
    ) {
      return { error: { code: 'malformed-featuriser', message: `encoding of ${key}: prior, smoothing and equally long, distinct categories, rates and counts are required` } };
    }
    encodings[key] = {
      prior: e.prior,
      smoothing: e.smoothing,
      slots: new Map(e.categories.map((c, i) => [c, i])),
      rates: Float64Array.from(e.rates),
      counts: Float64Array.from(e.counts),
    };
  }
  return { featuriser: { names: consignmentFeatureNames, encodings } };
}
