/**
 * Messages between the job runner (server or Electron main) and one training worker.
 * Structured-clone data only; errors arrive as user-facing messages.
 */
import type { RunResult, TrainingProgress, TrajectorySelection } from '../../src-shared/contract/types.ts';
import type { EngineName, RunEngineName, TrainingConfig } from '../../src-shared/run-config.ts';
import type { FitStageReport } from '../../src-shared/fit-stages.ts';
import type { TfListSource } from '../../src-shared/tf-list-choice.ts';

/** Everything a worker needs to run one job from scratch: it opens the data itself. */
export interface TrainingJobSpec {
  runId: string;
  datasetPath: string;
  selection: TrajectorySelection;
  config: TrainingConfig;
  /** Which TF list the job reads (a bundled name, a file, none, or the default). */
  tfList: TfListSource;
  /** Folder for the checkpoint and the result (created by the runner). */
  folder: string;
  /** Checkpoint of an earlier run to continue from (training:continue); null starts from the seed. */
  resumeCheckpoint: string | null;
}

export type RunnerToWorker = { type: 'pause' } | { type: 'resume' } | { type: 'cancel' };

export type WorkerToRunner =
  | { type: 'engine'; engine: RunEngineName; reason: string }
  /** The fit entered a named stage or moved on in it (throttled by the worker). */
  | { type: 'stage'; report: FitStageReport }
  /** The app's progress event without its run id, which the runner adds (one shape from worker to window). */
  | ({ type: 'progress' } & Omit<TrainingProgress, 'runId'>)
  /** The loop has acknowledged a pause (between iterations, checkpoint written) and waits. */
  | { type: 'paused'; iteration: number }
  /** The loop has stopped (sent before the read-out and evaluation, so a cancel is confirmed at once). */
  | { type: 'stopped'; status: 'completed' | 'cancelled'; iteration: number; seconds: number }
  /** `notes`: what the loop did that the user should know (restarts after the loss blew up). */
  | {
      type: 'done';
      status: 'completed' | 'cancelled';
      iteration: number;
      seconds: number;
      result: Omit<RunResult, 'history'> | null;
      notes?: string[];
    }
  | { type: 'failed'; message: string }
  /**
   * The engine's device failed (GPU lost, out of GPU memory); the checkpoint in the job's folder holds the state at
   * `checkpointIteration` (absent when none could be kept), from which the run can continue on the CPU.
   */
  | { type: 'device-failed'; engine: EngineName; message: string; iteration: number; checkpointIteration: number | null };
