/**
 * Whether a checkpoint can continue this fit: same data, same genes, same settings (the number of iterations may
 * grow). A refusal is data — which fact differs and how — so the command line can name its options and the app its
 * controls, without either parsing the other's sentences.
 */
import type { TrainingConfig } from '../../src-shared/run-config.ts';
import type { TrainingCheckpoint } from '../engine/training/checkpoint.ts';
import { closedInputGates } from '../engine/model/closed-input-gates.ts';
import { parameterLayout } from '../engine/model/parameter-layout.ts';

/** The settings a continued run must keep, by the name of the TrainingConfig key. */
export const RESUMABLE_SETTINGS = ['model', 'regularizer', 'solver', 'optimizer', 'seed', 'regulators'] as const;
export type ResumableSetting = (typeof RESUMABLE_SETTINGS)[number];

export type ResumeMismatch =
  | { kind: 'other-data'; checkpointSha256: string; dataSha256: string }
  | { kind: 'other-genes'; checkpointGenes: number; genes: string[] }
  | { kind: 'other-settings'; differences: Array<{ setting: ResumableSetting; before: unknown; now: unknown }> }
  | { kind: 'already-done'; iteration: number; iterations: number }
  /** The velocity methods keep no training state to continue from (their fit takes seconds to minutes). */
  | { kind: 'method-not-resumable'; method: 'velocity' | 'linear' };

export class ResumeRefusedError extends Error {
  constructor(
    readonly checkpointFile: string,
    readonly mismatch: ResumeMismatch,
  ) {
    super(`The checkpoint "${checkpointFile}" cannot continue this run (${mismatch.kind})`);
    this.name = 'ResumeRefusedError';
  }
}

/**
 * Throws ResumeRefusedError when the checkpoint cannot continue a run of `config` on these data and genes. `closed`
 * (regulator-mask.ts) are the genes this run keeps from regulating: the checkpoint's shut gates must be the same ones
 * (the same choice with another TF list is another run).
 */
export function checkResumable(
  checkpoint: TrainingCheckpoint,
  config: TrainingConfig,
  sha: string,
  genes: string[],
  file: string,
  mustAdvance = false,
  closed: boolean[] | null = null,
): void {
  const refuse = (mismatch: ResumeMismatch): never => {
    throw new ResumeRefusedError(file, mismatch);
  };
  if (checkpoint.dataSha256 !== sha) refuse({ kind: 'other-data', checkpointSha256: checkpoint.dataSha256, dataSha256: sha });
  if (checkpoint.genes.length !== genes.length || checkpoint.genes.some((g, i) => g !== genes[i])) {
    refuse({ kind: 'other-genes', checkpointGenes: checkpoint.genes.length, genes });
  }
  const differences = RESUMABLE_SETTINGS.filter(
    (key) => JSON.stringify(setting(checkpoint.config, key)) !== JSON.stringify(setting(config, key)),
  ).map((key) => ({ setting: key, before: setting(checkpoint.config, key), now: setting(config, key) }));
  if (!differences.length && checkpoint.parameters.length === parameterLayout(genes.length, config.model).parameterCount) {
    const shut = closedInputGates(parameterLayout(genes.length, config.model), checkpoint.parameters);
    const want = closed ?? genes.map(() => false);
    if (shut.some((flag, i) => flag !== want[i])) {
      const names = (flags: boolean[]) => `${flags.filter(Boolean).length} genes kept from regulating`;
      differences.push({ setting: 'regulators', before: names(shut), now: names(want) });
    }
  }
  if (differences.length) refuse({ kind: 'other-settings', differences });
  // The app's "continue" must add iterations; the command line may resume a finished run to redo its read-out.
  if (checkpoint.iteration > config.iterations || (mustAdvance && checkpoint.iteration === config.iterations))
    refuse({ kind: 'already-done', iteration: checkpoint.iteration, iterations: config.iterations });
}

/** A setting as the run used it: runs made before the regulators choice let every gene regulate. */
function setting(config: TrainingConfig, key: ResumableSetting): unknown {
  return key === 'regulators' ? (config.regulators ?? 'all') : config[key];
}
