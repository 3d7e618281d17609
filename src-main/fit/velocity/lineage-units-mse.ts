/**
 * A velocity run's predictions, made in its donor's one scaling (velocity-cells.ts velocityScaling), measured in the
 * units the trajectory method and the paper report: each lineage's genes min–max scaled over its own kept cells. So
 * the held-out MSE of the two methods can be compared on the paper's protocol although their fields live in
 * different units.
 */
import type { PreparedTrajectory, Trajectory } from '../../data/dataset.ts';
import type { VelocityScaling } from './velocity-cells.ts';

/**
 * Per-cell MSE of one trajectory in its own lineage's min–max units: the prediction (field units) is mapped back to
 * raw values by the donor's scaling, then scaled as the preparation scaled this lineage. A gene constant over the
 * lineage (prepared as 0 everywhere) has no lineage range: its error is measured in the run's range for that gene.
 */
export function lineageUnitsMse(raw: Trajectory, prepared: PreparedTrajectory, scaling: VelocityScaling, predicted: Float32Array): number {
  const rows = prepared.keptRows;
  if (!rows) throw new RangeError(`Trajectory ${JSON.stringify(prepared.name)} does not say which of its cells were kept.`);
  const d = raw.genes.length;
  if (predicted.length !== rows.length * d)
    throw new RangeError(`${predicted.length} predicted values for ${rows.length} cells × ${d} genes of ${JSON.stringify(prepared.name)}.`);
  let sum = 0;
  for (let g = 0; g < d; g++) {
    let min = Infinity;
    let max = -Infinity;
    for (const row of rows) {
      const v = raw.values[row * d + g];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max > min ? max - min : scaling.geneRange[g];
    rows.forEach((_, c) => {
      const value = predicted[c * d + g] * scaling.geneRange[g] + scaling.geneMin[g];
      sum += ((value - min) / range - prepared.values[c * d + g]) ** 2;
    });
  }
  return rows.length > 0 ? sum / (rows.length * d) : Number.NaN;
}
