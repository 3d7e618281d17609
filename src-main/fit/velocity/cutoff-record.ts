/**
 * The entry path's cut-off (engine/velocity/path-cutoff.ts) as the run record states it (snake_case) and as one line
 * of the run's notes a biologist can read.
 */
import type { PathCutoff } from '../../engine/velocity/path-cutoff.ts';
import type { VelocityRunRecord } from '../../../src-shared/contract/run-record.ts';

export function cutoffRecord(cutoff: PathCutoff | null): VelocityRunRecord['cutoff'] {
  if (!cutoff) return null;
  return {
    rule: cutoff.rule,
    stage: cutoff.stage,
    stages: cutoff.stages,
    lambda_fraction: cutoff.lambdaFraction,
    best_stage: cutoff.bestStage,
    validation_cells: cutoff.validationCells,
    validation_errors: cutoff.validationErrors,
    standard_errors: cutoff.standardErrors,
    standard_error_multiple: cutoff.standardErrorMultiple,
    target_stage_counts: cutoff.targetStages ? stageCounts(cutoff.targetStages, cutoff.stages) : null,
    target_best_stage_counts: cutoff.targetBestStages ? stageCounts(cutoff.targetBestStages, cutoff.stages) : null,
    global_stage: cutoff.globalStage,
    reason: cutoff.reason,
  };
}

/** How many targets kept each stage. */
export function stageCounts(targetStages: readonly number[], stages: number): number[] {
  const counts = new Array<number>(stages).fill(0);
  for (const stage of targetStages) counts[stage]++;
  return counts;
}

const fraction = (value: number) => value.toPrecision(2);
const withinStandardErrors = (multiple: number) =>
  multiple === 1 ? 'one standard error' : multiple === 0 ? 'zero standard errors (it is the lowest)' : `${multiple} standard errors`;

/** `targetsWithRegulators`: how many targets have at least one edge in the network. */
export function cutoffNote(cutoff: PathCutoff, targetsWithRegulators: number): string {
  const at = `stage ${cutoff.stage + 1} of ${cutoff.stages} (λ = ${fraction(cutoff.lambdaFraction)}·λ_max)`;
  switch (cutoff.rule) {
    case 'per-target-one-standard-error': {
      const targets = cutoff.targetStages ?? [];
      return (
        `the network is the entry path cut per target gene: each target keeps the sparsest stage whose velocity error on ${cutoff.validationCells} held-out cells ` +
        `is within ${withinStandardErrors(cutoff.standardErrorMultiple)} of that target's best (stages ${Math.min(...targets) + 1}–${Math.max(...targets) + 1} of ${cutoff.stages}, median ${cutoff.stage + 1}); ` +
        `${targetsWithRegulators} of ${targets.length} targets keep at least one regulator; the held-out cells were not trained on; ` +
        "pairs outside a target's kept stage are ranked in edges.csv with sign 0"
      );
    }
    case 'one-standard-error':
      return (
        `the network is the entry path at ${at}: the sparsest stage whose velocity error on ${cutoff.validationCells} held-out cells ` +
        `is within ${withinStandardErrors(cutoff.standardErrorMultiple)} of the best stage's (stage ${(cutoff.bestStage ?? 0) + 1}); the held-out cells were not trained on; ` +
        'pairs that had not entered by then are ranked in edges.csv with sign 0'
      );
    case 'lambda':
      return `the network is the entry path at ${at}, the cut-off the velocity lambda asked for; pairs that had not entered by then are ranked in edges.csv with sign 0`;
    case 'last-stage':
      return `the network is the entry path's last stage (${at}): ${cutoff.reason ?? 'no cut-off was chosen'}; nearly every allowed pair has entered there`;
  }
}
