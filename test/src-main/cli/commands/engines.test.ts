import { describe, expect, it } from 'vitest';
import { describeEngines } from '../../../../src-main/cli/commands/engines.ts';
import { runCli } from '../cli-harness.ts';

describe('pathreg engines', () => {
  it('prints JSON: every engine with available and reason, the GPU adapter, and the tfjs backends with the optional CUDA one', async () => {
    const result = await runCli(['engines']);
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as Array<{
      name: string;
      available: boolean;
      reason: string;
      adapter?: unknown;
      backends?: Array<{ backend: string; available: boolean; reason: string }>;
    }>;
    expect(list.map((e) => e.name)).toEqual(['native', 'wasm', 'webgpu', 'tfjs']);
    for (const entry of list) {
      expect(typeof entry.available).toBe('boolean');
      expect(entry.reason.length).toBeGreaterThan(10);
    }
    expect(list.find((e) => e.name === 'webgpu')?.adapter).toMatchObject({ present: expect.any(Boolean), software: expect.any(Boolean) });
    const backends = list.find((e) => e.name === 'tfjs')?.backends ?? [];
    expect(backends.map((b) => b.backend)).toEqual(['wasm', 'cpu', 'node', 'node-gpu']);
    // Neither libtensorflow package is a dependency of this app; on this machine both are absent and say so.
    expect(backends.find((b) => b.backend === 'node-gpu')).toMatchObject({
      available: false,
      reason: expect.stringMatching(/@tensorflow\/tfjs-node-gpu is not installed/),
    });
  });

  it('describes a software adapter as such and a tfjs-node-gpu that cannot find CUDA, from injected probes', async () => {
    const list = await describeEngines({
      describeGpu: async () => ({ present: true, software: true, description: 'SwiftShader driver 5.0.0', reason: 'CPU emulation' }),
      importModule: async () => {
        throw new Error('libcudnn.so.8: cannot open shared object file');
      },
    });
    expect(list.find((e) => e.name === 'webgpu')?.adapter).toEqual({
      present: true,
      software: true,
      description: 'SwiftShader driver 5.0.0',
    });
    const gpu = (list.find((e) => e.name === 'tfjs') as { backends: Array<{ backend: string; reason: string }> }).backends.find(
      (b) => b.backend === 'node-gpu',
    );
    expect(gpu?.reason).toMatch(/installed but cannot use CUDA \(libcudnn\.so\.8 is missing or of another version\)/);
  });
});
