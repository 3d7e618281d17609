/**
 * The gene regulatory network a trained model implies (docs/model.md "Read-out"): edge weights from the weight-path
 * matrix, signs from the mean Jacobian over the fitted states, self-edges left out, plus the three sparsities.
 */
import type { ModelConfig } from '../../../src-shared/run-config.ts';
import type { TrainingEngine } from '../engine-interface.ts';
import { parameterLayout } from '../model/parameter-layout.ts';
import { deterministicGates, gatedWeights } from './deterministic-gates.ts';
import { meanJacobian } from './mean-jacobian.ts';
import type { NetworkEdge } from '../../../src-shared/contract/types.ts';
import { pathMatrix } from './path-matrix.ts';
import { NEAR_ZERO, featureSparsity, modelSparsity, spuriousFeatureSparsity } from './sparsity.ts';

/** The contract's edge (src-shared/contract/types.ts): sign of the mean ∂f_target/∂x_source. */
export type Edge = NetworkEdge;

export interface NetworkReadout {
  /** D × D path matrix, row = source, column = target. */
  path: Float64Array;
  /** D × D mean Jacobian, same orientation. */
  jacobian: Float64Array;
  /** Every non-self edge whose weight is not near zero (≥ NEAR_ZERO), heaviest first. */
  edges: Edge[];
  featureSparsity: number;
  modelSparsity: number;
  /** NaN when no TF list was given (or every gene is a TF). */
  spuriousFeatureSparsity: number;
  /** Deterministic gates that are not exactly closed, per layer (a layer with none cuts every path: empty network). */
  openGates: number[];
}

export interface ReadoutInput {
  genes: string[];
  model: ModelConfig;
  params: Float32Array;
  /** Fitted states (count × D, row-major) where the Jacobian is averaged: the model's predictions at its targets. */
  states: Float32Array;
  /** TF flag per gene, or null when no TF list is known. */
  isTf: boolean[] | null;
}

export function readNetwork(input: ReadoutInput): NetworkReadout {
  const D = input.genes.length;
  const layout = parameterLayout(D, input.model);
  const gated = gatedWeights(layout, input.params);
  const path = pathMatrix(layout, gated);
  const stateCount = input.states.length / D;
  const jacobian = meanJacobian(layout, input.params, gated, input.states, stateCount);
  const edges: Edge[] = [];
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      const weight = path[i * D + j];
      if (i === j || !(weight >= NEAR_ZERO)) continue;
      const mean = jacobian[i * D + j];
      edges.push({ source: input.genes[i], target: input.genes[j], weight, sign: mean > 0 ? 1 : mean < 0 ? -1 : 0 });
    }
  }
  // Ties keep a stable, meaningful order: source then target as in the data.
  edges.sort((a, b) => b.weight - a.weight);
  return {
    path,
    jacobian,
    edges,
    featureSparsity: featureSparsity(path),
    modelSparsity: modelSparsity(gated),
    spuriousFeatureSparsity: input.isTf ? spuriousFeatureSparsity(path, D, input.isTf) : Number.NaN,
    openGates: deterministicGates(layout, input.params).map((z) => z.filter((g) => g > 0).length),
  };
}

/**
 * The network of a trained model at the fitted states of its own training trajectories (the engine's deterministic
 * prediction at its targets), then frees the engine: the read-out is the last use of a training engine.
 */
export async function readNetworkFromEngine(engine: TrainingEngine, input: Omit<ReadoutInput, 'states'>): Promise<NetworkReadout> {
  let states: Float32Array;
  try {
    const fitted = await engine.predict(input.params);
    states = concatenate(fitted.trajectories.map((t) => t.values));
  } finally {
    engine.dispose();
  }
  return readNetwork({ ...input, states });
}

function concatenate(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
