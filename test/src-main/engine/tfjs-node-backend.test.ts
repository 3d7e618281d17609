import { describe, expect, it } from 'vitest';
import { defaultEngineRegistry, tfjsBackendAvailability } from '../../../src-main/engine/engine-registry.ts';
import { explainTfjsNodeFailure, probeTfjsNode, type ModuleImporter } from '../../../src-main/engine/tfjs-node-backend.ts';
import { smallProblem } from './reference/small-problem.ts';

/** An importer that fails the way Node does for each situation (messages as Node and tfjs-node print them). */
const failingWith =
  (message: string, code?: string): ModuleImporter =>
  async () => {
    const error = new Error(message) as NodeJS.ErrnoException;
    if (code) error.code = code;
    throw error;
  };

const NOT_INSTALLED = failingWith(
  "Cannot find package '@tensorflow/tfjs-node-gpu' imported from /app/src-main/engine/tfjs-node-backend.ts",
  'ERR_MODULE_NOT_FOUND',
);
const NO_BINARY = failingWith(
  "Cannot find module '/app/node_modules/@tensorflow/tfjs-node-gpu/lib/napi-v8/tfjs_binding.node'\nRequire stack:\n- /app/node_modules/@tensorflow/tfjs-node-gpu/dist/tfjs_binding.js",
  'MODULE_NOT_FOUND',
);
const CUDA_MISMATCH = failingWith('libcudart.so.11.0: cannot open shared object file: No such file or directory');
const OTHER = failingWith('Illegal instruction: AVX is not supported by this CPU');

describe('TF.js native backends (optional @tensorflow/tfjs-node[-gpu])', () => {
  it('this machine has neither package: the real import says so', async () => {
    const probe = await probeTfjsNode('@tensorflow/tfjs-node-gpu');
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(
      /^@tensorflow\/tfjs-node-gpu is not installed \(optional; it needs an NVIDIA GPU with CUDA 11\.2 and cuDNN 8\.1\): install it with npm install @tensorflow\/tfjs-node-gpu/,
    );
    expect((await probeTfjsNode('@tensorflow/tfjs-node')).reason).toMatch(/^@tensorflow\/tfjs-node is not installed \(optional\)/);
  });

  it('tells a missing package, a missing libtensorflow binary, a CUDA mismatch and anything else apart', async () => {
    expect((await probeTfjsNode('@tensorflow/tfjs-node-gpu', NOT_INSTALLED)).reason).toMatch(/is not installed/);
    const binary = await probeTfjsNode('@tensorflow/tfjs-node-gpu', NO_BINARY);
    expect(binary.available).toBe(false);
    expect(binary.reason).toMatch(
      /is installed but its libtensorflow binary is missing or does not load .*npm rebuild @tensorflow\/tfjs-node-gpu.*tfjs_binding\.node/,
    );
    const cuda = await probeTfjsNode('@tensorflow/tfjs-node-gpu', CUDA_MISMATCH);
    expect(cuda.reason).toMatch(
      /is installed but cannot use CUDA \(libcudart\.so\.11\.0 is missing or of another version\): it needs CUDA 11\.2 and cuDNN 8\.1/,
    );
    expect((await probeTfjsNode('@tensorflow/tfjs-node', OTHER)).reason).toBe(
      '@tensorflow/tfjs-node failed to load: Illegal instruction: AVX is not supported by this CPU',
    );
    // A missing dependency of the package is not the package missing.
    expect(
      explainTfjsNodeFailure(
        '@tensorflow/tfjs-node',
        Object.assign(new Error("Cannot find package 'node-pre-gyp'"), { code: 'ERR_MODULE_NOT_FOUND' }),
      ),
    ).toMatch(/failed to load/);
  });

  it('a package that loads but registers no backend with this copy of TF.js is explained', async () => {
    const probe = await probeTfjsNode('@tensorflow/tfjs-node', async () => ({}));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/loaded but registered its backend with another copy of TensorFlow\.js than this app's 4\.\d+\.\d+/);
  });

  it('is never an error unless asked for: auto and pathreg engines report it; --engine tfjs --tfjs-backend node-gpu refuses with the reason', async () => {
    const options = {
      tfjsBackend: 'node-gpu' as const,
      importModule: CUDA_MISMATCH,
      describeGpu: async () => ({ present: false, software: false, description: '', reason: 'none' }),
    };
    const list = await defaultEngineRegistry(options).list();
    expect(list.find((e) => e.name === 'tfjs')).toMatchObject({ available: false, reason: expect.stringMatching(/cannot use CUDA/) });
    // auto: a CPU engine, with the tfjs line left alone (it ranks after them).
    expect((await defaultEngineRegistry(options).choose('auto', smallProblem().problem)).factory.name).not.toBe('tfjs');
    await expect(defaultEngineRegistry(options).choose('tfjs')).rejects.toThrow(
      /--engine tfjs cannot run here: @tensorflow\/tfjs-node-gpu is installed but cannot use CUDA/,
    );
    expect(await tfjsBackendAvailability('node', NO_BINARY)).toMatchObject({
      available: false,
      reason: expect.stringMatching(/libtensorflow binary is missing/),
    });
  });
});
