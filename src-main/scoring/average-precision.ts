/**
 * Average precision, scikit-learn's `average_precision_score`: Σ (Rₙ − Rₙ₋₁)·Pₙ over the distinct thresholds,
 * highest first, with R₀ = 0. A step function, no interpolation between points (unlike the trapezoid BEELINE's
 * plots use, see beeline-precision-recall-area.ts); tied scores are one step (threshold-curve.ts).
 */
import type { ThresholdCurve } from './threshold-curve.ts';

export function averagePrecision(curve: ThresholdCurve): number {
  if (curve.positives === 0) throw new Error('averagePrecision: the reference has no positive pair, so precision–recall is undefined.');
  let sum = 0;
  let previousRecall = 0;
  for (let k = 0; k < curve.thresholds.length; k++) {
    const tp = curve.truePositives[k];
    const recall = tp / curve.positives;
    const precision = tp / (tp + curve.falsePositives[k]);
    sum += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return sum;
}
