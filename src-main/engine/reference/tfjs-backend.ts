import * as tf from '@tensorflow/tfjs';

/**
 * The TF.js backends the reference engine can run on: plain JavaScript, TF.js's WebAssembly kernels, or libtensorflow
 * ('tensorflow', registered by the optional @tensorflow/tfjs-node[-gpu] packages: src-main/engine/tfjs-node-backend.ts).
 */
export type TfjsBackendName = 'cpu' | 'wasm' | 'tensorflow';

let wasmPathsSet = false;

/**
 * Registers the wasm backend and says where its .wasm files are: next to the package in Node, served by the page in
 * a browser. Imported only when asked for: once registered, TF.js prefers it over cpu, and code that then uses tf
 * before awaiting tf.setBackend fails with "backend 'wasm' has not yet been initialized".
 */
async function loadWasmBackend(): Promise<void> {
  if (wasmPathsSet) return;
  const { setWasmPaths } = await import('@tensorflow/tfjs-backend-wasm');
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  if (isNode) {
    const { createRequire } = await import('node:module');
    const path = await import('node:path');
    const require = createRequire(import.meta.url);
    const packageJson = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
    setWasmPaths(path.join(path.dirname(packageJson), 'dist') + path.sep);
  }
  wasmPathsSet = true;
}

/**
 * Makes `name` the active TF.js backend (TF.js has one global backend; the engine calls this before each use so two
 * engines on different backends take turns correctly). Throws with the reason when it cannot load.
 */
export async function useTfjsBackend(name: TfjsBackendName): Promise<void> {
  quietTfjsBanner();
  if (tf.getBackend() === name) return;
  if (name === 'wasm') await loadWasmBackend();
  let ok = false;
  let reason = '';
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    reason = messageOf(error);
  }
  if (!ok && !reason) reason = await whyBackendFailed(name);
  if (!ok) {
    throw new Error(
      `The TF.js ${name} backend could not start${reason ? `: ${reason}` : ''}.` +
        (name === 'wasm'
          ? ' Check that @tensorflow/tfjs-backend-wasm is installed with its dist/*.wasm files, or use the cpu backend.'
          : ''),
    );
  }
}

/**
 * TF.js prints a banner advertising tfjs-node on first use in Node; our users did not ask for it, and tfjs-node is
 * an optional accelerator here. PROD only silences TF.js's own warnings: NaN checks are ours, in the training loop.
 */
function quietTfjsBanner(): void {
  if (!tf.env().getBool('PROD')) tf.env().set('PROD', true);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * tf.setBackend only logs why a backend failed and returns false; running its factory once more recovers the
 * error so availability() can say it.
 */
async function whyBackendFailed(name: string): Promise<string> {
  const factory = tf.findBackendFactory(name);
  if (!factory) return `no TF.js backend named ${name} is registered`;
  try {
    const backend = await factory();
    backend.dispose();
    return 'it failed once and then started; try again';
  } catch (error) {
    return messageOf(error);
  }
}
