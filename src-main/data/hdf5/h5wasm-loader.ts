/**
 * Loads h5wasm's Node build once per thread and captures HDF5's own diagnostics.
 *
 * The Node build uses Emscripten's NODERAWFS: HDF5 reads the host file with positioned reads, so opening a file
 * never copies it into memory; peak memory is bounded by what we slice out of it (plus HDF5's chunk cache).
 * HDF5 prints its error stack to stderr; we collect it instead, so the low-level reason ("truncated file: eof = …")
 * can be quoted in our own messages and the terminal is not flooded.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
type H5wasmModule = typeof import('h5wasm/node');
export type H5wasm = H5wasmModule['default'];

/** Where the committed HDF5 filter plugins are (built by scripts/build-hdf5-plugins.sh); bundles copy the folder. */
const PLUGIN_FOLDER = fileURLToPath(new URL('./hdf5-plugins/', import.meta.url));
const LZF_PLUGIN_FILE = 'liblzf_filter.so';

let diagnostics = '';
let lzfPluginRegistered = false;
const MAX_DIAGNOSTIC_CHARS = 16_000;
let loading: Promise<H5wasm> | null = null;

/** Returns h5wasm, ready to open files. */
export function loadH5wasm(): Promise<H5wasm> {
  if (!loading) loading = load();
  return loading;
}

async function load(): Promise<H5wasm> {
  captureHdf5StandardError();
  // Emscripten binds console.error when the module loads and prints its own failures there ("Aborted(…)", "Cannot
  // enlarge memory…"). Those are collected too: the reader's message explains them, the console stays quiet.
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    if (/^(Aborted\(|Cannot enlarge memory|warning: Invalid UTF-8)/.test(text)) appendDiagnostics(`${text}\n`);
    else originalError(...args);
  };
  try {
    const imported = await import('h5wasm/node');
    await imported.default.ready;
    registerFilterPlugins(imported.Module);
    return imported.default;
  } finally {
    console.error = originalError;
  }
}

/**
 * Puts our plugin folder first on HDF5's plugin search path, so a dataset compressed with LZF (anndata's
 * `compression='lzf'`) is decoded by liblzf_filter.so when HDF5 first meets it. Without the file (a bundle that did
 * not copy it), LZF datasets are refused by name instead of read (see undecodableFilter).
 */
function registerFilterPlugins(module: H5wasmModule['Module']): void {
  if (!existsSync(`${PLUGIN_FOLDER}${LZF_PLUGIN_FILE}`)) return;
  lzfPluginRegistered = module.insert_plugin_search_path(PLUGIN_FOLDER.replace(/\/$/, ''), 0) >= 0;
}

/** True when the LZF plugin was found and registered with HDF5. */
export function lzfFilterAvailable(): boolean {
  return lzfPluginRegistered;
}

/** h5wasm's low-level module (raw reads with a status, filters); valid once loadH5wasm has resolved. */
export async function h5wasmModule(): Promise<H5wasmModule['Module']> {
  await loadH5wasm();
  return (await import('h5wasm/node')).Module;
}

/**
 * HDF5 prints its error stack with fprintf(stderr), which h5wasm's NODERAWFS turns into fs.writeSync(2, …) on this
 * thread's `fs` module, in fragments of lines. Node's own stderr (console.error, process.stderr) does not go through
 * fs.writeSync, so every such write on this thread is HDF5's and is collected instead of printed.
 */
function captureHdf5StandardError(): void {
  const fs = require('node:fs') as typeof import('node:fs');
  const original = fs.writeSync;
  const patched = function (this: unknown, fd: number, buffer: unknown, ...rest: unknown[]): number {
    if (fd !== 2) return (original as (...args: unknown[]) => number).call(this, fd, buffer, ...rest);
    if (typeof buffer === 'string') {
      appendDiagnostics(buffer);
      return Buffer.byteLength(buffer);
    }
    const view = buffer as Uint8Array;
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : view.byteLength - offset;
    appendDiagnostics(Buffer.from(view.buffer, view.byteOffset + offset, length).toString('utf8'));
    return length;
  };
  fs.writeSync = patched as typeof fs.writeSync;
}

function appendDiagnostics(text: string): void {
  diagnostics += text;
  // Keep the tail: the deepest (most specific) frames are printed last.
  if (diagnostics.length > MAX_DIAGNOSTIC_CHARS) diagnostics = diagnostics.slice(-MAX_DIAGNOSTIC_CHARS);
}

/** Forgets collected diagnostics; call before an HDF5 operation whose failure should be explained. */
export function clearHdf5Diagnostics(): void {
  diagnostics = '';
}

/**
 * The most specific reason HDF5 gave for its last failure, e.g. "truncated file: eof = 1000000, … stored_eof =
 * 3411072", or null. HDF5 prints its stack outermost first, so the deepest frame's text is the real cause.
 */
export function lastHdf5Reason(): string | null {
  const lines = diagnostics.split('\n');
  if (lines.some((l) => l.startsWith('Cannot enlarge memory')))
    return 'HDF5 needed more than its 2 GB of memory, which a damaged size field usually causes';
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /#\d+: .* in [\w]+\(\): (.*)$/.exec(lines[i]);
    if (match) return match[1].trim();
  }
  return null;
}

let wasmBroken = false;

/**
 * Records an exception from h5wasm. A WebAssembly trap or an Emscripten abort (HDF5 hitting an impossible state on a
 * damaged file, or its 2 GB memory limit) can leave the module's heap inconsistent, so the thread must not read
 * further files with it; the reader worker restarts itself when this returns true.
 */
export function noteHdf5Exception(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  if (
    error instanceof WebAssembly.RuntimeError ||
    /^Aborted\(|memory access out of bounds|unreachable|Cannot enlarge memory/i.test(message)
  ) {
    wasmBroken = true;
  }
}

/** True once h5wasm has trapped or aborted in this thread (see noteHdf5Exception). */
export function hdf5NeedsRestart(): boolean {
  return wasmBroken;
}
