/**
 * The cumulative true/false positive counts at each distinct score, highest first: the curve every ranking metric
 * here is read from. Tied scores form ONE threshold (they enter the ranking together), exactly as scikit-learn's
 * `_binary_clf_curve` does and therefore as BEELINE (which calls scikit-learn) does; no tie is broken by order.
 */
export interface ThresholdCurve {
  /** Distinct scores, descending. */
  thresholds: number[];
  /** True positives among pairs scoring ≥ thresholds[i]. */
  truePositives: number[];
  /** False positives among pairs scoring ≥ thresholds[i]. */
  falsePositives: number[];
  positives: number;
  negatives: number;
}

export function thresholdCurve(scores: ArrayLike<number>, labels: ArrayLike<boolean>): ThresholdCurve {
  if (scores.length !== labels.length) throw new Error(`thresholdCurve: ${scores.length} scores but ${labels.length} labels.`);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    if (Number.isNaN(scores[i])) throw new Error(`thresholdCurve: score ${i} is not a number.`);
    if (labels[i]) tp++;
    else fp++;
    const next = order[r + 1];
    // Close a threshold only where the score changes, so tied pairs share one point of the curve.
    if (next === undefined || scores[next] !== scores[i]) {
      thresholds.push(scores[i]);
      truePositives.push(tp);
      falsePositives.push(fp);
    }
  }
  return { thresholds, truePositives, falsePositives, positives: tp, negatives: fp };
}
