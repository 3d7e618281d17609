/**
 * Area under the ROC curve, scikit-learn's `roc_curve` + `auc`: the trapezoid through (FPR, TPR) at each distinct
 * threshold from (0, 0). A run of tied scores is one diagonal segment, i.e. a tied positive/negative pair counts ½,
 * the Mann–Whitney convention.
 */
import type { ThresholdCurve } from './threshold-curve.ts';

export function rocArea(curve: ThresholdCurve): number {
  if (curve.positives === 0 || curve.negatives === 0) {
    throw new Error('rocArea: ROC needs both reference edges and non-edges among the gene pairs; this reference has only one kind.');
  }
  let area = 0;
  let previousFpr = 0;
  let previousTpr = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const fpr = curve.falsePositives[k] / curve.negatives;
    const tpr = curve.truePositives[k] / curve.positives;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousFpr = fpr;
    previousTpr = tpr;
  }
  return area;
}
