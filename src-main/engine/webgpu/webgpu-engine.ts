/// <reference types="@webgpu/types" />
/**
 * The `webgpu` engine: a whole training iteration as WGSL compute kernels in one command buffer (gates, gated
 * weights, the forward RK4 sweep, the reverse sweep, the weight-gradient products, regularizer gradients, the loss
 * and Adam: about ten dispatches), with the parameters and Adam's moments resident on the GPU. Each iteration reads
 * back four floats (the loss terms and a finite flag) from one small mapped buffer; synchronize() copies the
 * parameters back when the caller needs them.
 *
 * The arithmetic is docs/model.md's, the same as the fused CPU engines (src-main/engine/kernels/*.c), in float32
 * throughout. RK4 on binned pseudotime only: Dormand–Prince's adaptive steps decide on the host between stages, which
 * a GPU pays for in round trips.
 *
 * Device failures (a lost device, out of memory, an error the driver reports) become an EngineDeviceError thrown by
 * the call that notices; a read-back waiting on a device that is lost rejects instead of waiting forever.
 */
import type { LossTerms } from '../../../src-shared/run-config.ts';
import type {
  EngineAvailability,
  EngineFactory,
  LossAndGradient,
  OptimizerState,
  Prediction,
  TrainingEngine,
  TrainingProblem,
} from '../engine-interface.ts';
import { EngineDeviceError, type EngineDeviceFailureKind } from '../engine-failure.ts';
import { problemRk4Substeps } from '../model/rk4-stability.ts';
import { checkParameterLengths, validateTrainingProblem } from '../validate-problem.ts';
import { substepsFromDeviceSquares } from './device-substeps.ts';
import { acquireBrowserGpuDevice, describeBrowserGpuAdapter, type GpuAdapterDescription, type GpuDeviceHandle } from './gpu-device.ts';
import { adamKernel } from './kernels/adam-kernel.ts';
import { foldedCorrectionsCount, foldedGradientCorrectionsKernel } from './kernels/folded-gradient-corrections-kernel.ts';
import { foldedProjectionCount, foldedProjectionKernel } from './kernels/folded-projection-kernel.ts';
import { gatedFieldBoundKernel } from './kernels/gated-field-bound-kernel.ts';
import { gatedWeightsCount, gatedWeightsKernel } from './kernels/gated-weights-kernel.ts';
import { hardConcreteGatesKernel } from './kernels/hard-concrete-gates-kernel.ts';
import { lossTotalKernel } from './kernels/loss-total-kernel.ts';
import { pathregPathsKernel } from './kernels/pathreg-paths-kernel.ts';
import { regularizerGradientKernel } from './kernels/regularizer-gradient-kernel.ts';
import { rk4FoldedForwardSweepKernel } from './kernels/rk4-folded-forward-sweep-kernel.ts';
import { rk4FoldedReverseSweepKernel } from './kernels/rk4-folded-reverse-sweep-kernel.ts';
import { rk4ForwardSweepKernel } from './kernels/rk4-forward-sweep-kernel.ts';
import { rk4ReverseSweepKernel } from './kernels/rk4-reverse-sweep-kernel.ts';
import { productDispatch, weightGradientProductKernel } from './kernels/weight-gradient-product-kernel.ts';
import {
  DOPRI5_REFUSAL,
  ELEMENTWISE_WORKGROUP,
  LOSS_SLOTS,
  MAX_WORKGROUPS_PER_DIMENSION,
  PRODUCT_WORKGROUP_BYTES,
  SWEEP_WORKGROUP,
  alignedBytes,
  planBufferBytes,
  planWebGpu,
  planSweepWorkgroupBytes,
  stepCoefficients,
  type WebGpuPlan,
} from './webgpu-plan.ts';

// WebGPU's numeric flags, written out so nothing has to be put on globalThis in Node (Dawn's binding exports them
// only as `globals`).
const USAGE_MAP_READ = 0x0001;
const USAGE_COPY_SRC = 0x0004;
const USAGE_COPY_DST = 0x0008;
const USAGE_UNIFORM = 0x0040;
const USAGE_STORAGE = 0x0080;
const USAGE_QUERY_RESOLVE = 0x0200;
const MAP_MODE_READ = 0x0001;
const SHADER_STAGE_COMPUTE = 0x4;

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;

export { DOPRI5_REFUSAL };

export interface WebGpuEngineOptions {
  /** Refuse problems whose GPU buffers would exceed this many bytes (besides the adapter's own limits). */
  memoryLimitBytes?: number;
  /** Where the device comes from (tests and the renderer pass their own); by default navigator.gpu or Dawn for Node. */
  acquireDevice?: () => Promise<GpuDeviceHandle>;
  /**
   * Workgroup memory the sweeps may use, at most the adapter's: layers whose vector does not fit are read from GPU
   * memory instead (slower, no size limit). Default: the adapter's maxComputeWorkgroupStorageSize.
   */
  workgroupMemoryBytes?: number;
}

function formatBytes(bytes: number): string {
  return bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(2)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function hasNavigatorGpu(): boolean {
  return Boolean((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu);
}

/** Whether a GPU adapter is there and what it is, for the engine registry's auto choice. */
export async function describeGpuAdapter(): Promise<GpuAdapterDescription> {
  if (hasNavigatorGpu()) return describeBrowserGpuAdapter();
  const { describeNodeGpuAdapter } = await import('./node-gpu-device.ts');
  return describeNodeGpuAdapter();
}

async function acquireDefaultDevice(): Promise<GpuDeviceHandle> {
  if (hasNavigatorGpu()) return acquireBrowserGpuDevice();
  const { acquireNodeGpuDevice } = await import('./node-gpu-device.ts');
  return acquireNodeGpuDevice();
}

/** Bytes of every GPU buffer the engine allocates for `problem`. */
export function webGpuMemoryBytes(problem: TrainingProblem): number {
  return planBufferBytes(planWebGpu(problem)).reduce((sum, buffer) => sum + buffer.bytes, 0);
}

export function createWebGpuEngineFactory(options: WebGpuEngineOptions = {}): EngineFactory {
  const acquire = options.acquireDevice ?? acquireDefaultDevice;
  return {
    name: 'webgpu',
    async availability(): Promise<EngineAvailability> {
      const adapter = await describeGpuAdapter();
      return { name: 'webgpu', available: adapter.present, reason: adapter.reason };
    },
    estimateMemoryBytes(problem: TrainingProblem): number {
      return webGpuMemoryBytes(problem);
    },
    async create(problem: TrainingProblem): Promise<TrainingEngine> {
      if (problem.solver.kind !== 'rk4' || problem.targets.kind !== 'binned') throw new RangeError(DOPRI5_REFUSAL);
      validateTrainingProblem(problem);
      const plan = planWebGpu(problem);
      const estimate = webGpuMemoryBytes(problem);
      const limit = options.memoryLimitBytes ?? Infinity;
      if (estimate > limit) {
        throw new RangeError(
          `The webgpu engine needs about ${formatBytes(estimate)} of GPU memory for this problem (${problem.genes} genes, ${problem.batch} trajectories, ` +
            `hidden ${problem.model.hidden.join(',') || 'none'}, ${plan.bins} bins × ${plan.substeps} substeps), more than its memory limit of ${formatBytes(limit)}. ` +
            'Use fewer genes, smaller hidden layers or fewer bins, raise the memory limit, or train with the wasm or native engine.',
        );
      }
      const handle = await acquire();
      try {
        // Planned again now that the device's workgroup memory is known: it decides where the sweeps keep vectors.
        const workgroupBytes = Math.min(handle.device.limits.maxComputeWorkgroupStorageSize, options.workgroupMemoryBytes ?? Infinity);
        return await WebGpuEngine.open(problem, handle, workgroupBytes, limit);
      } catch (error) {
        handle.release();
        throw error;
      }
    },
  };
}

export const webGpuEngineFactory: EngineFactory = createWebGpuEngineFactory();

interface Pipelines {
  gates: GPUComputePipeline;
  /** The stability rule's per-layer bound (substep-independent: one pipeline serves every substep count). */
  bound: GPUComputePipeline;
  gatedWeights: GPUComputePipeline;
  /** M = W̃_last·W̃_0 for the folded sweeps; null when the plan does not fold. */
  projection: GPUComputePipeline | null;
  forward: GPUComputePipeline;
  reverse: GPUComputePipeline;
  product: GPUComputePipeline;
  /** The folded sweeps' remaining terms of the gene-wide layers' gradients; null when the plan does not fold. */
  corrections: GPUComputePipeline | null;
  paths: GPUComputePipeline | null;
  split: GPUComputePipeline;
  loss: GPUComputePipeline;
  adam: GPUComputePipeline;
}

/** The problem planned at one substep count, and its kernels. */
interface Solver {
  plan: WebGpuPlan;
  pipelines: Pipelines;
}

interface Buffers {
  model: GPUBuffer;
  acts: GPUBuffer;
  deltas: GPUBuffer;
  uniform: GPUBuffer;
  lossRead: GPUBuffer;
  gradientRead: GPUBuffer;
  parameterRead: GPUBuffer;
  stateRead: GPUBuffer;
  boundRead: GPUBuffer;
}

/** planBufferBytes' order, so a buffer's size is looked up by its name in Buffers. */
const BUFFER_ORDER: (keyof Buffers)[] = [
  'model',
  'acts',
  'deltas',
  'uniform',
  'lossRead',
  'gradientRead',
  'parameterRead',
  'stateRead',
  'boundRead',
];

/** The buffers whose size depends on the substeps (the others are the same for every substep count). */
const SUBSTEP_BUFFERS: (keyof Buffers)[] = ['model', 'acts', 'deltas', 'stateRead'];

function bufferUsage(name: keyof Buffers): number {
  if (name === 'uniform') return USAGE_UNIFORM | USAGE_COPY_DST;
  if (name === 'model' || name === 'acts' || name === 'deltas') return USAGE_STORAGE | USAGE_COPY_DST | USAGE_COPY_SRC;
  return USAGE_MAP_READ | USAGE_COPY_DST;
}

/** What the engine counts about its solves, for tests and benchmarks. */
export interface WebGpuSolveStatistics {
  /** Substeps per bin of the last solve (training, gradient or prediction). */
  lastSubsteps: number;
  /** Training iterations whose substeps came from the device's bound (L floats read back). */
  boundReadbacks: number;
  /** Of those, the ones too close to a substep boundary, decided from the read-back parameters in float64. */
  parameterReadbacks: number;
  /** Substep counts the buffers have held so far (they grow, never shrink). */
  largestSubsteps: number;
}

/** Resident parameters and moments, as in the engine interface: the arrays the device's values currently are. */
interface Resident {
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
  step: number;
}

function failureKind(error: unknown): EngineDeviceFailureKind {
  const name = (error as { constructor?: { name?: string } })?.constructor?.name ?? '';
  return name === 'GPUOutOfMemoryError' ? 'out-of-memory' : 'device-error';
}

/** Refuses a plan that does not fit the device's limits, naming the limit and the numbers. */
function checkDeviceLimits(plan: WebGpuPlan, device: GPUDevice, adapterName: string): void {
  const limits = device.limits;
  const problems: string[] = [];
  const bindingLimit = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  for (const buffer of planBufferBytes(plan).slice(0, 3)) {
    if (buffer.bytes > bindingLimit) {
      problems.push(
        `its ${buffer.name} need ${formatBytes(buffer.bytes)} in one buffer, over the adapter's ${formatBytes(bindingLimit)} per buffer (maxStorageBufferBindingSize)`,
      );
    }
  }
  const sweepBytes = planSweepWorkgroupBytes(plan);
  const workgroupBytes = Math.max(sweepBytes, PRODUCT_WORKGROUP_BYTES);
  if (workgroupBytes > limits.maxComputeWorkgroupStorageSize) {
    problems.push(
      `its kernels need ${workgroupBytes} bytes of workgroup memory, over the adapter's ${limits.maxComputeWorkgroupStorageSize} (maxComputeWorkgroupStorageSize)`,
    );
  }
  if (limits.maxComputeInvocationsPerWorkgroup < SWEEP_WORKGROUP || limits.maxComputeWorkgroupSizeX < SWEEP_WORKGROUP) {
    problems.push(
      `the adapter allows ${limits.maxComputeInvocationsPerWorkgroup} threads per workgroup; the kernels use ${SWEEP_WORKGROUP}`,
    );
  }
  if (plan.batch > limits.maxComputeWorkgroupsPerDimension) {
    problems.push(
      `its ${plan.batch} trajectories are more than the adapter's ${limits.maxComputeWorkgroupsPerDimension} workgroups per dispatch`,
    );
  }
  if (Math.ceil(plan.layout.gateCount / ELEMENTWISE_WORKGROUP) > limits.maxComputeWorkgroupsPerDimension) {
    problems.push(
      `its ${plan.layout.gateCount} gates are more than the adapter's ${limits.maxComputeWorkgroupsPerDimension * ELEMENTWISE_WORKGROUP} threads per dispatch`,
    );
  }
  if (problems.length > 0) {
    throw new RangeError(
      `The webgpu engine cannot hold this problem (${plan.genes} genes, ${plan.batch} trajectories, sizes ${plan.sizes.join('→')}, ${plan.bins} bins × ${plan.substeps} substeps) ` +
        `on GPU "${adapterName}": ${problems.join('; ')}. Use fewer bins, genes or hidden units, or train with the wasm or native engine.`,
    );
  }
}

/** Microseconds of GPU time per kernel of one iteration, in dispatch order, and their sum. */
export interface KernelTimes {
  kernels: Record<string, number>;
  totalMicroseconds: number;
}

/** The most dispatches one iteration records (gates … Adam, with the folded sweep's two). */
const KERNELS_PER_ITERATION = 11;

/** Reads pairs of 64-bit nanosecond timestamps (as the float32 view they were read back in) into per-kernel µs. */
function kernelTimes(names: string[], stamps: Float32Array): KernelTimes {
  const nanoseconds = new BigUint64Array(stamps.buffer, stamps.byteOffset, 2 * names.length);
  const kernels: Record<string, number> = {};
  let total = 0;
  names.forEach((name, k) => {
    const microseconds = Number(nanoseconds[2 * k + 1] - nanoseconds[2 * k]) / 1000;
    kernels[name] = Number(microseconds.toFixed(2));
    total += microseconds;
  });
  return { kernels, totalMicroseconds: Number(total.toFixed(2)) };
}

/**
 * One training iteration of a webgpu engine with every kernel timed on the GPU (timestamp queries), for `npm run
 * bench -- --profile`. It is a real iteration: the parameters move as in trainStep. Null when the device cannot time.
 */
export async function profileWebGpuIteration(
  engine: TrainingEngine,
  params: Float32Array,
  optimizer: OptimizerState,
  gateNoise: Float32Array,
  learningRate: number,
): Promise<KernelTimes | null> {
  if (!(engine instanceof WebGpuEngine)) throw new TypeError(`profileWebGpuIteration times the webgpu engine, not ${engine.name}.`);
  return engine.profileIteration(params, optimizer, gateNoise, learningRate);
}

/** Workgroups for `threads` threads of the elementwise kernels, as (x, y) within the per-dimension limit. */
function elementwiseDispatch(threads: number): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / ELEMENTWISE_WORKGROUP));
  const x = Math.min(groups, MAX_WORKGROUPS_PER_DIMENSION);
  return [x, Math.ceil(groups / x)];
}

/** How the webgpu engine solved its last problems: the substeps of the stability rule and how they were found. */
export function webGpuSolveStatistics(engine: TrainingEngine): WebGpuSolveStatistics {
  if (!(engine instanceof WebGpuEngine)) throw new TypeError(`webGpuSolveStatistics reads the webgpu engine, not ${engine.name}.`);
  return engine.statistics();
}

/**
 * Creates `sizes` buffers on the device inside error scopes: a failed allocation destroys what was made and throws an
 * EngineDeviceError naming the total.
 */
async function createBuffers(
  device: GPUDevice,
  wanted: { name: keyof Buffers; label: string; bytes: number }[],
): Promise<Partial<Buffers>> {
  const created: Partial<Buffers> = {};
  const total = wanted.reduce((sum, buffer) => sum + buffer.bytes, 0);
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  try {
    for (const { name, label, bytes } of wanted) created[name] = device.createBuffer({ label, size: bytes, usage: bufferUsage(name) });
  } catch (error) {
    await device.popErrorScope().catch(() => null);
    await device.popErrorScope().catch(() => null);
    Object.values(created).forEach((buffer) => buffer.destroy());
    throw new EngineDeviceError('webgpu', 'out-of-memory', `creating the engine's buffers failed: ${(error as Error).message}`);
  }
  const validation = await device.popErrorScope();
  const outOfMemory = await device.popErrorScope();
  if (outOfMemory || validation) {
    Object.values(created).forEach((buffer) => buffer.destroy());
    if (outOfMemory)
      throw new EngineDeviceError('webgpu', 'out-of-memory', `allocating ${formatBytes(total)} for this problem: ${outOfMemory.message}`);
    throw new EngineDeviceError('webgpu', 'device-error', `allocating ${formatBytes(total)} for this problem: ${validation?.message}`);
  }
  return created;
}

class WebGpuEngine implements TrainingEngine {
  readonly name = 'webgpu' as const;
  private failure: EngineDeviceError | null = null;
  private disposed = false;
  private resident: Resident | null = null;
  /** True when the device's parameters are ahead of the resident arrays (trained since the last synchronize). */
  private ahead = false;
  private readonly lostSignal: Promise<never>;
  /** The problem planned at each substep count the stability rule has asked for so far. */
  private readonly solvers = new Map<number, Promise<Solver>>();
  /** Pipelines by WGSL source: kernels that do not depend on the substeps are compiled once for all counts. */
  private readonly kernels = new Map<string, Promise<GPUComputePipeline>>();
  private bindGroup: GPUBindGroup;
  /** Substeps whose RK4 step coefficients the model buffer holds now (0: none yet). */
  private coefficientsFor = 0;
  private solveStatistics: WebGpuSolveStatistics;

  private constructor(
    /** The problem at its configured substeps: its prefix offsets are every plan's (webgpu-plan.ts). */
    private readonly plan: WebGpuPlan,
    private readonly problem: TrainingProblem,
    private readonly handle: GpuDeviceHandle,
    private buffers: Buffers,
    private readonly bindGroupLayout: GPUBindGroupLayout,
    private readonly pipelineLayout: GPUPipelineLayout,
    private readonly workgroupBytes: number,
    private readonly memoryLimitBytes: number,
  ) {
    const device = handle.device;
    this.bindGroup = this.createBindGroup();
    this.solveStatistics = { lastSubsteps: plan.substeps, boundReadbacks: 0, parameterReadbacks: 0, largestSubsteps: plan.substeps };
    this.lostSignal = device.lost.then((info) => {
      const error = new EngineDeviceError(
        'webgpu',
        'device-lost',
        `${info.message || 'the device was lost'} (reason: ${info.reason ?? 'unknown'})`,
      );
      if (!this.disposed) this.failure ??= error;
      throw error;
    });
    // A read-back that is not waiting when the device goes must not leave an unhandled rejection behind.
    this.lostSignal.catch(() => undefined);
    device.onuncapturederror = (event: GPUUncapturedErrorEvent) => {
      this.failure ??= new EngineDeviceError('webgpu', failureKind(event.error), event.error.message);
    };
  }

  /** Allocates, uploads the problem and compiles the kernels; throws before returning anything half-built. */
  static async open(
    problem: TrainingProblem,
    handle: GpuDeviceHandle,
    workgroupBytes: number,
    memoryLimitBytes: number,
  ): Promise<WebGpuEngine> {
    const { device } = handle;
    const plan = planWebGpu(problem, workgroupBytes);
    checkDeviceLimits(plan, device, handle.adapter.description);
    const sizes = planBufferBytes(plan);
    const buffers = (await createBuffers(
      device,
      BUFFER_ORDER.map((name, index) => ({ name, label: sizes[index].name, bytes: sizes[index].bytes })),
    )) as Buffers;
    const storageEntry = (binding: number): GPUBindGroupLayoutEntry => ({
      binding,
      visibility: SHADER_STAGE_COMPUTE,
      buffer: { type: 'storage' },
    });
    const bindGroupLayout = device.createBindGroupLayout({
      entries: [
        storageEntry(0),
        storageEntry(1),
        storageEntry(2),
        { binding: 3, visibility: SHADER_STAGE_COMPUTE, buffer: { type: 'uniform' } },
      ],
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [bindGroupLayout] });
    const engine = new WebGpuEngine(plan, problem, handle, buffers, bindGroupLayout, pipelineLayout, workgroupBytes, memoryLimitBytes);
    try {
      const targets = problem.targets;
      if (targets.kind !== 'binned') throw new RangeError(DOPRI5_REFUSAL);
      const { model } = plan;
      const write = (offset: number, values: Float32Array): void => device.queue.writeBuffer(buffers.model, offset * 4, values);
      write(model.x0, problem.initialStates);
      write(model.binValues, targets.values);
      write(model.binWeights, targets.weights);
      await engine.solver(plan.substeps);
      return engine;
    } catch (error) {
      Object.values(buffers).forEach((buffer) => buffer.destroy());
      device.onuncapturederror = null;
      engine.disposed = true;
      throw error;
    }
  }

  private createBindGroup(): GPUBindGroup {
    return this.handle.device.createBindGroup({
      layout: this.bindGroupLayout,
      entries: [
        { binding: 0, resource: { buffer: this.buffers.model } },
        { binding: 1, resource: { buffer: this.buffers.acts } },
        { binding: 2, resource: { buffer: this.buffers.deltas } },
        { binding: 3, resource: { buffer: this.buffers.uniform } },
      ],
    });
  }

  private kernel(label: string, code: string): Promise<GPUComputePipeline> {
    let pipeline = this.kernels.get(code);
    if (!pipeline) {
      const device = this.handle.device;
      const module = device.createShaderModule({ label, code });
      pipeline = device
        .createComputePipelineAsync({ label, layout: this.pipelineLayout, compute: { module, entryPoint: 'main' } })
        .catch(async (error: unknown) => {
          const info = await module.getCompilationInfo();
          const messages = info.messages
            .filter((m) => m.type === 'error')
            .map((m) => `line ${m.lineNum}: ${m.message}`)
            .join('; ');
          throw new EngineDeviceError(
            'webgpu',
            'device-error',
            `the ${label} kernel did not compile on this GPU: ${messages || (error as Error).message}`,
          );
        });
      this.kernels.set(code, pipeline);
    }
    return pipeline;
  }

  /**
   * The problem planned and compiled at `substeps` per bin, with the buffers grown to hold it (the parameters, Adam's
   * moments and the uploaded targets move along on the device: they sit in the prefix every plan shares).
   */
  private solver(substeps: number): Promise<Solver> {
    let solver = this.solvers.get(substeps);
    if (!solver) {
      solver = this.buildSolver(substeps);
      this.solvers.set(substeps, solver);
      // A failed build (out of memory, say) is not remembered: the engine's failure or the thrown error tells.
      solver.catch(() => this.solvers.delete(substeps));
    }
    return solver;
  }

  private async buildSolver(substeps: number): Promise<Solver> {
    const solverConfig = this.problem.solver;
    if (solverConfig.kind !== 'rk4') throw new RangeError(DOPRI5_REFUSAL);
    const plan =
      substeps === this.plan.substeps
        ? this.plan
        : planWebGpu({ ...this.problem, solver: { ...solverConfig, substeps } }, this.workgroupBytes);
    if (plan.model.prefixFloats !== this.plan.model.prefixFloats) {
      throw new Error(`webgpu plan at ${substeps} substeps moved the shared prefix; webgpu-plan.ts must keep it fixed.`);
    }
    await this.growBuffers(plan);
    const folded = plan.folded !== null;
    const [gates, bound, gatedWeights, projection, forward, reverse, product, corrections, paths, split, loss, adam] = await Promise.all([
      this.kernel('hard-concrete gates', hardConcreteGatesKernel(plan)),
      this.kernel('gated field bound', gatedFieldBoundKernel(plan)),
      this.kernel('gated weights', gatedWeightsKernel(plan)),
      folded ? this.kernel('folded projection', foldedProjectionKernel(plan)) : Promise.resolve(null),
      folded
        ? this.kernel('folded RK4 forward sweep', rk4FoldedForwardSweepKernel(plan))
        : this.kernel('RK4 forward sweep', rk4ForwardSweepKernel(plan)),
      folded
        ? this.kernel('folded RK4 reverse sweep', rk4FoldedReverseSweepKernel(plan))
        : this.kernel('RK4 reverse sweep', rk4ReverseSweepKernel(plan)),
      this.kernel('weight-gradient product', weightGradientProductKernel(plan)),
      folded ? this.kernel('folded gradient corrections', foldedGradientCorrectionsKernel(plan)) : Promise.resolve(null),
      plan.regularizer.kind === 'pathreg' ? this.kernel('PathReg paths', pathregPathsKernel(plan)) : Promise.resolve(null),
      this.kernel('regularizer gradient', regularizerGradientKernel(plan)),
      this.kernel('loss total', lossTotalKernel(plan)),
      this.kernel('Adam', adamKernel(plan)),
    ]);
    const pipelines = { gates, bound, gatedWeights, projection, forward, reverse, product, corrections, paths, split, loss, adam };
    return { plan, pipelines };
  }

  /**
   * Replaces the substep-dependent buffers that are too small for `plan` (never shrinks them): the model buffer's
   * prefix (parameters, moments, targets) is copied across on the device, the scratch buffers start empty.
   */
  private async growBuffers(plan: WebGpuPlan): Promise<void> {
    const device = this.usable();
    try {
      checkDeviceLimits(plan, device, this.handle.adapter.description);
    } catch (error) {
      // Mid-run, a limit is a device failure like running out of memory: the run keeps its checkpoint for a CPU engine.
      throw new EngineDeviceError(
        'webgpu',
        'out-of-memory',
        `the model's field grew steep enough that a stable solve needs ${plan.substeps} RK4 substeps per bin, which this GPU cannot hold: ${(error as Error).message}`,
      );
    }
    const sizes = planBufferBytes(plan);
    const grow = SUBSTEP_BUFFERS.map((name) => ({
      name,
      label: sizes[BUFFER_ORDER.indexOf(name)].name,
      bytes: sizes[BUFFER_ORDER.indexOf(name)].bytes,
    })).filter(({ name, bytes }) => this.buffers[name].size < bytes);
    this.solveStatistics.largestSubsteps = Math.max(this.solveStatistics.largestSubsteps, plan.substeps);
    if (grow.length === 0) return;
    const grown = new Map(grow.map(({ name, bytes }) => [name, bytes]));
    const total = BUFFER_ORDER.reduce((sum, name) => sum + (grown.get(name) ?? this.buffers[name].size), 0);
    if (total > this.memoryLimitBytes) {
      throw new EngineDeviceError(
        'webgpu',
        'out-of-memory',
        `the model's field grew steep enough that a stable solve needs ${plan.substeps} RK4 substeps per bin, whose buffers (${formatBytes(total)}) ` +
          `exceed the engine's memory limit of ${formatBytes(this.memoryLimitBytes)}; continue this run on the wasm or native engine, or use fewer bins`,
      );
    }
    const created = await createBuffers(device, grow);
    const old = this.buffers;
    if (created.model) {
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(old.model, 0, created.model, 0, plan.model.prefixFloats * 4);
      device.queue.submit([encoder.finish()]);
    }
    this.buffers = { ...old, ...created };
    this.bindGroup = this.createBindGroup();
    // The copy was submitted before anything that uses the new buffers; the old ones go once the queue is past it.
    await Promise.race([device.queue.onSubmittedWorkDone(), this.lostSignal]);
    for (const { name } of grow) old[name].destroy();
    if (created.model) this.coefficientsFor = 0;
  }

  /** Writes the step coefficients of `plan` unless the model buffer already holds them. */
  private useCoefficients(plan: WebGpuPlan): void {
    if (this.coefficientsFor === plan.substeps) return;
    const targets = this.problem.targets;
    if (targets.kind !== 'binned') throw new RangeError(DOPRI5_REFUSAL);
    this.writeModel(plan.model.stepCoefficients, stepCoefficients(plan, targets.times));
    this.coefficientsFor = plan.substeps;
  }

  /** The solver for `substeps`, ready to encode: buffers grown, step coefficients written. */
  private async prepareSolve(substeps: number): Promise<Solver> {
    const solver = await this.solver(substeps);
    this.usable();
    this.useCoefficients(solver.plan);
    this.solveStatistics.lastSubsteps = substeps;
    return solver;
  }

  /** The substeps the rule gives for `params` on the host (float64, rk4-stability.ts): gradients and predictions. */
  private hostSubsteps(params: Float32Array, gateNoise: Float32Array | null): number {
    return problemRk4Substeps(this.problem, this.plan.layout, params, gateNoise) ?? this.plan.substeps;
  }

  /**
   * The substeps the rule gives for the device's parameters under the gates of `gateNoise` (already written, with the
   * iteration uniform): the gates and the per-layer bound on the device, L floats read back; the parameters only when
   * the float32 bound sits too close to a substep boundary to decide (device-substeps.ts).
   */
  private async deviceSubsteps(gateNoise: Float32Array): Promise<number> {
    const device = this.usable();
    const { pipelines } = await this.solver(this.plan.substeps);
    const { layout, model, layers } = this.plan;
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(pipelines.gates);
    pass.dispatchWorkgroups(...elementwiseDispatch(layout.gateCount));
    pass.setPipeline(pipelines.bound);
    pass.dispatchWorkgroups(layers, 1);
    pass.end();
    encoder.copyBufferToBuffer(this.buffers.model, model.fieldBound * 4, this.buffers.boundRead, 0, alignedBytes(layers));
    const [squares] = await this.submitAndRead(encoder, [{ buffer: this.buffers.boundRead, floats: layers }]);
    this.solveStatistics.boundReadbacks++;
    const times = this.problem.targets.kind === 'binned' ? this.problem.targets.times : [];
    const decided = substepsFromDeviceSquares(squares, this.plan.substeps, times);
    if (decided !== null) return decided;
    this.solveStatistics.parameterReadbacks++;
    const P = layout.parameterCount;
    const read = device.createCommandEncoder();
    read.copyBufferToBuffer(this.buffers.model, model.params * 4, this.buffers.parameterRead, 0, alignedBytes(P));
    const [params] = await this.submitAndRead(read, [{ buffer: this.buffers.parameterRead, floats: P }]);
    return this.hostSubsteps(params, gateNoise);
  }

  statistics(): WebGpuSolveStatistics {
    return { ...this.solveStatistics };
  }

  private usable(): GPUDevice {
    if (this.disposed) throw new Error('This webgpu engine was disposed; create a new one for the problem.');
    if (this.failure) throw this.failure;
    return this.handle.device;
  }

  private checkLengths(params: Float32Array, gateNoise: Float32Array | null): void {
    checkParameterLengths(this.plan.layout, params, gateNoise);
  }

  private writeModel(offset: number, values: Float32Array): void {
    this.usable().queue.writeBuffer(this.buffers.model, offset * 4, values);
  }

  private writeIteration(stepSize: number, biasCorrection2Sqrt: number, sampled: boolean): void {
    this.usable().queue.writeBuffer(this.buffers.uniform, 0, new Float32Array([stepSize, biasCorrection2Sqrt, 0, sampled ? 1 : 0]));
  }

  /**
   * Records the iteration's kernels: the forward solve always, the gradient and Adam when asked. All in one compute
   * pass; when profiling, each kernel gets its own pass with a timestamp at its start and end (the order and results
   * are the same), and the kernel names are returned in timestamp order.
   */
  private encode(
    encoder: GPUCommandEncoder,
    { plan, pipelines }: Solver,
    what: 'predict' | 'gradient' | 'train',
    timestamps?: GPUQuerySet,
  ): string[] {
    const names: string[] = [];
    let shared: GPUComputePassEncoder | null = timestamps ? null : encoder.beginComputePass();
    shared?.setBindGroup(0, this.bindGroup);
    const run = (name: string, pipeline: GPUComputePipeline, [x, y]: [number, number]): void => {
      let pass = shared;
      if (!pass) {
        const at = 2 * names.length;
        pass = encoder.beginComputePass({
          timestampWrites: { querySet: timestamps as GPUQuerySet, beginningOfPassWriteIndex: at, endOfPassWriteIndex: at + 1 },
        });
        pass.setBindGroup(0, this.bindGroup);
      }
      pass.setPipeline(pipeline);
      pass.dispatchWorkgroups(x, y);
      if (!shared) pass.end();
      names.push(name);
    };
    run('gates', pipelines.gates, elementwiseDispatch(plan.layout.gateCount));
    run('gated-weights', pipelines.gatedWeights, elementwiseDispatch(gatedWeightsCount(plan)));
    if (pipelines.projection) run('folded-projection', pipelines.projection, elementwiseDispatch(foldedProjectionCount(plan)));
    run('forward-sweep', pipelines.forward, [plan.batch, 1]);
    if (what !== 'predict') {
      run('reverse-sweep', pipelines.reverse, [plan.batch, 1]);
      run('weight-gradient-product', pipelines.product, productDispatch(plan));
      if (pipelines.corrections)
        run('folded-gradient-corrections', pipelines.corrections, elementwiseDispatch(foldedCorrectionsCount(plan)));
      if (pipelines.paths) run('pathreg-paths', pipelines.paths, [1, 1]);
      run('regularizer-gradient', pipelines.split, elementwiseDispatch(plan.layout.gateCount));
      run('loss-total', pipelines.loss, [1, 1]);
      if (what === 'train') run('adam', pipelines.adam, elementwiseDispatch(plan.layout.parameterCount));
    }
    shared?.end();
    shared = null;
    return names;
  }

  /** Submits `encoder`, then maps each buffer and copies out its first floats; a lost device rejects, never hangs. */
  private async submitAndRead(encoder: GPUCommandEncoder, reads: { buffer: GPUBuffer; floats: number }[]): Promise<Float32Array[]> {
    const device = this.usable();
    device.queue.submit([encoder.finish()]);
    try {
      await Promise.race([
        Promise.all(reads.map(({ buffer, floats }) => buffer.mapAsync(MAP_MODE_READ, 0, alignedBytes(floats)))),
        this.lostSignal,
      ]);
    } catch (error) {
      for (const { buffer } of reads) if (buffer.mapState === 'mapped') buffer.unmap();
      if (this.failure) throw this.failure;
      if (error instanceof EngineDeviceError) throw error;
      throw new EngineDeviceError('webgpu', 'device-error', `reading results back failed: ${(error as Error).message}`);
    }
    const out = reads.map(({ buffer, floats }) => {
      const values = new Float32Array(buffer.getMappedRange(0, alignedBytes(floats)).slice(0, floats * 4));
      buffer.unmap();
      return values;
    });
    if (this.failure) throw this.failure;
    return out;
  }

  private lossTerms(values: Float32Array): LossTerms {
    return { data: values[0], penalty: values[1], total: values[2] };
  }

  private isResident(params: Float32Array, optimizer: OptimizerState): boolean {
    const r = this.resident;
    return r !== null && r.params === params && r.m === optimizer.m && r.v === optimizer.v && r.step === optimizer.step;
  }

  /** Before a call overwrites the device's parameters: bring trained values home so no training is lost. */
  private async releaseResident(): Promise<void> {
    const resident = this.resident;
    if (resident && this.ahead) await this.synchronize(resident.params, resident);
    this.resident = null;
    this.ahead = false;
  }

  async lossAndGradient(params: Float32Array, gateNoise: Float32Array): Promise<LossAndGradient> {
    this.checkLengths(params, gateNoise);
    const device = this.usable();
    await this.releaseResident();
    const solver = await this.prepareSolve(this.hostSubsteps(params, gateNoise));
    this.writeModel(this.plan.model.params, params);
    this.writeModel(this.plan.model.noise, gateNoise);
    this.writeIteration(0, 1, true);
    const encoder = device.createCommandEncoder();
    this.encode(encoder, solver, 'gradient');
    const P = this.plan.layout.parameterCount;
    encoder.copyBufferToBuffer(this.buffers.model, this.plan.model.loss * 4, this.buffers.lossRead, 0, LOSS_SLOTS * 4);
    encoder.copyBufferToBuffer(this.buffers.model, this.plan.model.grad * 4, this.buffers.gradientRead, 0, alignedBytes(P));
    const [loss, gradient] = await this.submitAndRead(encoder, [
      { buffer: this.buffers.lossRead, floats: LOSS_SLOTS },
      { buffer: this.buffers.gradientRead, floats: P },
    ]);
    // As the CPU engines report a diverged solve: non-finite loss, and a gradient nobody should step along.
    if (loss[3] === 0) gradient.fill(NaN);
    return { terms: this.lossTerms(loss), gradient };
  }

  async trainStep(params: Float32Array, optimizer: OptimizerState, gateNoise: Float32Array, learningRate: number): Promise<LossTerms> {
    return (await this.train(params, optimizer, gateNoise, learningRate, false)).terms;
  }

  /** One training iteration with each kernel timed on the GPU (timestamp queries); null times where unsupported. */
  async profileIteration(
    params: Float32Array,
    optimizer: OptimizerState,
    gateNoise: Float32Array,
    learningRate: number,
  ): Promise<KernelTimes | null> {
    return (await this.train(params, optimizer, gateNoise, learningRate, true)).kernels;
  }

  private async train(
    params: Float32Array,
    optimizer: OptimizerState,
    gateNoise: Float32Array,
    learningRate: number,
    profile: boolean,
  ): Promise<{ terms: LossTerms; kernels: KernelTimes | null }> {
    this.checkLengths(params, gateNoise);
    if (optimizer.m.length !== params.length || optimizer.v.length !== params.length) {
      throw new RangeError(
        `Adam's moments hold ${optimizer.m.length} and ${optimizer.v.length} values, but the parameters ${params.length}.`,
      );
    }
    const device = this.usable();
    if (!this.isResident(params, optimizer)) {
      await this.releaseResident();
      this.writeModel(this.plan.model.params, params);
      this.writeModel(this.plan.model.adamM, optimizer.m);
      this.writeModel(this.plan.model.adamV, optimizer.v);
      this.resident = { params, m: optimizer.m, v: optimizer.v, step: optimizer.step };
    }
    const step = optimizer.step + 1;
    const biasCorrection1 = 1 - Math.pow(ADAM_BETA1, step);
    const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(ADAM_BETA2, step));
    this.writeModel(this.plan.model.noise, gateNoise);
    this.writeIteration(learningRate / biasCorrection1, biasCorrection2Sqrt, true);
    // The stability rule on the device's parameters under this iteration's gates (docs/model.md, "Solvers").
    const solver = await this.prepareSolve(await this.deviceSubsteps(gateNoise));
    const encoder = device.createCommandEncoder();
    const timing = profile && device.features.has('timestamp-query') ? this.timestampBuffers(device) : null;
    const names = this.encode(encoder, solver, 'train', timing?.querySet);
    encoder.copyBufferToBuffer(this.buffers.model, this.plan.model.loss * 4, this.buffers.lossRead, 0, LOSS_SLOTS * 4);
    const reads = [{ buffer: this.buffers.lossRead, floats: LOSS_SLOTS }];
    if (timing) {
      encoder.resolveQuerySet(timing.querySet, 0, 2 * names.length, timing.resolve, 0);
      encoder.copyBufferToBuffer(timing.resolve, 0, timing.read, 0, 16 * names.length);
      reads.push({ buffer: timing.read, floats: 4 * names.length });
    }
    const [loss, stamps] = await this.submitAndRead(encoder, reads);
    // A non-finite loss skipped Adam on the device: the parameters and the step count stay where they were.
    if (loss[3] !== 0) {
      optimizer.step = step;
      if (this.resident) this.resident.step = step;
      this.ahead = true;
    }
    return { terms: this.lossTerms(loss), kernels: stamps ? kernelTimes(names, stamps) : null };
  }

  private timing: { querySet: GPUQuerySet; resolve: GPUBuffer; read: GPUBuffer } | null = null;

  /** Created on the first profiled iteration only: a plain training run allocates nothing for profiling. */
  private timestampBuffers(device: GPUDevice): { querySet: GPUQuerySet; resolve: GPUBuffer; read: GPUBuffer } {
    this.timing ??= {
      querySet: device.createQuerySet({ type: 'timestamp', count: 2 * KERNELS_PER_ITERATION }),
      resolve: device.createBuffer({ size: 16 * KERNELS_PER_ITERATION, usage: USAGE_QUERY_RESOLVE | USAGE_COPY_SRC }),
      read: device.createBuffer({ size: 16 * KERNELS_PER_ITERATION, usage: USAGE_MAP_READ | USAGE_COPY_DST }),
    };
    return this.timing;
  }

  async synchronize(params: Float32Array, optimizer: OptimizerState): Promise<void> {
    const device = this.usable();
    const resident = this.resident;
    if (!resident) return;
    const P = this.plan.layout.parameterCount;
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(this.buffers.model, this.plan.model.params * 4, this.buffers.parameterRead, 0, alignedBytes(3 * P));
    const [all] = await this.submitAndRead(encoder, [{ buffer: this.buffers.parameterRead, floats: 3 * P }]);
    params.set(all.subarray(0, P));
    optimizer.m.set(all.subarray(P, 2 * P));
    optimizer.v.set(all.subarray(2 * P, 3 * P));
    optimizer.step = resident.step;
    if (params === resident.params && optimizer.m === resident.m && optimizer.v === resident.v) this.ahead = false;
  }

  async predict(params: Float32Array): Promise<Prediction> {
    this.checkLengths(params, null);
    const device = this.usable();
    await this.releaseResident();
    const solver = await this.prepareSolve(this.hostSubsteps(params, null));
    this.writeModel(this.plan.model.params, params);
    this.writeIteration(0, 1, false);
    const encoder = device.createCommandEncoder();
    this.encode(encoder, solver, 'predict');
    const { steps, batch: B, genes: D, substeps: S, bins: K } = solver.plan;
    const stateFloats = (steps + 1) * B * D;
    encoder.copyBufferToBuffer(this.buffers.model, solver.plan.model.states * 4, this.buffers.stateRead, 0, alignedBytes(stateFloats));
    const [states] = await this.submitAndRead(encoder, [{ buffer: this.buffers.stateRead, floats: stateFloats }]);
    const targets = this.problem.targets;
    const times = targets.kind === 'binned' ? targets.times : new Float64Array(K);
    return {
      trajectories: Array.from({ length: B }, (_, b) => {
        const values = new Float32Array(K * D);
        for (let k = 0; k < K; k++) {
          const at = ((k + 1) * S * B + b) * D;
          values.set(states.subarray(at, at + D), k * D);
        }
        return { times: Float64Array.from(times), values };
      }),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
    if (this.timing) {
      this.timing.querySet.destroy();
      this.timing.resolve.destroy();
      this.timing.read.destroy();
    }
    this.handle.device.onuncapturederror = null;
    this.handle.release();
  }
}
