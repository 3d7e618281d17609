/**
 * How an engine says its device failed under it (a GPU adapter lost, out of GPU memory, a device error), as opposed
 * to the numbers going wrong. The training loop catches this one error type, keeps the last checkpoint and offers
 * to continue on the CPU; any other error is a bug or bad input and is reported as such.
 */
import type { EngineName } from '../../src-shared/run-config.ts';

export type EngineDeviceFailureKind = 'device-lost' | 'out-of-memory' | 'device-error';

const WHAT_HAPPENED: Record<EngineDeviceFailureKind, string> = {
  'device-lost': 'lost its GPU (the driver reset it, another program took it, or the machine went to sleep)',
  'out-of-memory': 'ran out of GPU memory',
  'device-error': 'hit an error on the GPU',
};

export class EngineDeviceError extends Error {
  readonly engine: EngineName;
  readonly kind: EngineDeviceFailureKind;
  /** What the device or driver said, verbatim, for a bug report. */
  readonly detail: string;

  constructor(engine: EngineName, kind: EngineDeviceFailureKind, detail: string) {
    super(`The ${engine} engine ${WHAT_HAPPENED[kind]}: ${detail}`);
    this.name = 'EngineDeviceError';
    this.engine = engine;
    this.kind = kind;
    this.detail = detail;
  }
}

export function isEngineDeviceError(error: unknown): error is EngineDeviceError {
  return error instanceof EngineDeviceError;
}

/**
 * A solve or its gradient overflowed (NaN or infinite states): the numbers went wrong, the device did not. Fused
 * engines throw it from `predict`; the training loop counts such a model as infinitely bad instead of stopping.
 */
export class NonFiniteSolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteSolveError';
  }
}
