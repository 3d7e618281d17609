/**
 * The AUPRC exactly as BEELINE computes it (BLEval/computeAUC.py: `auc(recall, precision)` on scikit-learn's
 * `precision_recall_curve`): the trapezoid rule through the curve's points, starting from (recall 0, precision 1).
 * It interpolates linearly between thresholds, so it is slightly more generous than average precision; BEELINE's
 * published AUPRC ratios were computed this way. Points after full recall add no area (recall no longer grows),
 * so the truncation some scikit-learn versions apply there does not change the value.
 */
import type { ThresholdCurve } from './threshold-curve.ts';

export function beelinePrecisionRecallArea(curve: ThresholdCurve): number {
  if (curve.positives === 0)
    throw new Error('beelinePrecisionRecallArea: the reference has no positive pair, so precision–recall is undefined.');
  let area = 0;
  let previousRecall = 0;
  let previousPrecision = 1;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.truePositives[k];
    const recall = tp / curve.positives;
    const precision = tp / (tp + curve.falsePositives[k]);
    area += ((recall - previousRecall) * (precision + previousPrecision)) / 2;
    previousRecall = recall;
    previousPrecision = precision;
  }
  return area;
}
