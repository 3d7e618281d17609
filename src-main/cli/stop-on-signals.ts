/**
 * SIGTERM (a job scheduler, `timeout`) and SIGINT (Ctrl-C) end `pathreg fit` at any stage, leaving the last
 * checkpoint.
 *
 * A JavaScript signal handler only runs when the event loop is free, and reading, preparing and computing
 * pseudotime run long synchronous stretches (h5wasm reads, eigen-decompositions): a handler installed for the whole
 * command is why a TERM used to be ignored until training began. So outside training no handler is installed at
 * all, and the signal's default action ends the process at once; nothing is lost, since every file a run writes is
 * written atomically (a killed write leaves only a temp file, removed on the next run). While the training loop
 * runs, which yields to the event loop every iteration, the first signal asks it to stop after the iteration and
 * write a checkpoint there; if that has not ended the process within `graceMs`, or a second signal comes, it exits
 * at once, and the checkpoint on disk is the last one written.
 */
import type { TrainingControl } from '../engine/training/training-control.ts';

/** The part of `process` this module uses (tests pass a stand-in). */
export interface SignalProcess {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): never;
}

export interface StopOnSignalsOptions {
  control: TrainingControl;
  log: (line: string) => void;
  /** How long the training loop has to write its checkpoint and return after the first signal (default 1.5 s). */
  graceMs?: number;
  process?: SignalProcess;
}

export interface FitSignals {
  /**
   * Wraps the run's progress sink: the first training progress arms the graceful stop and the last iteration's
   * disarms it again (evaluation and writing the results run with the default action, like reading).
   */
  watch<P extends { iteration: number; iterations: number }>(onProgress?: (progress: P) => void): (progress: P) => void;
  /** Whether a signal has asked the run to stop. */
  readonly stopping: boolean;
  /** Removes the handlers; call when the run has returned. */
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The shell's exit status for a process ended by a signal: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGINT' ? 130 : 143;
}

export function stopFitOnSignals(options: StopOnSignalsOptions): FitSignals {
  const target: SignalProcess = options.process ?? process;
  const graceMs = options.graceMs ?? 1500;
  let armed = false;
  let stopping = false;
  let graceTimer: NodeJS.Timeout | null = null;

  const exitNow = (signal: NodeJS.Signals, why: string) => {
    options.log(`pathreg fit: stopped by ${signal} ${why}; the last checkpoint written is kept (continue with --resume).`);
    target.exit(signalExitCode(signal));
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return exitNow(signal, 'a second time');
    stopping = true;
    options.log(`${signal}: stopping after this iteration with a checkpoint (send it again to stop at once)…`);
    options.control.cancel();
    graceTimer = setTimeout(() => exitNow(signal, `and the run had not ended ${graceMs} ms later`), graceMs);
    // The timer must not keep a finished process alive.
    graceTimer.unref();
  };
  const arm = () => {
    if (armed) return;
    armed = true;
    for (const signal of SIGNALS) target.on(signal, onSignal);
  };
  const disarm = () => {
    if (!armed) return;
    armed = false;
    // Without listeners Node restores the default action: the next signal ends the process immediately.
    for (const signal of SIGNALS) target.off(signal, onSignal);
  };

  return {
    watch(onProgress) {
      return (progress) => {
        if (progress.iteration >= progress.iterations) {
          // A stop already asked for still completes through the loop's own return.
          if (!stopping) disarm();
        } else arm();
        onProgress?.(progress);
      };
    },
    get stopping() {
      return stopping;
    },
    dispose() {
      // After a signal the grace timer stays (unref'd): if anything keeps the process alive past the run's return,
      // it still ends on time.
      if (graceTimer && !stopping) clearTimeout(graceTimer);
      disarm();
    },
  };
}
