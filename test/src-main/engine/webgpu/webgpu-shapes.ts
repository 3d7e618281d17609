// The shapes the webgpu engine is checked on, shared by its tests and scripts/gpu-kit/parity-check.ts (which bundles
// this file for a machine without node_modules, so no vitest here).
import type { FusedProblemShape } from '../wasm/fused-problems.ts';
import { RK4_SHAPES } from '../wasm/fused-shapes.ts';

/** Wider than one workgroup (256 threads): each thread owns several genes and units in the sweeps. */
export const WIDER_THAN_A_WORKGROUP: FusedProblemShape = {
  genes: 300,
  batch: 2,
  hidden: [260, 3],
  regularizer: 'group-lasso',
  solver: 'rk4',
  bins: 2,
  seed: 12,
};

export const WEBGPU_SHAPES: FusedProblemShape[] = [...RK4_SHAPES, WIDER_THAN_A_WORKGROUP];
