// Ranking metrics for inspection selection: precision and recall of the top n % of rows by score (DATE, KDD 2020), and AUC.

/**
 * Indices of the top `percent` % of rows by score, highest first: round(percent/100 × rows) of them, at least one.
 * Ties keep the rows' original order, so the selection is deterministic.
 */
export function topIndices(scores: ArrayLike<number>, percent: number): Uint32Array {
  if (!(percent > 0 && percent <= 100)) throw new Error(`percent must be in (0, 100], got ${percent}`);
  const n = scores.length;
  const k = Math.min(n, Math.max(1, Math.round((percent / 100) * n)));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, k);
}

/** Share of the top n % (by score) that are positive: Pre@n%. */
export function precisionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, percent: number): number {
  const top = topIndices(scores, percent);
  let hits = 0;
  for (const i of top) if (labels[i]! > 0) hits++;
  return top.length === 0 ? 0 : hits / top.length;
}

/** Share of all positives found in the top n % (by score): Rec@n%. 0 when there is no positive. */
export function recallAt(scores: ArrayLike<number>, labels: ArrayLike<number>, percent: number): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]! > 0) positives++;
  if (positives === 0) return 0;
  let hits = 0;
  for (const i of topIndices(scores, percent)) if (labels[i]! > 0) hits++;
  return hits / positives;
}

/** Area under the ROC curve, by ranks: the chance a random positive outscores a random negative (ties share their mean rank). */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k]!]! > 0) {
      rankSum += rank;
      pos++;
    }
    i = j + 1;
  }
  const neg = n - pos;
  return pos === 0 || neg === 0 ? 0.5 : (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
