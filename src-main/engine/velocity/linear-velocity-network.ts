/**
 * The sparse linear velocity baseline (`--method linear`): one lasso per target gene, its velocity regressed on the
 * expression of every gene (its own too, which stands for decay and is not reported as an edge).
 */
import { lassoPath, type LassoPathOptions } from './lasso-path.ts';
import type { VelocityTargets } from './velocity-targets.ts';

import type { NetworkEdge } from '../../../src-shared/contract/types.ts';

/** How an edge is weighed: how early its source enters the lasso path, or |standardised coefficient| at its end. */
export type LinearEdgeScore = 'entry' | 'coefficient';

/** The contract's edge (src-shared/contract/types.ts); weight ≥ 0, larger is more confident. */
export type { NetworkEdge };

export interface LinearVelocitySettings extends LassoPathOptions {
  score?: LinearEdgeScore;
}

/**
 * Edges source → target for every ordered pair of distinct genes, heaviest first. With `entry` scoring, a source
 * that enters at λ/λ_max = e weighs e, ties broken by |coefficient| at the end of the path (at most 1e-6 of weight,
 * so the order of entry always wins); the sign is that of the coefficient at the end of the path.
 */
export function linearVelocityNetwork(targets: VelocityTargets, settings: LinearVelocitySettings = {}): NetworkEdge[] {
  const score = settings.score ?? 'entry';
  const genes = targets.genes.length;
  const n = targets.cells.length;
  if (n < 2) throw new RangeError(`The linear velocity model needs at least 2 cells with a velocity target; there are ${n}.`);
  const response = new Float64Array(n);
  const edges: NetworkEdge[] = [];
  for (let target = 0; target < genes; target++) {
    for (let i = 0; i < n; i++) response[i] = targets.velocities[i * genes + target];
    const path = lassoPath(targets.states, response, n, genes, settings);
    const last = path.lambdas.length - 1;
    let largest = 0;
    for (let source = 0; source < genes; source++) largest = Math.max(largest, Math.abs(path.coefficients[last * genes + source]));
    for (let source = 0; source < genes; source++) {
      if (source === target) continue;
      const coefficient = path.coefficients[last * genes + source];
      const weight =
        score === 'entry' ? path.entry[source] + (largest > 0 ? (1e-6 * Math.abs(coefficient)) / largest : 0) : Math.abs(coefficient);
      edges.push({ source: targets.genes[source], target: targets.genes[target], weight, sign: Math.sign(coefficient) as -1 | 0 | 1 });
    }
  }
  return edges.sort((a, b) => b.weight - a.weight);
}
