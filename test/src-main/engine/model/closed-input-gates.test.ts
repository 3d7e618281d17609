// Regulators = TFs only closes the input gates of the other genes (closed-input-gates.ts). Each claim the module makes is
// checked on every engine — tfjs (the reference), wasm, native (when built) and webgpu (SwiftShader when no GPU): the
// sampled and deterministic gates are exactly 0, their gradient is exactly 0, Adam leaves them (m = v = 0), the L0
// penalty of a closed gate is 0, and a run resumed from a checkpoint keeps them shut, bit for bit where the engine is.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineFactory, TrainingEngine, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { readNetwork } from '../../../../src-main/engine/evaluation/network-readout.ts';
import { CLOSED_GATE_LOG_ALPHA, closeInputGates, closedInputGates } from '../../../../src-main/engine/model/closed-input-gates.ts';
import { GATE_L0_SHIFT } from '../../../../src-main/engine/model/hard-concrete.ts';
import { parameterLayout, type ParameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { gatedFieldLipschitzBound } from '../../../../src-main/engine/model/rk4-stability.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { nativeEngineFactory } from '../../../../src-main/engine/native/native-engine.ts';
import { createTfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { readCheckpoint } from '../../../../src-main/engine/training/checkpoint.ts';
import { runTraining } from '../../../../src-main/engine/training/run-training.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { webGpuEngineFactory } from '../../../../src-main/engine/webgpu/webgpu-engine.ts';
import { PAPER_DEFAULTS, type RegularizerKind, type TrainingConfig } from '../../../../src-shared/run-config.ts';
import { fusedProblem } from '../wasm/fused-problems.ts';
import { noAdapter } from '../webgpu/webgpu-test-adapter.ts';

const GENES = 12;
/** Genes 1, 4, 5, 8 and 11 may not regulate (as non-TFs would not). */
const CLOSED = Array.from({ length: GENES }, (_, i) => [1, 4, 5, 8, 11].includes(i));

const nativeAvailable = (await nativeEngineFactory.availability()).available;
const ENGINES: Array<{ factory: EngineFactory; skip: boolean; why: string; bitForBitResume: boolean }> = [
  { factory: createTfjsEngineFactory({ backend: 'cpu' }), skip: false, why: '', bitForBitResume: true },
  { factory: wasmEngineFactory, skip: false, why: '', bitForBitResume: true },
  { factory: nativeEngineFactory, skip: !nativeAvailable, why: ' (skipped: npm run build:native first)', bitForBitResume: true },
  // The GPU engine keeps its state on the device and its reductions need not repeat bit for bit.
  { factory: webGpuEngineFactory, skip: noAdapter, why: ' (skipped: no WebGPU adapter)', bitForBitResume: false },
];

function problemWith(
  regularizer: RegularizerKind,
  seed: number,
): { problem: TrainingProblem; params: Float32Array; noise: Float32Array; layout: ParameterLayout } {
  const { problem, params, gateNoise } = fusedProblem({
    genes: GENES,
    batch: 2,
    hidden: [7, 5],
    activation: 'all',
    regularizer,
    lambda: 0.05,
    solver: 'rk4',
    bins: 4,
    seed,
  });
  const layout = parameterLayout(GENES, problem.model);
  closeInputGates(layout, params, CLOSED);
  // The noise's extremes: a sampled logit as high as any noise can push it must still give a gate of exactly 0.
  gateNoise[layout.layers[0].noise + 1] = 1 - 1e-6;
  gateNoise[layout.layers[0].noise + 4] = 1e-6;
  return { problem, params, noise: gateNoise, layout };
}

/** Indices of the closed genes' logα and weight rows in the flat layout. */
function closedEntries(layout: ParameterLayout): number[] {
  const first = layout.layers[0];
  const entries: number[] = [];
  CLOSED.forEach((closed, i) => {
    if (!closed) return;
    entries.push(first.gateLogits + i);
    for (let j = 0; j < first.outputs; j++) entries.push(first.weights + i * first.outputs + j);
  });
  return entries;
}

/** A first-layer weight of gene 2, open in every fixture (fusedProblem shuts gene 0's gate at logα = −8). */
function openWeight(layout: ParameterLayout): number {
  return layout.layers[0].weights + 2 * layout.layers[0].outputs;
}

/** The same parameters with random (large) weights in the closed genes' rows: a shut gate multiplies them by 0. */
function withClosedRowsFilled(layout: ParameterLayout, params: Float32Array): Float32Array {
  const filled = Float32Array.from(params);
  const random = new SeededRandom(99);
  const first = layout.layers[0];
  CLOSED.forEach((closed, i) => {
    if (!closed) return;
    for (let j = 0; j < first.outputs; j++) filled[first.weights + i * first.outputs + j] = 5 * random.normal();
  });
  return filled;
}

async function withEngine<T>(factory: EngineFactory, problem: TrainingProblem, use: (engine: TrainingEngine) => Promise<T>): Promise<T> {
  const engine = await factory.create(problem);
  try {
    return await use(engine);
  } finally {
    engine.dispose();
  }
}

describe('closeInputGates', () => {
  it('shuts the gate and zeroes the weight row and Adam moments of each flagged gene only, idempotently', () => {
    const { layout, params } = problemWith('pathreg', 1);
    expect(closedInputGates(layout, params)).toEqual(CLOSED);
    const optimizer = { m: new Float32Array(params.length).fill(0.5), v: new Float32Array(params.length).fill(0.25) };
    const again = Float32Array.from(params);
    closeInputGates(layout, again, CLOSED, optimizer);
    expect(Buffer.from(again.buffer).equals(Buffer.from(params.buffer))).toBe(true);
    const entries = new Set(closedEntries(layout));
    for (let k = 0; k < params.length; k++) {
      expect(optimizer.m[k], `m[${k}]`).toBe(entries.has(k) ? 0 : 0.5);
      expect(optimizer.v[k], `v[${k}]`).toBe(entries.has(k) ? 0 : 0.25);
    }
    for (const k of entries) expect(params[k], `parameter ${k}`).toBe(k >= layout.layers[0].gateLogits ? CLOSED_GATE_LOG_ALPHA : 0);
    // Every other parameter is as initialised: a closed gene's neighbours keep their weights.
    const fresh = fusedProblem({
      genes: GENES,
      batch: 2,
      hidden: [7, 5],
      activation: 'all',
      regularizer: 'pathreg',
      lambda: 0.05,
      solver: 'rk4',
      bins: 4,
      seed: 1,
    }).params;
    for (let k = 0; k < params.length; k++) if (!entries.has(k)) expect(params[k]).toBe(fresh[k]);
    expect(() => closeInputGates(layout, params, [true])).toThrow(/1 flags for a model of 12 input genes/);
  });

  it('the RK4 substep bound and the network read-out see the same shut gates: nothing from a closed gene', () => {
    const { layout, params, noise, problem } = problemWith('pathreg', 2);
    const filled = withClosedRowsFilled(layout, params);
    // The bound uses the gated rows, so the closed genes' weights, however large, add nothing (sampled and deterministic).
    expect(gatedFieldLipschitzBound(layout, filled, noise)).toBe(gatedFieldLipschitzBound(layout, params, noise));
    expect(gatedFieldLipschitzBound(layout, filled, null)).toBe(gatedFieldLipschitzBound(layout, params, null));
    const genes = Array.from({ length: GENES }, (_, i) => `g${i}`);
    const network = readNetwork({
      genes,
      model: problem.model,
      params: filled,
      states: problem.initialStates,
      isTf: CLOSED.map((c) => !c),
    });
    expect(network.edges.length).toBeGreaterThan(0);
    expect(network.edges.filter((e) => CLOSED[genes.indexOf(e.source)])).toEqual([]);
    expect(network.spuriousFeatureSparsity).toBe(1);
  });
});

for (const { factory, skip, why, bitForBitResume } of ENGINES) {
  describe.skipIf(skip)(`closed input gates on the ${factory.name} engine${skip ? why : ''}`, () => {
    let folder = '';
    beforeAll(async () => {
      folder = await mkdtemp(join(tmpdir(), `pathreg-closed-${factory.name}-`));
    });
    afterAll(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    for (const regularizer of ['pathreg', 'l0', 'l1', 'group-lasso'] as const) {
      it(`${regularizer}: the sampled gates are exactly 0 and every closed entry's gradient is exactly 0`, async () => {
        const { problem, params, noise, layout } = problemWith(regularizer, 3);
        const filled = withClosedRowsFilled(layout, params);
        const [shut, open] = await withEngine(factory, problem, async (engine) => [
          await engine.lossAndGradient(params, noise),
          await engine.lossAndGradient(filled, noise),
        ]);
        for (const k of closedEntries(layout)) expect(shut.gradient[k] === 0, `gradient[${k}] = ${shut.gradient[k]}`).toBe(true);
        expect(Number.isFinite(shut.terms.total)).toBe(true);
        // A gate of exactly 0 multiplies its weight row away: the data term cannot see the closed rows at all.
        expect(open.terms.data).toBe(shut.terms.data);
        // The gated penalties too (l1 and group-lasso act on the raw weights, which the closed rows' zeros keep out).
        if (regularizer === 'pathreg' || regularizer === 'l0') expect(open.terms.penalty).toBe(shut.terms.penalty);
        // And the gradient really flows through the open genes, so the zeros above could have failed.
        expect(Math.abs(shut.gradient[openWeight(layout)])).toBeGreaterThan(0);
      });
    }

    it('l0: a closed gate adds nothing to the penalty (the expected share of open gates)', async () => {
      const { problem, params, noise, layout } = problemWith('l0', 4);
      const shut = await withEngine(factory, problem, (engine) => engine.lossAndGradient(params, noise));
      let open = 0;
      for (const layer of layout.layers)
        for (let i = 0; i < layer.inputs; i++) open += 1 / (1 + Math.exp(-(params[layer.gateLogits + i] - GATE_L0_SHIFT)));
      const expected = (0.05 * open) / layout.gateCount;
      expect(Math.abs(shut.terms.penalty - expected) / expected).toBeLessThan(1e-5);
    });

    it('the deterministic gates are exactly 0: predictions ignore the closed rows', async () => {
      const { problem, params, layout } = problemWith('pathreg', 5);
      const filled = withClosedRowsFilled(layout, params);
      const [shut, open] = await withEngine(factory, problem, async (engine) => [
        await engine.predict(params),
        await engine.predict(filled),
      ]);
      shut.trajectories.forEach((t, b) => expect(Array.from(open.trajectories[b].values)).toEqual(Array.from(t.values)));
    });

    it('Adam leaves the closed entries where they are (m = v = 0), through a checkpoint and a resume', async () => {
      const { problem } = problemWith('pathreg', 6);
      const config: TrainingConfig = {
        ...PAPER_DEFAULTS,
        model: problem.model,
        regularizer: problem.regularizer,
        solver: problem.solver,
        iterations: 24,
        checkpointEvery: 8,
        seed: 6,
        optimizer: { learningRate: 0.05, plateauPatience: 0 },
      };
      const genes = Array.from({ length: GENES }, (_, i) => `g${i}`);
      const train = (iterations: number, checkpointPath: string | null, resume?: Awaited<ReturnType<typeof readCheckpoint>>) =>
        withEngine(factory, problem, (engine) =>
          runTraining({
            problem,
            config: { ...config, iterations },
            engine,
            genes,
            dataSha256: 'x',
            checkpointPath,
            closedInputs: CLOSED,
            validateEvery: 8,
            ...(resume ? { resume } : {}),
          }),
        );
      const path = join(folder, 'checkpoint.bin');
      const first = await train(16, path);
      const checkpoint = await readCheckpoint(path);
      expect(checkpoint.iteration).toBe(16);
      const resumed = await train(24, path, checkpoint);
      if (!('parameters' in first) || !('parameters' in resumed)) throw new Error(`${factory.name}: the run failed`);
      const layout = parameterLayout(GENES, problem.model);
      for (const state of [checkpoint, resumed.checkpoint]) {
        expect(closedInputGates(layout, state.parameters)).toEqual(CLOSED);
        for (const k of closedEntries(layout)) {
          expect(state.parameters[k], `parameter ${k}`).toBe(k >= layout.layers[0].gateLogits ? CLOSED_GATE_LOG_ALPHA : 0);
          expect(state.optimizer.m[k] === 0 && state.optimizer.v[k] === 0, `m, v [${k}]`).toBe(true);
        }
      }
      // The open genes did train, so the closed ones staying put is the gates' doing.
      const w = openWeight(layout);
      expect(resumed.parameters[w]).not.toBe(first.parameters[w]);
      if (bitForBitResume) {
        const straight = await train(24, null);
        if (!('parameters' in straight)) throw new Error(`${factory.name}: the run failed`);
        expect(Buffer.from(resumed.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
      }
    });

    it('one Adam step from a closed state moves no closed entry (the engine trainStep itself)', async () => {
      const { problem, params, noise, layout } = problemWith('l0', 7);
      const optimizer = createAdamState(params.length);
      const before = Float32Array.from(params);
      await withEngine(factory, problem, async (engine) => {
        for (let step = 0; step < 3; step++) await engine.trainStep(params, optimizer, noise, 0.05);
        await engine.synchronize?.(params, optimizer);
      });
      for (const k of closedEntries(layout)) {
        expect(params[k], `parameter ${k}`).toBe(before[k]);
        expect(optimizer.m[k] === 0 && optimizer.v[k] === 0, `m, v [${k}]`).toBe(true);
      }
      expect(params[openWeight(layout)]).not.toBe(before[openWeight(layout)]);
    });
  });
}
