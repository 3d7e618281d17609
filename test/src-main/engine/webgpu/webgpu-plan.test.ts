// Which sweep a plan takes and where it keeps M: pure arithmetic, no adapter needed.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKGROUP_STORAGE_BYTES,
  foldingPays,
  planSweepWorkgroupBytes,
  planWebGpu,
} from '../../../../src-main/engine/webgpu/webgpu-plan.ts';
import { fusedProblem } from '../wasm/fused-problems.ts';

describe('folding the gene-wide layers through the state (the C engines rule, projection_pays)', () => {
  it('folds many genes through few hidden units, and not hidden layers wider than the genes or a linear field', () => {
    // The paper: 2000 genes through [100, 100], 10 trajectories, 40 steps.
    expect(foldingPays([2000, 100, 100, 2000], 10, 40)).toBe(true);
    expect(foldingPays([40, 12, 40], 3, 8)).toBe(true);
    expect(foldingPays([4, 24, 20, 4], 3, 10)).toBe(false);
    expect(foldingPays([1000, 2000, 1000], 64, 50)).toBe(false);
    expect(foldingPays([9, 9], 1, 4)).toBe(false);
  });

  it('is where the break-even of the multiply-add counts falls: equal widths fold, a hidden width 9/8 of the genes does not', () => {
    // One hidden layer (n_1 = n_last = h): folded 6Dh + 16h² + 3Dh²/rows against 24Dh per row.
    expect(foldingPays([800, 800, 800], 64, 50)).toBe(true);
    expect(foldingPays([800, 900, 800], 64, 50)).toBe(false);
  });

  it('keeps M in workgroup memory only where the adapter has room for it beside the layer vectors', () => {
    const { problem } = fusedProblem({
      genes: 300,
      batch: 10,
      hidden: [100, 100],
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 40,
      seed: 1,
    });
    const small = planWebGpu(problem, DEFAULT_WORKGROUP_STORAGE_BYTES);
    expect(small.folded?.mInWorkgroup).toBe(false);
    expect(planSweepWorkgroupBytes(small)).toBe(4 * (256 + 300));
    const large = planWebGpu(problem, 48 * 1024);
    expect(large.folded?.mInWorkgroup).toBe(true);
    expect(planSweepWorkgroupBytes(large)).toBe(4 * (256 + 300 + 100 * 100));
    // The folded sweep stores no stage inputs and no output-layer gradients: per step, Σ b_s·a_last, ḡ and Σ δ0 instead.
    // 40 steps × 10 trajectories.
    const steps = 40 * 10;
    expect(large.actsFloats).toBe(4 * steps * 100 + 4 * steps * 100 + steps * 100);
    expect(large.deltasFloats).toBe(4 * steps * 100 + 4 * steps * 100 + steps * 300 + steps * 100);
  });
});
