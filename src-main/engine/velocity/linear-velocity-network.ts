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
  /** Gene indices allowed as regulators (ascending); null or absent = every gene. */
  sources?: readonly number[] | null;
}

/**
 * Edges source → target for every ordered pair of distinct genes, heaviest first. With `entry` scoring, a source
 * that enters at λ/λ_max = e weighs e, ties broken by |coefficient| at the end of the path (at most 1e-6 of weight,
 * so the order of entry always wins); the sign is that of the coefficient at the end of the path. With `sources`,
 * each target's lasso sees only the allowed sources and its own gene (its decay), and only they can be edge sources.
 */
export function linearVelocityNetwork(targets: VelocityTargets, settings: LinearVelocitySettings = {}): NetworkEdge[] {
  const score = settings.score ?? 'entry';
  const genes = targets.genes.length;
  const n = targets.cells.length;
  if (n < 2) throw new RangeError(`The linear velocity model needs at least 2 cells with a velocity target; there are ${n}.`);
  const response = new Float64Array(n);
  const edges: NetworkEdge[] = [];
  const allowed = settings.sources ?? null;
  for (let target = 0; target < genes; target++) {
    for (let i = 0; i < n; i++) response[i] = targets.velocities[i * genes + target];
    // The predictors of this target: every gene, or the allowed sources and the target itself (its decay).
    const columns = allowed === null ? null : [...new Set([...allowed, target])].sort((a, b) => a - b);
    const p = columns?.length ?? genes;
    let predictors: Float32Array = targets.states;
    if (columns !== null) {
      predictors = new Float32Array(n * p);
      for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) predictors[i * p + c] = targets.states[i * genes + columns[c]];
    }
    const path = lassoPath(predictors, response, n, p, settings);
    const last = path.lambdas.length - 1;
    let largest = 0;
    for (let c = 0; c < p; c++) largest = Math.max(largest, Math.abs(path.coefficients[last * p + c]));
    for (let c = 0; c < p; c++) {
      const source = columns === null ? c : columns[c];
      if (source === target) continue;
      const coefficient = path.coefficients[last * p + c];
      const weight =
        score === 'entry' ? path.entry[c] + (largest > 0 ? (1e-6 * Math.abs(coefficient)) / largest : 0) : Math.abs(coefficient);
      edges.push({ source: targets.genes[source], target: targets.genes[target], weight, sign: Math.sign(coefficient) as -1 | 0 | 1 });
    }
  }
  return edges.sort((a, b) => b.weight - a.weight);
}
