/**
 * Peak pseudotime of each gene: the scaled pseudotime (0–1) at which its fitted (predicted) expression is highest
 * over the training trajectories — where in the differentiation a gene acts. Observed cells stand in only when a
 * trajectory has no prediction. Genes that are never drawn get no value.
 */
import type { TrajectoryFigureData } from '../../src-shared/figures/index.ts';

export function peakPseudotimes(data: TrajectoryFigureData): Map<string, number> {
  const best = new Map<string, { value: number; time: number }>();
  const training = data.trajectories.filter((trajectory) => trajectory.split === 'train');
  const used = training.length > 0 ? training : data.trajectories;
  const genes = data.genes.length;
  for (const trajectory of used) {
    const curve = trajectory.predicted ?? trajectory.observed;
    const steps = curve.times.length;
    for (let g = 0; g < genes; g++) {
      for (let k = 0; k < steps; k++) {
        const value = curve.values[k * genes + g];
        const current = best.get(data.genes[g]);
        if (Number.isFinite(value) && (!current || value > current.value)) best.set(data.genes[g], { value, time: curve.times[k] });
      }
    }
  }
  return new Map([...best].map(([gene, peak]) => [gene, peak.time]));
}
