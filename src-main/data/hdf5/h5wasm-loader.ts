/**
 * Loads h5wasm's Node build once per thread and captures HDF5's own diagnostics.
 *
 * The Node build uses Emscripten's NODERAWFS: HDF5 reads the host file with positioned reads, so opening a file
 * never copies it into memory; peak memory is bounded by what we slice out of it (plus HDF5's chunk cache).
 * HDF5 prints its error stack to stderr through a `console.error` it binds when the module loads; we bind it to a
 * collector instead, so the low-level reason ("truncated file: eof = …") can be quoted in our own messages and the
 * terminal is not flooded.
 */
type H5wasmModule = typeof import('h5wasm/node');
export type H5wasm = H5wasmModule['default'];

const diagnosticLines: string[] = [];
const MAX_DIAGNOSTIC_LINES = 200;
let loading: Promise<H5wasm> | null = null;

/** Returns h5wasm, ready to open files. */
export function loadH5wasm(): Promise<H5wasm> {
  if (!loading) loading = load();
  return loading;
}

async function load(): Promise<H5wasm> {
  const originalError = console.error;
  console.error = (...args: unknown[]) => {
    const text = args.map(String).join(' ');
    diagnosticLines.push(text);
    if (diagnosticLines.length > MAX_DIAGNOSTIC_LINES) diagnosticLines.splice(0, diagnosticLines.length - MAX_DIAGNOSTIC_LINES);
  };
  try {
    const module = (await import('h5wasm/node')).default;
    await module.ready;
    return module;
  } finally {
    console.error = originalError;
  }
}

/** Forgets collected diagnostics; call before an HDF5 operation whose failure should be explained. */
export function clearHdf5Diagnostics(): void {
  diagnosticLines.length = 0;
}

/**
 * The most specific reason HDF5 gave for its last failure, e.g. "truncated file: eof = 1000000, … stored_eof =
 * 3411072", or null. HDF5 prints its stack outermost first, so the deepest frame's text is the real cause.
 */
export function lastHdf5Reason(): string | null {
  for (let i = diagnosticLines.length - 1; i >= 0; i--) {
    const match = /#\d+: .* in [\w]+\(\): (.*)$/.exec(diagnosticLines[i]);
    if (match) return match[1].trim();
  }
  return null;
}
