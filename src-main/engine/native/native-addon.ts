/**
 * Finds and loads the native build of the fused kernels (npm run build:native). On x86-64 there are two builds: the
 * AVX2+FMA one is loaded only when the baseline build reports that this CPU has AVX2 and FMA. Anything missing or
 * broken becomes a reason string for availability(), never a crash.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ABI_VERSION } from '../kernels/workspace-plan.ts';

/** Where `npm run build:native` puts the addon, seen from this source file (development, tests, the CLI). */
export const NATIVE_BUILD_URL = new URL('../kernels/build/native/build/Release/', import.meta.url);
/** Where a bundled app keeps it: a `native/` folder next to the bundle that imports this module (dist/electron/). */
export const BUNDLED_NATIVE_URL = new URL('./native/', import.meta.url);

export interface NativeKernels {
  run(arena: ArrayBuffer, base: number, mode: number): number;
  abiVersion(): number;
  simd(): string;
  cpuHasAvx2Fma(): boolean;
}

export interface LoadedNative {
  addon: NativeKernels;
  file: string;
  simd: string;
}

const require = createRequire(import.meta.url);
const cache = new Map<string, LoadedNative>();

function loadFile(file: string): NativeKernels {
  try {
    return require(file) as NativeKernels;
  } catch (error) {
    throw new Error(
      `the native build ${file} cannot be loaded (${(error as Error).message.split('\n')[0]}); rebuild it with npm run build:native`,
      { cause: error },
    );
  }
}

/** The first of the default folders that holds a build (the development build wins over a bundled copy). */
export function defaultNativeFolder(): URL {
  for (const folder of [NATIVE_BUILD_URL, BUNDLED_NATIVE_URL]) {
    const dir = fileURLToPath(folder);
    if (existsSync(`${dir}pathreg_native.node`) || existsSync(`${dir}pathreg_native_baseline.node`)) return folder;
  }
  return NATIVE_BUILD_URL;
}

/** Loads the fastest build this CPU can run from `folder`; throws with a message that names the file. */
export function loadNativeKernels(folder: URL = defaultNativeFolder()): LoadedNative {
  const cached = cache.get(folder.href);
  if (cached) return cached;
  const dir = fileURLToPath(folder);
  const fast = `${dir}pathreg_native.node`;
  const baseline = `${dir}pathreg_native_baseline.node`;
  if (!existsSync(fast) && !existsSync(baseline)) {
    throw new Error(`the native build is absent (${fast} not found); build it with npm run build:native (needs a C compiler and make)`);
  }
  let file = fast;
  if (arch() === 'x64' && existsSync(baseline)) {
    const probe = loadFile(baseline);
    if (!existsSync(fast) || !probe.cpuHasAvx2Fma()) file = baseline;
  } else if (!existsSync(fast)) {
    file = baseline;
  }
  const addon = loadFile(file);
  if (typeof addon.run !== 'function' || typeof addon.abiVersion !== 'function') {
    throw new Error(`the native build ${file} is not the PathReg kernels addon; rebuild it with npm run build:native`);
  }
  if (addon.abiVersion() !== ABI_VERSION) {
    throw new Error(
      `the native build ${file} was built for kernel ABI ${addon.abiVersion()}, this app needs ${ABI_VERSION}; rebuild it with npm run build:native`,
    );
  }
  const loaded = { addon, file, simd: addon.simd() };
  cache.set(folder.href, loaded);
  return loaded;
}
