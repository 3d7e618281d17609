import { describe, expect, it } from 'vitest';
import { gatedWeights } from '../../../../src-main/engine/evaluation/deterministic-gates.ts';
import { meanJacobian } from '../../../../src-main/engine/evaluation/mean-jacobian.ts';
import { readNetwork } from '../../../../src-main/engine/evaluation/network-readout.ts';
import { pathMatrix } from '../../../../src-main/engine/evaluation/path-matrix.ts';
import { featureSparsity, modelSparsity, spuriousFeatureSparsity } from '../../../../src-main/engine/evaluation/sparsity.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { createTfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { runTraining } from '../../../../src-main/engine/training/run-training.ts';
import { PAPER_DEFAULTS, type ActivationPlacement } from '../../../../src-shared/run-config.ts';
import { smallProblem } from '../reference/small-problem.ts';
import { fieldFloat64, numericalRank } from './field-float64.ts';

/** Random parameters with biases and gate logits spread so that some gates are closed, some open, some between. */
function randomParams(genes: number, hidden: number[], activation: ActivationPlacement, seed: number) {
  const layout = parameterLayout(genes, { hidden, activation });
  const random = new SeededRandom(seed);
  const params = initializeParameters(layout, random);
  for (const layer of layout.layers) {
    for (let j = 0; j < layer.outputs; j++) params[layer.bias + j] = 0.5 * random.normal();
    for (let i = 0; i < layer.inputs; i++) params[layer.gateLogits + i] = 3 * random.normal();
  }
  return { layout, params, random };
}

describe('mean Jacobian', () => {
  for (const [hidden, activation] of [
    [[], 'first'],
    [[6], 'first'],
    [[5, 4], 'first'],
    [[5, 4, 3], 'all'],
    [[4, 3], 'all'],
  ] as Array<[number[], ActivationPlacement]>) {
    it(`matches central finite differences of an independent forward (hidden [${hidden}], ELU ${activation})`, () => {
      const D = 5;
      const { layout, params, random } = randomParams(D, hidden, activation, 11 + hidden.length);
      const S = 7;
      const states = Float32Array.from({ length: S * D }, () => random.normal());
      const J = meanJacobian(layout, params, gatedWeights(layout, params), states, S);
      const h = 1e-6;
      let largest = 0;
      for (let i = 0; i < D; i++) {
        for (let j = 0; j < D; j++) {
          let fd = 0;
          for (let s = 0; s < S; s++) {
            const x = Float64Array.from(states.subarray(s * D, (s + 1) * D));
            x[i] += h;
            const up = fieldFloat64(layout, params, x)[j];
            x[i] -= 2 * h;
            const down = fieldFloat64(layout, params, x)[j];
            fd += (up - down) / (2 * h) / S;
          }
          largest = Math.max(largest, Math.abs(fd));
          expect(J[i * D + j]).toBeCloseTo(fd, 5);
          if (Math.abs(fd) > 1e-4) expect(Math.sign(J[i * D + j])).toBe(Math.sign(fd));
        }
      }
      expect(largest).toBeGreaterThan(1e-3);
    });
  }
});

describe('path matrix', () => {
  it('equals the sum over every input→hidden→hidden→output path of the absolute gated weights', () => {
    const D = 3;
    const hidden = [4, 2];
    const { layout, params } = randomParams(D, hidden, 'first', 5);
    const W = gatedWeights(layout, params);
    const A = pathMatrix(layout, W);
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) {
        let brute = 0;
        for (let a = 0; a < 4; a++)
          for (let b = 0; b < 2; b++) brute += Math.abs(W[0][i * 4 + a]) * Math.abs(W[1][a * 2 + b]) * Math.abs(W[2][b * D + j]);
        expect(A[i * D + j]).toBeCloseTo(brute, 12);
      }
    }
  });
});

describe('sparsities', () => {
  it('count near-zero entries (< 1e-5) of A, of all gated weights, and of A in rows of non-TF genes', () => {
    const A = Float64Array.of(0, 1, 2e-6, 3, 0, 1e-5, 0, 0, 4);
    expect(featureSparsity(A)).toBeCloseTo(5 / 9, 12);
    expect(modelSparsity([Float64Array.of(0, 1), Float64Array.of(9e-6, 2, 3, 0)])).toBeCloseTo(3 / 6, 12);
    // Genes 0 and 2 are not TFs: rows 0 (0, 1, 2e-6) and 2 (0, 0, 4) have 4 near-zero of 6.
    expect(spuriousFeatureSparsity(A, 3, [false, true, false])).toBeCloseTo(4 / 6, 12);
    expect(Number.isNaN(spuriousFeatureSparsity(A, 3, [true, true, true]))).toBe(true);
  });
});

describe('network read-out with a closed layer', () => {
  it('has no edges and reports the layer whose gates are all closed', () => {
    const genes = ['a', 'b', 'c'];
    const { layout, params } = randomParams(3, [4, 2], 'first', 9);
    for (let i = 0; i < 4; i++) params[layout.layers[1].gateLogits + i] = -5;
    const network = readNetwork({ genes, model: { hidden: [4, 2], activation: 'first' }, params, states: new Float32Array(6), isTf: null });
    expect(network.openGates[1]).toBe(0);
    expect(network.edges).toEqual([]);
    expect(network.featureSparsity).toBe(1);
    expect(Array.from(network.jacobian).every((v) => v === 0)).toBe(true);
  });
});

describe('network read-out of a trained model', () => {
  it('is not rank one, leaves out self-edges, sorts by weight and signs edges by the mean Jacobian', async () => {
    const genes = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
    const { problem } = smallProblem({ genes: 6, hidden: [5, 4], batch: 2, bins: 5, lambda: 0.01 });
    const engine = await createTfjsEngineFactory({ backend: 'cpu' }).create(problem);
    try {
      const config = {
        ...PAPER_DEFAULTS,
        model: problem.model,
        iterations: 30,
        checkpointEvery: 1000,
        optimizer: { learningRate: 0.02, plateauPatience: 0 },
      };
      const trained = await runTraining({ problem, config, engine, genes, dataSha256: 'x', checkpointPath: null });
      if (trained.status === 'diverged' || trained.status === 'device-failed') throw new Error(trained.message);
      const prediction = await engine.predict(trained.parameters);
      const states = Float32Array.from(prediction.trajectories.flatMap((t) => Array.from(t.values)));
      const network = readNetwork({
        genes,
        model: problem.model,
        params: trained.parameters,
        states,
        isTf: [true, true, false, false, true, false],
      });
      expect(numericalRank(network.path, 6, 6)).toBeGreaterThan(1);
      expect(network.edges.some((e) => e.source === e.target)).toBe(false);
      for (let k = 1; k < network.edges.length; k++) expect(network.edges[k - 1].weight).toBeGreaterThanOrEqual(network.edges[k].weight);
      for (const e of network.edges) {
        const i = genes.indexOf(e.source);
        const j = genes.indexOf(e.target);
        expect(e.weight).toBe(network.path[i * 6 + j]);
        expect(e.sign).toBe(Math.sign(network.jacobian[i * 6 + j]));
      }
      expect(network.openGates).toHaveLength(3);
      expect(network.openGates[0]).toBeGreaterThan(0);
      expect(network.openGates[0]).toBeLessThanOrEqual(6);
      expect(network.featureSparsity).toBeGreaterThanOrEqual(0);
      expect(network.spuriousFeatureSparsity).toBeGreaterThanOrEqual(0);
    } finally {
      engine.dispose();
    }
  });
});
