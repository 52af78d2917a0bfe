// A trained model as versioned JSON ({format: 'clearway-gbt', version: 1, …}) and back.
import type { Model, Tree } from './gbt.ts';

export interface ModelJson {
  format: 'clearway-gbt';
  version: 1;
  features: string[];
  baseScore: number;
  roundsTried: number;
  validationScore?: number;
  trees: { feature: number[]; threshold: (number | null)[]; missingLeft: number[]; left: number[]; right: number[]; value: number[] }[];
}

/** The model as plain JSON data. Thresholds of +Infinity (never produced by training, but legal) are written as null. */
export function toJson(model: Model): ModelJson {
  return {
    format: 'clearway-gbt',
    version: 1,
    features: [...model.features],
    baseScore: model.baseScore,
    roundsTried: model.roundsTried,
    ...(model.validationScore !== undefined ? { validationScore: model.validationScore } : {}),
    trees: model.trees.map((t) => ({
      feature: [...t.feature],
      threshold: [...t.threshold].map((v) => (Number.isFinite(v) ? v : null)),
      missingLeft: [...t.missingLeft],
      left: [...t.left],
      right: [...t.right],
      value: [...t.value],
    })),
  };
}

export type ModelReadError = { code: 'not-a-model' | 'unsupported-version' | 'malformed-tree'; message: string };

/** A model from its JSON form, or why the data is not one this version reads. */
export function fromJson(data: unknown): { model: Model } | { error: ModelReadError } {
  const d = data as Partial<ModelJson> | null;
  if (typeof d !== 'object' || d === null || d.format !== 'clearway-gbt') return { error: { code: 'not-a-model', message: 'not a clearway-gbt model (format is missing or different)' } };
  if (d.version !== 1) return { error: { code: 'unsupported-version', message: `clearway-gbt version ${String(d.version)} is not supported (this reads version 1)` } };
  if (!Array.isArray(d.features) || typeof d.baseScore !== 'number' || !Array.isArray(d.trees)) return { error: { code: 'not-a-model', message: 'features, baseScore and trees are required' } };
  const trees: Tree[] = [];
  for (const [k, t] of d.trees.entries()) {
    const size = t?.value?.length ?? 0;
    const arrays = [t?.feature, t?.threshold, t?.missingLeft, t?.left, t?.right, t?.value];
    if (size === 0 || arrays.some((a) => !Array.isArray(a) || a.length !== size)) return { error: { code: 'malformed-tree', message: `tree ${k}: node arrays missing or of different lengths` } };
    const tree: Tree = {
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold, (v) => (v === null ? Infinity : v)),
      missingLeft: Uint8Array.from(t.missingLeft),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
    };
    for (let i = 0; i < size; i++) {
      const f = tree.feature[i]!;
      const inner = f >= 0;
      // Children come after their parent, so walking a tree always ends.
      if (f >= d.features.length || (inner && !(tree.left[i]! > i && tree.left[i]! < size && tree.right[i]! > i && tree.right[i]! < size))) {
        return { error: { code: 'malformed-tree', message: `tree ${k}, node ${i}: feature or children out of range` } };
      }
    }
    trees.push(tree);
  }
  return {
    model: {
      features: [...d.features],
      baseScore: d.baseScore,
      trees,
      roundsTried: d.roundsTried ?? trees.length,
      ...(d.validationScore !== undefined ? { validationScore: d.validationScore } : {}),
    },
  };
}
