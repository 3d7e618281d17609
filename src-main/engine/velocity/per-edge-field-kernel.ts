/**
 * Who computes the per-edge field's loss and gradient for fitVelocityField, chosen by the run's engine setting: the
 * C kernel (src-main/engine/kernels/per-edge-field-loss.c) in its native build or its WebAssembly build, the TF.js
 * reference (autodiff), or the TypeScript loops (per-edge-field-cpu.ts). The kernels compute the data term and its
 * gradient, including dL/dz; the gates, the penalty and the hard-concrete slope (O(sources·genes)) stay in
 * TypeScript, shared with per-edge-field-cpu.ts, so every backend trains the same objective.
 *
 * The arena each kernel call reads (the C file's header comment is the other half of this contract): an int32 header,
 * the float64 loss at byte 64, then the buffers from byte 128, each 8-byte aligned.
 */
import type { EngineChoice, RunEngineName } from '../../../src-shared/run-config.ts';
import { loadNativeKernels, type NativeKernels } from '../native/native-addon.ts';
import { loadWasmKernels, WASM_MAX_MEMORY_BYTES, type WasmKernels } from '../wasm/wasm-kernels.ts';
import { perEdgeGates, perEdgeLossAndGradient, type PerEdgeFieldConfig, type PerEdgeLoss } from './per-edge-field-cpu.ts';
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import { perEdgePenalty } from './per-edge-penalty.ts';

/** The engine setting as the velocity fit reads it; `typescript` (tests, benchmarks) takes the TypeScript loops. */
export type VelocityEngineChoice = EngineChoice | 'typescript';

export interface PerEdgeKernel {
  /** What computed the gradient, as the run records it. */
  name: Exclude<RunEngineName, 'webgpu'>;
  /** Why this one, in words for the run's notes. */
  reason: string;
  lossAndGradient(
    params: Float32Array | Float64Array,
    config: PerEdgeFieldConfig,
    states: Float32Array | Float64Array,
    velocities: Float32Array | Float64Array,
    rows: number,
    noise: Float32Array | null,
  ): PerEdgeLoss;
}

const CONTRACT_VERSION = 1;
const LOSS_AT = 64;
const BUFFERS_AT = 128;
/** int32 header slots: the PE_* enum of per-edge-field-loss.c, in its order. */
const H = {
  contract: 0,
  genes: 1,
  hidden: 2,
  sources: 3,
  rows: 4,
  flags: 5,
  status: 6,
  params: 7,
  gates: 8,
  sourceIndex: 9,
  states: 10,
  velocities: 11,
  gradient: 12,
  gateGradient: 13,
  scratch: 14,
  scratchDoubles: 15,
} as const;
const FLAG_DECAY = 1;
const FLAG_LINEAR = 2;
const STATUS_BAD_ARENA = 1;

/** One arena in some memory: `call` runs the kernel on the arena at `base` and returns its status. */
interface KernelMemory {
  buffer(): ArrayBuffer;
  base: number;
  /** Makes at least `bytes` bytes from `base` addressable. */
  ensure(bytes: number): void;
  call(): number;
  scratchDoubles(genes: number, hidden: number, sources: number, rows: number): number;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function layout(config: PerEdgeFieldConfig, rows: number, scratchDoubles: number) {
  const d = config.genes;
  const s = fieldSources(config).length;
  const total = perEdgeFieldOffsets(config).total;
  let at = BUFFERS_AT;
  const take = (bytes: number) => {
    const start = at;
    at = align8(at + bytes);
    return start;
  };
  const params = take(total * 8);
  const gates = take(s * d * 8);
  const sourceIndex = take(s * 4);
  const states = take(rows * d * 4);
  const velocities = take(rows * d * 4);
  const gradient = take(total * 8);
  const gateGradient = take(s * d * 8);
  const scratch = take(scratchDoubles * 8);
  return { params, gates, sourceIndex, states, velocities, gradient, gateGradient, scratch, bytes: at, total, s, d };
}

/** The data term by the C kernel in `memory`, then the penalty and the gates' slope as per-edge-field-cpu.ts adds them. */
function kernelLossAndGradient(
  memory: KernelMemory,
  params: Float32Array | Float64Array,
  config: PerEdgeFieldConfig,
  states: Float32Array | Float64Array,
  velocities: Float32Array | Float64Array,
  rows: number,
  noise: Float32Array | null,
): PerEdgeLoss {
  const scratchDoubles = memory.scratchDoubles(config.genes, config.hidden, fieldSources(config).length, rows);
  if (scratchDoubles >= 2 ** 31)
    throw new RangeError(
      `The velocity fit's working memory for ${rows} cells × ${config.genes} genes exceeds what one kernel call addresses; use a smaller batch.`,
    );
  const l = layout(config, rows, scratchDoubles);
  const pairs = l.s * l.d;
  const slope = new Float64Array(pairs);
  const z = perEdgeGates(params, config, noise, slope);
  memory.ensure(l.bytes);
  const base = memory.base;
  const buffer = memory.buffer();
  const header = new Int32Array(buffer, base, 32);
  header[H.contract] = CONTRACT_VERSION;
  header[H.genes] = l.d;
  header[H.hidden] = config.hidden;
  header[H.sources] = l.s;
  header[H.rows] = rows;
  header[H.flags] = (config.decay ? FLAG_DECAY : 0) | (config.linear ? FLAG_LINEAR : 0);
  header[H.status] = -1;
  header[H.params] = l.params;
  header[H.gates] = l.gates;
  header[H.sourceIndex] = l.sourceIndex;
  header[H.states] = l.states;
  header[H.velocities] = l.velocities;
  header[H.gradient] = l.gradient;
  header[H.gateGradient] = l.gateGradient;
  header[H.scratch] = l.scratch;
  header[H.scratchDoubles] = scratchDoubles;
  new Float64Array(buffer, base + l.params, l.total).set(params.subarray(0, l.total));
  new Float64Array(buffer, base + l.gates, pairs).set(z);
  new Int32Array(buffer, base + l.sourceIndex, l.s).set(fieldSources(config));
  new Float32Array(buffer, base + l.states, rows * l.d).set(states.subarray(0, rows * l.d));
  new Float32Array(buffer, base + l.velocities, rows * l.d).set(velocities.subarray(0, rows * l.d));
  const status = memory.call();
  if (status === STATUS_BAD_ARENA)
    throw new Error('The per-edge field kernel refused its arena (a layout mismatch with per-edge-field-loss.c).');
  // memory.buffer() again: a WebAssembly memory that grew has a new buffer.
  const after = memory.buffer();
  const data = new Float64Array(after, base + LOSS_AT, 1)[0];
  const gradient = Float64Array.from(new Float64Array(after, base + l.gradient, l.total));
  const gateGradient = Float64Array.from(new Float64Array(after, base + l.gateGradient, pairs));
  // A non-finite loss or gradient came back as status 2 with a zero gradient: report it as a non-finite loss, which
  // fitVelocityField stops on before any step.
  if (status !== 0) return { data: Number.isFinite(data) ? Number.NaN : data, penalty: 0, gradient };
  const o = perEdgeFieldOffsets(config);
  const penalty = perEdgePenalty(config.penalty, config.lambda, config, o, params, z, gradient, gateGradient);
  for (let p = 0; p < pairs; p++) gradient[o.logAlpha + p] += gateGradient[p] * slope[p];
  return { data, penalty, gradient };
}

interface PerEdgeWasmExports {
  memory: WebAssembly.Memory;
  pr_per_edge_field(base: number): number;
  pr_per_edge_field_scratch_doubles(genes: number, hidden: number, sources: number, rows: number): number;
}

/** The WebAssembly build: its own instance (one linear memory), grown as rows or genes need. */
export function wasmPerEdgeKernel(kernels: WasmKernels, reason: string): PerEdgeKernel {
  const exports = new WebAssembly.Instance(kernels.module, {}).exports as unknown as PerEdgeWasmExports;
  if (typeof exports.pr_per_edge_field !== 'function')
    throw new Error('the WebAssembly kernels lack the per-edge field kernel; run npm run build:kernels');
  const base = Math.ceil(kernels.heapBase / 64) * 64;
  const memory: KernelMemory = {
    buffer: () => exports.memory.buffer,
    base,
    ensure(bytes) {
      const needed = base + bytes;
      if (needed > WASM_MAX_MEMORY_BYTES)
        throw new RangeError(
          `The velocity fit needs ${(needed / 2 ** 30).toFixed(2)} GiB for one batch; WebAssembly addresses 4 GiB. Use the native engine or a smaller batch.`,
        );
      const pages = Math.ceil((needed - exports.memory.buffer.byteLength) / 65536);
      if (pages > 0) exports.memory.grow(pages);
    },
    call: () => exports.pr_per_edge_field(base),
    scratchDoubles: (genes, hidden, sources, rows) => exports.pr_per_edge_field_scratch_doubles(genes, hidden, sources, rows),
  };
  return {
    name: 'wasm',
    reason,
    lossAndGradient: (params, config, states, velocities, rows, noise) =>
      kernelLossAndGradient(memory, params, config, states, velocities, rows, noise),
  };
}

type PerEdgeNative = NativeKernels & {
  perEdgeField?: (arena: ArrayBuffer, base: number) => number;
  perEdgeFieldScratchDoubles?: (genes: number, hidden: number, sources: number, rows: number) => number;
};

/** The native build: an ArrayBuffer arena, replaced by a larger one when a call needs more. */
export function nativePerEdgeKernel(addon: PerEdgeNative, reason: string): PerEdgeKernel {
  const run = addon.perEdgeField;
  const size = addon.perEdgeFieldScratchDoubles;
  if (typeof run !== 'function' || typeof size !== 'function')
    throw new Error('the native build predates the per-edge field kernel; rebuild it with npm run build:native');
  let arena = new ArrayBuffer(BUFFERS_AT);
  const memory: KernelMemory = {
    buffer: () => arena,
    base: 0,
    ensure(bytes) {
      if (arena.byteLength < bytes) arena = new ArrayBuffer(bytes);
    },
    call: () => run(arena, 0),
    scratchDoubles: size,
  };
  return {
    name: 'native',
    reason,
    lossAndGradient: (params, config, states, velocities, rows, noise) =>
      kernelLossAndGradient(memory, params, config, states, velocities, rows, noise),
  };
}

export const TYPESCRIPT_PER_EDGE_KERNEL: PerEdgeKernel = {
  name: 'typescript',
  reason: 'asked for the TypeScript loops (src-main/engine/velocity/per-edge-field-cpu.ts)',
  lossAndGradient: perEdgeLossAndGradient,
};

async function tfjsPerEdgeKernel(): Promise<PerEdgeKernel> {
  const { perEdgeLossAndGradientTfjs } = await import('../reference/per-edge-field.ts');
  return {
    name: 'tfjs',
    reason: 'asked for the TF.js engine: the reference, with automatic differentiation (the slowest)',
    lossAndGradient(params, config, states, velocities, rows, noise) {
      const result = perEdgeLossAndGradientTfjs(
        Float32Array.from(params),
        config,
        Float32Array.from(states),
        Float32Array.from(velocities),
        rows,
        noise,
      );
      return { data: result.data, penalty: result.penalty, gradient: Float64Array.from(result.gradient) };
    },
  };
}

function tryNative(asked: boolean): PerEdgeKernel | string {
  try {
    const { addon, simd } = loadNativeKernels();
    return nativePerEdgeKernel(
      addon,
      asked
        ? `asked for the native engine: the per-edge field kernel's native build (${simd})`
        : `the native build (${simd}) is the fastest CPU engine for the velocity field`,
    );
  } catch (error) {
    return (error as Error).message;
  }
}

async function tryWasm(reason: string): Promise<PerEdgeKernel | string> {
  try {
    return wasmPerEdgeKernel(await loadWasmKernels(), reason);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The backend for the run's engine setting. `auto`, `cpu` and `webgpu` (the field has no GPU kernel) take the
 * fastest CPU build here: native when built, else WebAssembly, else the TypeScript loops, saying why; `native`,
 * `wasm` and `tfjs` take that engine or fail with the reason it cannot run.
 */
export async function choosePerEdgeKernel(choice: VelocityEngineChoice): Promise<PerEdgeKernel> {
  if (choice === 'typescript') return TYPESCRIPT_PER_EDGE_KERNEL;
  if (choice === 'tfjs') return tfjsPerEdgeKernel();
  if (choice === 'native') {
    const native = tryNative(true);
    if (typeof native === 'string') throw new Error(`The native engine cannot train the velocity field here: ${native}.`);
    return native;
  }
  if (choice === 'wasm') {
    const wasm = await tryWasm("asked for the WebAssembly engine: the per-edge field kernel's WebAssembly SIMD build");
    if (typeof wasm === 'string') throw new Error(`The WebAssembly engine cannot train the velocity field here: ${wasm}.`);
    return wasm;
  }
  const gpu = choice === 'webgpu' ? 'the velocity field has no GPU kernel, so it trains on the CPU; ' : '';
  const native = tryNative(false);
  if (typeof native !== 'string') return { ...native, reason: gpu + native.reason };
  const wasm = await tryWasm(`${gpu}WebAssembly, the fastest CPU engine here (native unavailable: ${native})`);
  if (typeof wasm !== 'string') return wasm;
  return {
    ...TYPESCRIPT_PER_EDGE_KERNEL,
    reason: `${gpu}the TypeScript loops, as neither C build runs here (native: ${native}; WebAssembly: ${wasm})`,
  };
}
