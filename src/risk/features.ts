// Features of a declaration for the learned risk model: encoded ids and id pairs, counts, tax, mass, price and unit value.
import { encodeFrequency, encodeTarget, fitFrequencyEncoding, fitTargetEncoding, type FrequencyEncoder, type TargetEncoder } from '../domain/risk/model/index.ts';
import type { LabelledDeclaration } from './declarations.ts';

type Declaration = Omit<LabelledDeclaration, 'fraud' | 'criticalFraud'>;

/** The categorical keys: single fields and pairs whose combination says more than either alone. */
const KEYS: Record<string, (d: Declaration) => string> = {
  office: (d) => d.office,
  processType: (d) => d.processType,
  importType: (d) => d.importType,
  importUse: (d) => d.importUse,
  paymentType: (d) => d.paymentType,
  transport: (d) => d.transport,
  declarant: (d) => d.declarant,
  importer: (d) => d.importer,
  seller: (d) => d.seller,
  courier: (d) => d.courier,
  hs6: (d) => d.hs6,
  hs4: (d) => hsPrefix(d.hs6, 4),
  hs2: (d) => hsPrefix(d.hs6, 2),
  departure: (d) => d.departure,
  origin: (d) => d.origin,
  taxType: (d) => d.taxType,
  originIndicator: (d) => d.originIndicator,
  'hs6×origin': (d) => `${d.hs6}|${d.origin}`,
  'importer×hs6': (d) => `${d.importer}|${d.hs6}`,
  'declarant×importer': (d) => `${d.declarant}|${d.importer}`,
  'declarant×hs6': (d) => `${d.declarant}|${d.hs6}`,
  'importer×seller': (d) => `${d.importer}|${d.seller}`,
  'office×hs6': (d) => `${d.office}|${d.hs6}`,
  'taxType×hs6': (d) => `${d.taxType}|${d.hs6}`,
};

/** HS6 stored as an integer loses its leading zero; pad it back before taking a chapter or heading. */
const hsPrefix = (hs6: string, digits: number): string => hs6.padStart(6, '0').slice(0, digits);

const NUMERIC = ['taxRate', 'logNetMass', 'logItemPrice', 'logUnitValue', 'unitValueVsHs6', 'unitValueVsHs6Origin', 'departsFromOrigin', 'weekday'] as const;

const logUnitValue = (d: Declaration): number => (d.netMass > 0 && d.itemPrice > 0 ? Math.log(d.itemPrice / d.netMass) : NaN);

function median(values: number[]): number {
  const s = values.filter((v) => v === v).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Everything learned from the training declarations that turns a declaration into a feature row. */
export interface Featurizer {
  names: string[];
  target: Map<string, TargetEncoder>;
  frequency: Map<string, FrequencyEncoder>;
  /** Median log unit value per HS6, and per HS6 × origin. */
  unitValueMedian: { hs6: Map<string, number>; hs6Origin: Map<string, number> };
}

export interface FeatureOptions {
  /** Target-encoding pseudo-count (default 20). */
  smoothing?: number;
  folds?: number;
  seed?: number;
}

function medians(rows: readonly Declaration[], key: (d: Declaration) => string, min: number): Map<string, number> {
  const groups = new Map<string, number[]>();
  for (const d of rows) {
    const k = key(d);
    const g = groups.get(k);
    if (g) g.push(logUnitValue(d));
    else groups.set(k, [logUnitValue(d)]);
  }
  const out = new Map<string, number>();
  for (const [k, g] of groups) if (g.length >= min) out.set(k, median(g));
  return out;
}

function numeric(d: Declaration, f: Featurizer): number[] {
  const uv = logUnitValue(d);
  const byHs6 = f.unitValueMedian.hs6.get(d.hs6);
  const byPair = f.unitValueMedian.hs6Origin.get(`${d.hs6}|${d.origin}`);
  return [
    d.taxRate,
    d.netMass > 0 ? Math.log(d.netMass) : NaN,
    d.itemPrice > 0 ? Math.log(d.itemPrice) : NaN,
    uv,
    byHs6 === undefined ? NaN : uv - byHs6,
    byPair === undefined ? NaN : uv - byPair,
    d.departure === d.origin ? 1 : 0,
    new Date(`${d.date}T00:00:00Z`).getUTCDay(),
  ];
}

/**
 * Fit the encoders on labelled training declarations. The training rows come back encoded out of fold (a row's own
 * label never shapes its target encoding); rows scored later use `featuresOf`, with encoders fitted on all of them.
 */
export function fitFeatures(train: readonly LabelledDeclaration[], options: FeatureOptions = {}): { featurizer: Featurizer; rows: Float64Array[] } {
  const labels = Uint8Array.from(train, (d) => d.fraud);
  const keys = Object.keys(KEYS);
  const names = [...NUMERIC, ...keys.map((k) => `te:${k}`), ...keys.map((k) => `count:${k}`)];
  const featurizer: Featurizer = {
    names,
    target: new Map(),
    frequency: new Map(),
    unitValueMedian: { hs6: medians(train, (d) => d.hs6, 3), hs6Origin: medians(train, (d) => `${d.hs6}|${d.origin}`, 3) },
  };
  const rows = train.map(() => new Float64Array(names.length));
  train.forEach((d, i) => rows[i]!.set(numeric(d, featurizer)));
  keys.forEach((k, j) => {
    const categories = train.map(KEYS[k]!);
    const { encoder, outOfFold } = fitTargetEncoding(categories, labels, { smoothing: options.smoothing ?? 20, folds: options.folds ?? 5, seed: (options.seed ?? 1) + j });
    const freq = fitFrequencyEncoding(categories);
    featurizer.target.set(k, encoder);
    featurizer.frequency.set(k, freq);
    for (let i = 0; i < rows.length; i++) {
      rows[i]![NUMERIC.length + j] = outOfFold[i]!;
      rows[i]![NUMERIC.length + keys.length + j] = encodeFrequency(freq, categories[i]!);
    }
  });
  return { featurizer, rows };
}

/** The feature row of a declaration, in the order of `featurizer.names`. */
export function featuresOf(featurizer: Featurizer, d: Declaration): Float64Array {
  const keys = Object.keys(KEYS);
  const row = new Float64Array(featurizer.names.length);
  row.set(numeric(d, featurizer));
  keys.forEach((k, j) => {
    const c = KEYS[k]!(d);
    row[NUMERIC.length + j] = encodeTarget(featurizer.target.get(k)!, c);
    row[NUMERIC.length + keys.length + j] = encodeFrequency(featurizer.frequency.get(k)!, c);
  });
  return row;
}
