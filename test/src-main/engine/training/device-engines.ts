// Test doubles for engines that run on a device, kept in test/ only. Both wrap a real engine (the wasm engine in the
// tests), so the numbers are genuine; what they imitate is the device's behaviour, not its arithmetic.
import { EngineDeviceError, type EngineDeviceFailureKind } from '../../../../src-main/engine/engine-failure.ts';
import type { LossAndGradient, OptimizerState, Prediction, TrainingEngine } from '../../../../src-main/engine/engine-interface.ts';
import type { LossTerms } from '../../../../src-shared/run-config.ts';

/**
 * Keeps the parameters and Adam's moments in its own arrays ("on the device") the way the webgpu engine does: it
 * uploads them on the first trainStep and whenever a call passes other arrays, trains its own copy, and writes the
 * caller's arrays only in synchronize. A caller that reads the arrays without synchronizing sees stale numbers, so a
 * missing synchronize call shows up as a wrong checkpoint or a wrong result.
 */
export class DeviceResidentEngine implements TrainingEngine {
  readonly name: TrainingEngine['name'];
  synchronizeCalls = 0;
  private uploadedFrom: { params: Float32Array; optimizer: OptimizerState } | null = null;
  private deviceParams = new Float32Array(0);
  private deviceOptimizer: OptimizerState = { m: new Float32Array(0), v: new Float32Array(0), step: 0 };

  /** `name` lets the double pose as the engine it imitates (webgpu) in messages. */
  constructor(
    private readonly inner: TrainingEngine,
    name: TrainingEngine['name'] = inner.name,
  ) {
    this.name = name;
  }

  async trainStep(params: Float32Array, optimizer: OptimizerState, gateNoise: Float32Array, learningRate: number): Promise<LossTerms> {
    if (!this.uploadedFrom || this.uploadedFrom.params !== params || this.uploadedFrom.optimizer !== optimizer) {
      this.uploadedFrom = { params, optimizer };
      this.deviceParams = Float32Array.from(params);
      this.deviceOptimizer = { m: Float32Array.from(optimizer.m), v: Float32Array.from(optimizer.v), step: optimizer.step };
    }
    return this.inner.trainStep(this.deviceParams, this.deviceOptimizer, gateNoise, learningRate);
  }

  async synchronize(params: Float32Array, optimizer: OptimizerState): Promise<void> {
    this.synchronizeCalls++;
    if (!this.uploadedFrom) return;
    params.set(this.deviceParams);
    optimizer.m.set(this.deviceOptimizer.m);
    optimizer.v.set(this.deviceOptimizer.v);
    optimizer.step = this.deviceOptimizer.step;
  }

  lossAndGradient(params: Float32Array, gateNoise: Float32Array): Promise<LossAndGradient> {
    return this.inner.lossAndGradient(params, gateNoise);
  }

  predict(params: Float32Array): Promise<Prediction> {
    return this.inner.predict(params);
  }

  /** Poisons the device copy, as a kernel gone wrong would: the next synchronize brings NaN back. */
  corruptDeviceParameters(): void {
    this.deviceParams.fill(Number.NaN);
  }

  dispose(): void {
    this.inner.dispose();
  }
}

export interface FailingDeviceOptions {
  /** The trainStep call (1-based) that throws instead of computing. */
  failAtCall: number;
  kind?: EngineDeviceFailureKind;
  name?: TrainingEngine['name'];
  /** Also fail every later synchronize, as a lost device does. */
  synchronizeFailsAfter?: boolean;
}

/** A device-resident engine whose device fails at a given trainStep call with EngineDeviceError. */
export class FailingDeviceEngine extends DeviceResidentEngine {
  calls = 0;
  private failed = false;

  constructor(
    inner: TrainingEngine,
    private readonly options: FailingDeviceOptions,
  ) {
    super(inner, options.name);
  }

  override async trainStep(
    params: Float32Array,
    optimizer: OptimizerState,
    gateNoise: Float32Array,
    learningRate: number,
  ): Promise<LossTerms> {
    this.calls++;
    if (this.calls === this.options.failAtCall) {
      this.failed = true;
      // Half an iteration reached the device before it went: the device copy is no longer a consistent state.
      this.corruptDeviceParameters();
      throw new EngineDeviceError(
        this.name,
        this.options.kind ?? 'device-lost',
        'Device was lost (test double, trainStep call ' + this.calls + ')',
      );
    }
    return super.trainStep(params, optimizer, gateNoise, learningRate);
  }

  override async synchronize(params: Float32Array, optimizer: OptimizerState): Promise<void> {
    if (this.failed && this.options.synchronizeFailsAfter)
      throw new EngineDeviceError(this.name, 'device-lost', 'Device was lost (test double)');
    return super.synchronize(params, optimizer);
  }
}
