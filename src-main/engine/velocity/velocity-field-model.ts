/**
 * A trained per-edge field with the scaling it was trained in, so it can be evaluated (and integrated) in the
 * data's own units: f(x) = s ⊙ f̃((x − μ)/σ), and its network read out.
 */
import { GATE_L0_SHIFT } from '../model/hard-concrete.ts';
import { perEdgeFieldForward, perEdgeGates, type PerEdgeFieldConfig } from './per-edge-field-cpu.ts';
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import type { NetworkEdge } from './linear-velocity-network.ts';

export interface VelocityFieldModel {
  kind: 'per-edge-field';
  genes: string[];
  config: PerEdgeFieldConfig;
  /** Flat parameters (per-edge-field-layout.ts). */
  values: Float32Array;
  /** μ, σ of the states and s of the velocities per gene, from the training cells. */
  inputShift: Float32Array;
  inputScale: Float32Array;
  outputScale: Float32Array;
}

/**
 * How an edge i → j is weighed: mean |∂f̃_j/∂x̃_i| over cells; the gated weight paths z_ij·Σ_k |W1_ijk|·|W2_jk|; or
 * the gate's probability of being open, P(z_ij ≠ 0) = sigmoid(logα_ij − β·log(−γ/ζ)), ties broken by the Jacobian;
 * or `survival`: that probability averaged over a rising penalty path (how long the edge resists the penalty, the
 * gated analogue of how early a source enters the lasso path), given by the fit; or `entry`: the λ/λ_max at which
 * the pair's group (linear term and first-layer weights) enters a group-lasso path, given by the fit.
 */
export type FieldReadout = 'jacobian' | 'path' | 'gate' | 'survival' | 'entry';

/** f(x) for `rows` states in the data's units, deterministic gates (evaluation and integration). */
export function predictVelocity(model: VelocityFieldModel, states: Float32Array | Float64Array, rows: number): Float64Array {
  const d = model.genes.length;
  const standardised = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++)
    for (let g = 0; g < d; g++) standardised[r * d + g] = (states[r * d + g] - model.inputShift[g]) / model.inputScale[g];
  const gates = perEdgeGates(model.values, model.config, null);
  const out = perEdgeFieldForward(model.values, model.config, gates, standardised, rows);
  for (let r = 0; r < rows; r++) for (let g = 0; g < d; g++) out[r * d + g] *= model.outputScale[g];
  return out;
}

/**
 * The network of a trained field, every ordered pair of distinct genes whose source is allowed, heaviest first. Weights are in
 * standardised units (∂ṽ_j/∂x̃_i), so edges into different targets compare; the sign is that of the mean
 * Jacobian over `states` (a closed gate gives weight 0 and sign 0).
 */
export function fieldNetwork(
  model: VelocityFieldModel,
  states: Float32Array,
  rows: number,
  readout: FieldReadout = 'jacobian',
  survival: Float64Array | null = null,
  perTarget = false,
): NetworkEdge[] {
  const { genes: d, hidden: h } = model.config;
  const sources = fieldSources(model.config);
  const pairs = sources.length * d;
  const o = perEdgeFieldOffsets(model.config);
  const p = model.values;
  const gates = perEdgeGates(p, model.config, null);
  const standardised = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++)
    for (let g = 0; g < d; g++) standardised[r * d + g] = (states[r * d + g] - model.inputShift[g]) / model.inputScale[g];
  const hidden = new Float64Array(rows * d * h);
  perEdgeFieldForward(p, model.config, gates, standardised, rows, hidden);
  const meanAbs = new Float64Array(pairs);
  const mean = new Float64Array(pairs);
  // ∂f̃_j/∂x̃_i = z_ij·(Σ_k W2_jk·(1 − tanh²)·W1_ijk + A_ij); per cell, one slope per (j, k) shared by every source i.
  const slope = new Float64Array(h);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < h; k++) {
        const a = hidden[(r * d + j) * h + k];
        slope[k] = p[o.w2 + j * h + k] * (1 - a * a);
      }
      for (let i = 0; i < sources.length; i++) {
        const pair = i * d + j;
        if (gates[pair] === 0) continue;
        let derivative = 0;
        for (let k = 0; k < h; k++) derivative += slope[k] * p[o.w1 + pair * h + k];
        if (model.config.linear) derivative += p[o.linear + pair];
        derivative *= gates[pair];
        meanAbs[pair] += Math.abs(derivative) / rows;
        mean[pair] += derivative / rows;
      }
    }
  }
  const edges: NetworkEdge[] = [];
  for (let i = 0; i < sources.length; i++) {
    for (let j = 0; j < d; j++) {
      if (sources[i] === j) continue;
      const pair = i * d + j;
      // A closed gate has no Jacobian; its open probability (below 1e-9) still orders such edges, so a model whose
      // gates all closed ranks by the gates rather than by nothing.
      const open = 1 / (1 + Math.exp(-(p[o.logAlpha + pair] - GATE_L0_SHIFT)));
      let weight = meanAbs[pair] + 1e-9 * open;
      if (readout === 'path') {
        weight = 0;
        for (let k = 0; k < h; k++) weight += Math.abs(p[o.w1 + pair * h + k]) * Math.abs(p[o.w2 + j * h + k]);
        if (model.config.linear) weight += Math.abs(p[o.linear + pair]);
        weight *= gates[pair];
      } else if (readout === 'survival' || readout === 'entry') {
        if (!survival) throw new Error(`The ${readout} read-out needs the fit's scores along its penalty path.`);
        weight = survival[pair] + 1e-6 * Math.tanh(meanAbs[pair]);
      } else if (readout === 'gate') {
        // The Jacobian term is below 1e-6 of a probability step: it only orders edges with the same gate.
        weight = open + 1e-6 * Math.tanh(meanAbs[pair]);
      }
      edges.push({ source: model.genes[sources[i]], target: model.genes[j], weight, sign: Math.sign(mean[pair]) as -1 | 0 | 1 });
    }
  }
  if (perTarget) {
    // Each target's edges over its strongest: a target whose velocity is hard to predict still names its best
    // regulator, as the lasso's entry order is relative to each target's own λ_max.
    const strongest = new Map<string, number>();
    for (const e of edges) strongest.set(e.target, Math.max(strongest.get(e.target) ?? 0, e.weight));
    for (const e of edges) {
      const top = strongest.get(e.target) ?? 0;
      // A target whose every gate closed keeps its tiny tie-break weights: scaling them up would invent regulators.
      if (top > 1e-6) e.weight /= top;
    }
  }
  return edges.sort((a, b) => b.weight - a.weight);
}
