/// <reference types="@webgpu/types" />
/**
 * WebGPU in Node (CLI, Electron main or utility process) through Dawn's binding, the `webgpu` npm package. It loads
 * lazily (a machine without the prebuilt dawn.node still runs every CPU engine) and sets no globals: the engine uses
 * numeric usage flags, so nothing from `globals` has to land on globalThis.
 */
import {
  adapterFacts,
  describeAdapterFacts,
  factsFromInfo,
  NO_ADAPTER_REASON,
  requestAdapter,
  requestEngineDevice,
  type AdapterInfoFields,
  type GpuAdapterDescription,
  type GpuDeviceHandle,
} from './gpu-device.ts';

/**
 * Node's built-in modules, taken at run time rather than imported: the engine (and so this file, behind a dynamic
 * import) is bundled for the browser too, where a static `node:` import would not resolve (e2e/renderer-webgpu).
 */
function builtins(): {
  execFile: typeof import('node:child_process').execFile;
  createRequire: typeof import('node:module').createRequire;
  pathToFileURL: typeof import('node:url').pathToFileURL;
} {
  return {
    execFile: process.getBuiltinModule('node:child_process').execFile,
    createRequire: process.getBuiltinModule('node:module').createRequire,
    pathToFileURL: process.getBuiltinModule('node:url').pathToFileURL,
  };
}

/** A probe that has not answered by then is stuck in a driver: say so rather than hold up the run. */
const PROBE_TIMEOUT_MS = 20_000;

/**
 * Runs in a child process: asks Dawn for the adapter and prints its info as JSON. In a child because Dawn and the
 * Vulkan drivers it tries write warnings straight to the process's stderr (e.g. "XDG_RUNTIME_DIR is invalid", "Vulkan
 * shaderUniform*ArrayDynamicIndexing required" on a machine whose only Vulkan driver is a software one): a biologist
 * running `pathreg fit` on a laptop without a GPU must not see driver errors for a GPU nobody asked for.
 */
const PROBE_SCRIPT = `
const entry = process.argv[process.argv.length - 1];
const { create } = await import(entry);
const gpu = create([]);
const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
const info = adapter ? adapter.info : null;
const fallback = Boolean(adapter && (adapter.isFallbackAdapter || (info && info.isFallbackAdapter)));
process.stdout.write(JSON.stringify(info ? { vendor: info.vendor || '', architecture: info.architecture || '', device: info.device || '', description: info.description || '', fallback } : null));
process.exit(0);
`;

let gpuEntry: Promise<GPU> | null = null;

/** Dawn's GPU object, created once per process. */
export function nodeGpu(): Promise<GPU> {
  gpuEntry ??= (async () => {
    const dawn = (await import('webgpu')) as { create(options: string[]): GPU };
    return dawn.create([]);
  })();
  return gpuEntry;
}

async function nodeAdapter(): Promise<GPUAdapter | null> {
  return requestAdapter(await nodeGpu());
}

let probeEntry: Promise<GpuAdapterDescription> | null = null;

/** Whether Dawn finds an adapter here and what it is, asked once per process in a quiet child process. */
export function describeNodeGpuAdapter(): Promise<GpuAdapterDescription> {
  probeEntry ??= probeAdapterQuietly();
  return probeEntry;
}

function probeAdapterQuietly(): Promise<GpuAdapterDescription> {
  const notLoaded = (why: string): GpuAdapterDescription => ({
    present: false,
    software: false,
    description: '',
    reason: `WebGPU for Node (the webgpu package's dawn.node) could not load: ${why}`,
  });
  const { execFile, createRequire, pathToFileURL } = builtins();
  let entry: string;
  try {
    entry = pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch (error) {
    return Promise.resolve(notLoaded((error as Error).message));
  }
  return new Promise((resolve) => {
    // ELECTRON_RUN_AS_NODE lets Electron's own binary run the probe as plain Node; Node ignores it.
    const options = {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      timeout: PROBE_TIMEOUT_MS,
      maxBuffer: 1 << 20,
      windowsHide: true,
    };
    execFile(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, entry], options, (error, stdout, stderr) => {
      if (error) {
        const timedOut = (error as NodeJS.ErrnoException & { killed?: boolean }).killed;
        const lastLine = String(stderr)
          .trim()
          .split('\n')
          .filter((line) => /error/i.test(line))
          .pop();
        resolve(
          timedOut
            ? {
                present: false,
                software: false,
                description: '',
                reason: `Looking for a GPU took longer than ${PROBE_TIMEOUT_MS / 1000} s (a graphics driver did not answer); the CPU engines train instead.`,
              }
            : notLoaded(lastLine ?? error.message),
        );
        return;
      }
      let info: AdapterInfoFields | null;
      try {
        info = JSON.parse(String(stdout)) as AdapterInfoFields | null;
      } catch {
        resolve(notLoaded(`the GPU probe answered "${String(stdout).slice(0, 200)}"`));
        return;
      }
      resolve(
        info ? describeAdapterFacts(factsFromInfo(info)) : { present: false, software: false, description: '', reason: NO_ADAPTER_REASON },
      );
    });
  });
}

/** A fresh device for one engine; release() destroys it. */
export async function acquireNodeGpuDevice(): Promise<GpuDeviceHandle> {
  const adapter = await nodeAdapter();
  if (!adapter) throw new Error(NO_ADAPTER_REASON);
  const device = await requestEngineDevice(adapter, 'pathreg webgpu engine');
  return { device, adapter: adapterFacts(adapter), release: () => device.destroy() };
}
