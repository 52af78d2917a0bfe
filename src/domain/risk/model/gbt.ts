// Histogram-based gradient-boosted decision trees for binary classification (logistic loss), trained in-process.
import { runSteps, type Steps } from '../../progress/index.ts';
import { seededRandom } from '../../random/index.ts';
import { auc } from './metrics.ts';

/** A row of feature values; NaN is a missing value. */
export type Row = ArrayLike<number>;

export interface TrainOptions {
  /** Most trees to grow (default 500). */
  rounds?: number;
  /** Shrinkage applied to every leaf (default 0.05). */
  learningRate?: number;
  /** Most leaves per tree; trees grow best-first (default 31). */
  maxLeaves?: number;
  /** Deepest a leaf may be; 0 for no limit (default 0). */
  maxDepth?: number;
  /** Fewest training rows in a leaf (default 20). */
  minSamplesLeaf?: number;
  /** Smallest sum of hessians in a leaf (default 1e-3). */
  minHessianLeaf?: number;
  /** L2 regularisation of leaf values (default 1). */
  lambda?: number;
  /** Smallest loss reduction worth a split (default 0). */
  minGain?: number;
  /** Share of rows each tree sees, drawn afresh per tree (default 1). */
  rowSample?: number;
  /** Share of features each tree may split on, drawn afresh per tree (default 1). */
  colSample?: number;
  /** Bins per feature including the missing-value bin, at most 255 (default 255). */
  maxBins?: number;
  /** Seed of the PRNG behind the subsampling: the same seed and data give the same model. */
  seed?: number;
  /** Rows scored after every tree; training stops when the metric has not improved for `earlyStoppingRounds`. */
  validation?: { rows: readonly Row[]; labels: ArrayLike<number> };
  earlyStoppingRounds?: number;
  /** What early stopping watches (default 'logloss'). */
  metric?: 'logloss' | 'auc';
  featureNames?: readonly string[];
}

/** A tree as flat arrays; node 0 is the root, a leaf has feature -1. */
export interface Tree {
  feature: Int32Array;
  /** A row goes left when its value is <= threshold. */
  threshold: Float64Array;
  /** Where a missing (NaN) value goes: 1 left, 0 right. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** The node's output (shrinkage applied); for an inner node, what it would output as a leaf (for contributions). */
  value: Float64Array;
}

export interface Model {
  features: string[];
  /** Log-odds every score starts from: the training prior. */
  baseScore: number;
  trees: Tree[];
  /** Trees grown before early stopping picked the best round (equals trees.length without validation). */
  roundsTried: number;
  /** The validation metric at the kept round, when there was a validation set. */
  validationScore?: number;
}


const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Cut points of one feature: value bin j (0-based) holds values <= cuts[j] and > cuts[j-1]; the last cut is +Infinity.
 * Up to maxValueBins bins of roughly equal counts, cut midway between distinct values.
 */
function cutsOf(values: Float64Array, maxValueBins: number): Float64Array {
  const sorted = values.filter((v) => v === v).sort();
  if (sorted.length === 0) return Float64Array.of(Infinity);
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      distinct.push(sorted[i]!);
      counts.push(1);
    } else counts[counts.length - 1]!++;
  }
  const cuts: number[] = [];
  if (distinct.length <= maxValueBins) {
    for (let i = 0; i + 1 < distinct.length; i++) cuts.push((distinct[i]! + distinct[i + 1]!) / 2);
  } else {
    let remaining = sorted.length;
    let binsLeft = maxValueBins;
    let acc = 0;
    for (let i = 0; i + 1 < distinct.length && binsLeft > 1; i++) {
      acc += counts[i]!;
      if (acc >= remaining / binsLeft) {
        cuts.push((distinct[i]! + distinct[i + 1]!) / 2);
        remaining -= acc;
        acc = 0;
        binsLeft--;
      }
    }
  }
  cuts.push(Infinity);
  return Float64Array.from(cuts);
}

/** Bin of a value: 0 for missing, else 1 + the first value bin whose cut is >= the value. */
function binOf(cuts: Float64Array, v: number): number {
  if (v !== v) return 0;
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo + 1;
}

interface Split {
  gain: number;
  feature: number;
  /** Rows whose bin is 1..bin go left. */
  bin: number;
  missingLeft: boolean;
}

interface Leaf {
  start: number;
  end: number;
  depth: number;
  node: number;
  sumG: number;
  sumH: number;
  /** Per-bin gradient sums, hessian sums and counts over all features. */
  hist: Float64Array;
  split: Split | undefined;
}

/** Train a boosted ensemble on rows and 0/1 labels. Deterministic for a given seed. */
export const train = (rows: readonly Row[], labels: ArrayLike<number>, options: TrainOptions = {}): Model => runSteps(boost(rows, labels, options));

/**
 * `train` as steps: yields after every tree (phase `boosting`, `total` the most rounds); when early stopping ends it
 * sooner, the last step jumps to `total`.
 */
export function* boost(rows: readonly Row[], labels: ArrayLike<number>, options: TrainOptions = {}): Steps<Model> {
  const n = rows.length;
  if (n === 0) throw new Error('train: no rows');
  if (labels.length !== n) throw new Error(`train: ${n} rows but ${labels.length} labels`);
  const F = rows[0]!.length;
  const o = {
    rounds: options.rounds ?? 500,
    lr: options.learningRate ?? 0.05,
    maxLeaves: Math.max(2, options.maxLeaves ?? 31),
    maxDepth: options.maxDepth ?? 0,
    minSamples: Math.max(1, options.minSamplesLeaf ?? 20),
    minHess: options.minHessianLeaf ?? 1e-3,
    lambda: options.lambda ?? 1,
    minGain: options.minGain ?? 0,
    rowSample: options.rowSample ?? 1,
    colSample: options.colSample ?? 1,
    maxBins: Math.min(255, Math.max(3, options.maxBins ?? 255)),
    patience: options.earlyStoppingRounds ?? 50,
    metric: options.metric ?? 'logloss',
  };
  const features = options.featureNames ? [...options.featureNames] : Array.from({ length: F }, (_, i) => `f${i}`);
  if (features.length !== F) throw new Error(`train: ${F} features but ${features.length} names`);
  const random = seededRandom(options.seed ?? 1);

  // Bin every feature, column by column: a histogram is built one feature at a time over a node's rows.
  const cuts: Float64Array[] = [];
  const offset = new Int32Array(F + 1);
  const binned: Uint8Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < F; f++) {
    for (let i = 0; i < n; i++) column[i] = rows[i]![f]!;
    const c = cutsOf(column, o.maxBins - 1);
    cuts.push(c);
    offset[f + 1] = offset[f]! + c.length + 1;
    const col = new Uint8Array(n);
    for (let i = 0; i < n; i++) col[i] = binOf(c, column[i]!);
    binned.push(col);
  }
  const totalBins = offset[F]!;

  const y = new Float64Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] = labels[i]! > 0 ? 1 : 0;
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, positives / n));
  const baseScore = Math.log(prior / (1 - prior));
  const score = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);

  const valid = options.validation;
  const validScore = valid ? new Float64Array(valid.rows.length).fill(baseScore) : undefined;
  let best = { round: 0, metric: -Infinity };
  const trees: Tree[] = [];

  const indices = new Uint32Array(n);
  const scratch = new Uint32Array(n);
  const allowed = new Uint8Array(F);
  let active = new Int32Array(0);
  const order = Array.from({ length: F }, (_, i) => i);
  const gathered = new Float64Array(2 * n);
  const pool: Float64Array[] = [];
  const release = (hist: Float64Array): void => void pool.push(hist);

  const leafValue = (g: number, h: number): number => (-g / (h + o.lambda)) * o.lr;
  const score2 = (g: number, h: number): number => (g * g) / (h + o.lambda);

  const buildHist = (start: number, end: number): Float64Array => {
    const hist = pool.pop()?.fill(0) ?? new Float64Array(totalBins * 3);
    const m = end - start;
    for (let k = 0; k < m; k++) {
      const i = indices[start + k]!;
      gathered[2 * k] = grad[i]!;
      gathered[2 * k + 1] = hess[i]!;
    }
    for (let a = 0; a < active.length; a++) {
      const f = active[a]!;
      const col = binned[f]!;
      const base = offset[f]! * 3;
      for (let k = 0; k < m; k++) {
        const at = base + col[indices[start + k]!]! * 3;
        hist[at] = hist[at]! + gathered[2 * k]!;
        hist[at + 1] = hist[at + 1]! + gathered[2 * k + 1]!;
        hist[at + 2] = hist[at + 2]! + 1;
      }
    }
    return hist;
  };

  const bestSplit = (hist: Float64Array, sumG: number, sumH: number, count: number): Split | undefined => {
    let best: Split | undefined;
    const parent = score2(sumG, sumH);
    for (let a = 0; a < active.length; a++) {
      const f = active[a]!;
      const off = offset[f]! * 3;
      const bins = offset[f + 1]! - offset[f]!;
      const mG = hist[off]!;
      const mH = hist[off + 1]!;
      const mC = hist[off + 2]!;
      let lG = 0;
      let lH = 0;
      let lC = 0;
      for (let b = 1; b < bins - 1; b++) {
        const at = off + b * 3;
        lG += hist[at]!;
        lH += hist[at + 1]!;
        lC += hist[at + 2]!;
        if (lC === 0) continue;
        // Missing values go right, then left; keep whichever gains more.
        for (let side = 0; side < 2; side++) {
          const gL = side === 0 ? lG : lG + mG;
          const hL = side === 0 ? lH : lH + mH;
          const cL = side === 0 ? lC : lC + mC;
          const cR = count - cL;
          if (cL < o.minSamples || cR < o.minSamples) continue;
          const hR = sumH - hL;
          if (hL < o.minHess || hR < o.minHess) continue;
          const gain = score2(gL, hL) + score2(sumG - gL, hR) - parent;
          if (gain > o.minGain && (best === undefined || gain > best.gain)) best = { gain, feature: f, bin: b, missingLeft: side === 1 };
          if (mC === 0) break;
        }
      }
    }
    return best;
  };

  for (let round = 0; round < o.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(score[i]!);
      grad[i] = p - y[i]!;
      hess[i] = Math.max(p * (1 - p), 1e-16);
    }
    let m = 0;
    if (o.rowSample < 1) {
      for (let i = 0; i < n; i++) if (random() < o.rowSample) indices[m++] = i;
    } else for (let i = 0; i < n; i++) indices[m++] = i;
    if (m < 2 * o.minSamples) break;
    if (o.colSample < 1) {
      for (let i = F - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      allowed.fill(0);
      const k = Math.max(1, Math.round(o.colSample * F));
      for (let i = 0; i < k; i++) allowed[order[i]!] = 1;
    } else allowed.fill(1);
    active = Int32Array.from(order.filter((f) => allowed[f] === 1)).sort();

    const nodes = { feature: [] as number[], threshold: [] as number[], missingLeft: [] as number[], left: [] as number[], right: [] as number[], value: [] as number[] };
    const addNode = (value: number): number => {
      nodes.feature.push(-1);
      nodes.threshold.push(0);
      nodes.missingLeft.push(0);
      nodes.left.push(-1);
      nodes.right.push(-1);
      nodes.value.push(value);
      return nodes.value.length - 1;
    };
    let sumG = 0;
    let sumH = 0;
    for (let k = 0; k < m; k++) {
      sumG += grad[indices[k]!]!;
      sumH += hess[indices[k]!]!;
    }
    const rootHist = buildHist(0, m);
    const canSplit = (depth: number, count: number) => (o.maxDepth <= 0 || depth < o.maxDepth) && count >= 2 * o.minSamples;
    const root: Leaf = { start: 0, end: m, depth: 0, node: addNode(leafValue(sumG, sumH)), sumG, sumH, hist: rootHist, split: undefined };
    root.split = canSplit(0, m) ? bestSplit(rootHist, sumG, sumH, m) : undefined;
    const open: Leaf[] = [root];
    let leaves = 1;
    while (leaves < o.maxLeaves) {
      let pick = -1;
      for (let i = 0; i < open.length; i++) {
        const s = open[i]!.split;
        if (s && (pick < 0 || s.gain > open[pick]!.split!.gain)) pick = i;
      }
      if (pick < 0) break;
      const leaf = open[pick]!;
      open.splice(pick, 1);
      const s = leaf.split!;
      // Partition the leaf's rows: left ones first, in their original order.
      let l = leaf.start;
      let r = 0;
      const splitCol = binned[s.feature]!;
      for (let k = leaf.start; k < leaf.end; k++) {
        const i = indices[k]!;
        const b = splitCol[i]!;
        if (b === 0 ? s.missingLeft : b <= s.bin) indices[l++] = i;
        else scratch[r++] = i;
      }
      indices.set(scratch.subarray(0, r), l);
      let gL = 0;
      let hL = 0;
      for (let k = leaf.start; k < l; k++) {
        gL += grad[indices[k]!]!;
        hL += hess[indices[k]!]!;
      }
      const gR = leaf.sumG - gL;
      const hR = leaf.sumH - hL;
      const cL = l - leaf.start;
      const cR = leaf.end - l;
      // Build the smaller child's histogram; the larger one's is the parent's minus it.
      const small = cL <= cR ? buildHist(leaf.start, l) : buildHist(l, leaf.end);
      const large = leaf.hist;
      for (let k = 0; k < large.length; k++) large[k] = large[k]! - small[k]!;
      const [histL, histR] = cL <= cR ? [small, large] : [large, small];
      const node = leaf.node;
      nodes.feature[node] = s.feature;
      nodes.threshold[node] = cuts[s.feature]![s.bin - 1]!;
      nodes.missingLeft[node] = s.missingLeft ? 1 : 0;
      const left: Leaf = { start: leaf.start, end: l, depth: leaf.depth + 1, node: addNode(leafValue(gL, hL)), sumG: gL, sumH: hL, hist: histL, split: undefined };
      const right: Leaf = { start: l, end: leaf.end, depth: leaf.depth + 1, node: addNode(leafValue(gR, hR)), sumG: gR, sumH: hR, hist: histR, split: undefined };
      nodes.left[node] = left.node;
      nodes.right[node] = right.node;
      if (canSplit(left.depth, cL)) left.split = bestSplit(histL, gL, hL, cL);
      if (canSplit(right.depth, cR)) right.split = bestSplit(histR, gR, hR, cR);
      open.push(left, right);
      leaves++;
    }
    for (const leaf of open) release(leaf.hist);
    const tree: Tree = {
      feature: Int32Array.from(nodes.feature),
      threshold: Float64Array.from(nodes.threshold),
      missingLeft: Uint8Array.from(nodes.missingLeft),
      left: Int32Array.from(nodes.left),
      right: Int32Array.from(nodes.right),
      value: Float64Array.from(nodes.value),
    };
    trees.push(tree);
    // Every training row (sampled or not) gets the tree's output; binned lookups match the raw thresholds.
    for (let i = 0; i < n; i++) {
      let node = 0;
      while (tree.feature[node]! >= 0) {
        const f = tree.feature[node]!;
        const b = binned[f]![i]!;
        const goLeft = b === 0 ? tree.missingLeft[node] === 1 : cuts[f]![b - 1]! <= tree.threshold[node]!;
        node = goLeft ? tree.left[node]! : tree.right[node]!;
      }
      score[i] = score[i]! + tree.value[node]!;
    }
    if (valid && validScore) {
      for (let i = 0; i < validScore.length; i++) validScore[i] = validScore[i]! + treeOutput(tree, valid.rows[i]!);
      const metric = o.metric === 'auc' ? auc(validScore, valid.labels) : -loglossOf(validScore, valid.labels);
      if (metric > best.metric) best = { round: round + 1, metric };
      else if (round + 1 - best.round >= o.patience) break;
    }
    if (round + 1 < o.rounds) yield { done: round + 1, total: o.rounds, phase: 'boosting' };
  }
  yield { done: o.rounds, total: o.rounds, phase: 'boosting' };
  const roundsTried = trees.length;
  if (valid) trees.length = best.round;
  return { features, baseScore, trees, roundsTried, ...(valid ? { validationScore: o.metric === 'auc' ? best.metric : -best.metric } : {}) };
}

function loglossOf(logits: Float64Array, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i]!;
    // log(1 + e^z) - y z, computed without overflow.
    sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (labels[i]! > 0 ? z : 0);
  }
  return sum / logits.length;
}


/** One tree's output for a row. */
function treeOutput(tree: Tree, row: Row): number {
  let node = 0;
  while (tree.feature[node]! >= 0) {
    const v = row[tree.feature[node]!]!;
    node = (v !== v ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!) ? tree.left[node]! : tree.right[node]!;
  }
  return tree.value[node]!;
}

/**
 * Every node of every tree in one array, 4 numbers a node: feature (-1 for a leaf), threshold, left child's absolute
 * index (its sign says where missing values go: negative for left), right child's index; a leaf holds its value in the
 * threshold slot. A node is four numbers (32 bytes, two to a cache line): scoring walks memory far less than with separate arrays.
 */
const packed = new WeakMap<Model, { nodes: Float64Array; roots: Int32Array; trees: number }>();

function packOf(model: Model): { nodes: Float64Array; roots: Int32Array } {
  const cached = packed.get(model);
  if (cached && cached.trees === model.trees.length) return cached;
  const size = model.trees.reduce((s, t) => s + t.value.length, 0);
  const nodes = new Float64Array(size * 4);
  const roots = new Int32Array(model.trees.length);
  let base = 0;
  model.trees.forEach((t, k) => {
    roots[k] = base;
    for (let i = 0; i < t.value.length; i++) {
      const at = (base + i) * 4;
      const leaf = t.feature[i]! < 0;
      nodes[at] = leaf ? -1 : t.feature[i]!;
      nodes[at + 1] = leaf ? t.value[i]! : t.threshold[i]!;
      nodes[at + 2] = leaf ? 0 : (t.missingLeft[i] === 1 ? -1 : 1) * (base + t.left[i]!);
      nodes[at + 3] = leaf ? 0 : base + t.right[i]!;
    }
    base += t.value.length;
  });
  const pack = { nodes, roots, trees: model.trees.length };
  packed.set(model, pack);
  return pack;
}

/** The model's log-odds for a row. */
export function logit(model: Model, row: Row): number {
  const { nodes, roots } = packOf(model);
  let z = model.baseScore;
  for (let k = 0; k < roots.length; k++) {
    let at = roots[k]! * 4;
    let f = nodes[at]!;
    while (f >= 0) {
      const v = row[f]!;
      const left = nodes[at + 2]!;
      const goLeft = v !== v ? left < 0 : v <= nodes[at + 1]!;
      at = (goLeft ? Math.abs(left) : nodes[at + 3]!) * 4;
      f = nodes[at]!;
    }
    z += nodes[at + 1]!;
  }
  return z;
}

/** The probability the model gives the positive class for a row. */
export const predict = (model: Model, row: Row): number => sigmoid(logit(model, row));

export interface Contributions {
  /** Base score plus every tree's root value: the log-odds before any split is taken into account. */
  bias: number;
  /** Per feature, the log-odds its splits added along the row's paths (Saabas); bias + their sum = the logit. */
  features: Float64Array;
}

/** Why the model scores a row as it does: per-feature additions to the log-odds along the row's decision paths. */
export function contributions(model: Model, row: Row): Contributions {
  const features = new Float64Array(model.features.length);
  let bias = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    bias += tree.value[0]!;
    while (tree.feature[node]! >= 0) {
      const f = tree.feature[node]!;
      const v = row[f]!;
      const next = (v !== v ? tree.missingLeft[node] === 1 : v <= tree.threshold[node]!) ? tree.left[node]! : tree.right[node]!;
      features[f] = features[f]! + tree.value[next]! - tree.value[node]!;
      node = next;
    }
  }
  return { bias, features };
}
