/**
 * Loads the committed WebAssembly build of the C kernels (pathreg-kernels.wasm, built by scripts/build-kernels.sh)
 * once per process, and hands out one instance — one linear memory — per problem.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ABI_VERSION } from '../kernels/workspace-plan.ts';
import type { KernelArena } from '../kernels/fused-engine.ts';

export const WASM_KERNELS_URL = new URL('./pathreg-kernels.wasm', import.meta.url);
const PAGE_BYTES = 65536;
/** wasm32 addresses 4 GiB at most. */
export const WASM_MAX_MEMORY_BYTES = 4 * 2 ** 30;

interface KernelExports {
  memory: WebAssembly.Memory;
  pr_heap_base(): number;
  pr_abi_version(): number;
  pr_run(base: number, mode: number): number;
}

export type WasmKernels = { module: WebAssembly.Module; heapBase: number };

const cache = new Map<string, Promise<WasmKernels>>();

/** Compiles and checks the kernels; rejects with a message that names the file and what is wrong with it. */
export function loadWasmKernels(url: URL = WASM_KERNELS_URL): Promise<WasmKernels> {
  const key = url.href;
  let loading = cache.get(key);
  if (!loading) {
    loading = compile(url);
    cache.set(key, loading);
    loading.catch(() => cache.delete(key));
  }
  return loading;
}

async function compile(url: URL): Promise<WasmKernels> {
  const path = fileURLToPath(url);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new Error(
      `the WebAssembly kernels ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall the app or run npm run build:kernels`,
      { cause: error },
    );
  }
  if (!WebAssembly.validate(bytes)) {
    throw new Error(
      `the WebAssembly kernels ${path} are corrupt (${bytes.length} bytes that are not a valid module, or this runtime lacks WebAssembly SIMD); reinstall the app or run npm run build:kernels`,
    );
  }
  const module = await WebAssembly.compile(bytes);
  const probe = instantiate(module);
  if (probe.pr_abi_version() !== ABI_VERSION) {
    throw new Error(
      `the WebAssembly kernels ${path} were built for kernel ABI ${probe.pr_abi_version()}, this app needs ${ABI_VERSION}; run npm run build:kernels`,
    );
  }
  return { module, heapBase: probe.pr_heap_base() };
}

function instantiate(module: WebAssembly.Module): KernelExports {
  const instance = new WebAssembly.Instance(module, {});
  return instance.exports as unknown as KernelExports;
}

/** Bytes one instance needs beyond the arena: the module's static data and stack below the heap base. */
export function wasmOverheadBytes(kernels: WasmKernels): number {
  return Math.ceil(kernels.heapBase / PAGE_BYTES) * PAGE_BYTES + PAGE_BYTES;
}

/** A fresh instance whose linear memory holds one arena of `bytes` above the heap base. */
export function createWasmArena(kernels: WasmKernels, bytes: number): KernelArena {
  let exports: KernelExports | null = instantiate(kernels.module);
  const base = Math.ceil(kernels.heapBase / 64) * 64;
  const live = (): KernelExports => {
    if (!exports) throw new Error('This WebAssembly arena was released.');
    return exports;
  };
  const ensure = (size: number): void => {
    const memory = live().memory;
    const needed = base + size;
    if (needed > WASM_MAX_MEMORY_BYTES)
      throw new RangeError(
        `A WebAssembly engine can address 4 GiB; this problem needs ${(needed / 2 ** 30).toFixed(2)} GiB. Use the native engine or a smaller problem.`,
      );
    const pages = Math.ceil(needed / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) memory.grow(pages);
  };
  ensure(bytes);
  return {
    buffer: () => live().memory.buffer,
    base,
    resize(size: number) {
      ensure(size);
      new Uint8Array(live().memory.buffer, base, size).fill(0);
    },
    run: (mode: number) => live().pr_run(base, mode),
    release() {
      exports = null;
    },
  };
}
