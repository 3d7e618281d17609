/// <reference types="@webgpu/types" />
/**
 * Browser entry of the renderer WebGPU check (e2e/renderer-webgpu.e2e.ts): the webgpu engine bundled for a page, on
 * the page's navigator.gpu, exactly as the browser shell or Electron's renderer would load it. It builds the same
 * seeded problems as the Node side and hands back loss terms and gradients for comparison with TF.js in Node.
 */
import { createWebGpuEngineFactory, describeGpuAdapter } from '../../src-main/engine/webgpu/webgpu-engine.ts';
import { fusedProblem, type FusedProblemShape } from '../../test/src-main/engine/wasm/fused-problems.ts';

export interface PageParityResult {
  terms: { total: number; data: number; penalty: number };
  gradient: number[];
}

const factory = createWebGpuEngineFactory();

const api = {
  describe: () => describeGpuAdapter(),
  async lossAndGradient(shape: FusedProblemShape): Promise<PageParityResult> {
    const { problem, params, gateNoise } = fusedProblem(shape);
    const engine = await factory.create(problem);
    try {
      const { terms, gradient } = await engine.lossAndGradient(params, gateNoise);
      return { terms: { total: terms.total, data: terms.data, penalty: terms.penalty }, gradient: Array.from(gradient) };
    } finally {
      engine.dispose();
    }
  },
};

(globalThis as unknown as { pathregWebGpu: typeof api }).pathregWebGpu = api;
document.body.dataset.ready = 'true';
