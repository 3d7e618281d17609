/**
 * The time beside a run's progress: what is left while it runs (training at the smoothed rate plus the evaluation
 * after it; during evaluation, the evaluation estimate less what has passed), and once it ended the whole time it
 * took, evaluation included, with training's share.
 */
import type { RunSummary, TrainingProgress } from '../../src-shared/contract/types.ts';
import { formatDuration } from '../../src-shared/figures/run-adapters.ts';
import { evaluationSecondsEstimate, writingSecondsEstimate } from '../../src-shared/run-time-estimate.ts';
import { formatEta } from '../../src-shared/eta-under-load.ts';
import { fitMethodOf } from '../../src-shared/run-config.ts';

export function runTimeText(run: RunSummary, last: TrainingProgress | null): string {
  const active = run.stages?.find((state) => state.status === 'active');
  const running = run.state === 'running' || run.state === 'starting';
  // The velocity fit's last report before evaluating carries the time its evaluation and files take
  // (src-shared/velocity-run-estimate.ts at the pace the run showed): count it down.
  if (
    running &&
    active &&
    (active.stage === 'evaluating' || active.stage === 'writing') &&
    last &&
    fitMethodOf(run.config ?? {}) === 'velocity' &&
    Number.isFinite(last.etaSeconds)
  ) {
    const spent = (run.stages ?? [])
      .filter((state) => state.stage === 'evaluating' || state.stage === 'writing')
      .reduce((sum, state) => sum + (state.seconds ?? 0), 0);
    const left = Math.max(0, last.etaSeconds - spent);
    return left >= 1 ? `about ${formatDuration(left)} left (evaluating)` : 'finishing the evaluation…';
  }
  if (running && active && (active.stage === 'evaluating' || active.stage === 'writing') && last && last.rate > 0) {
    const evaluating = run.stages?.find((state) => state.stage === 'evaluating');
    // The evaluating stage counts the read-out as one step and then one per donor.
    const donors = Math.max(1, (evaluating?.total ?? 2) - 1);
    const writing = run.stages?.find((state) => state.stage === 'writing');
    const genes = run.selection.genes.length;
    // The read-out and files are costed in idle seconds: stretched by the slowdown the fit measured on this machine.
    const slowdown = last.etaRange?.slowdown ?? 1;
    const estimate = evaluationSecondsEstimate(1 / last.rate, donors) + (genes > 0 ? writingSecondsEstimate(genes) * slowdown : 0);
    const left = Math.max(0, estimate - (evaluating?.seconds ?? 0) - (writing?.seconds ?? 0));
    return left > 0 ? `about ${formatDuration(left)} left (evaluating)` : 'finishing the evaluation…';
  }
  if (running && last && last.etaSeconds >= 0) {
    const eta = last.etaRange ? formatEta({ seconds: last.etaSeconds, ...last.etaRange }, formatDuration) : formatDuration(last.etaSeconds);
    return `ETA ${eta}, evaluation included`;
  }
  if (running) return active ? `${active.stage}…` : '';
  if (!last) return '';
  const total = run.stages?.reduce((sum, state) => sum + (state.seconds ?? 0), 0) ?? 0;
  return total > last.elapsedSeconds
    ? `took ${formatDuration(total)} (training ${formatDuration(last.elapsedSeconds)})`
    : `elapsed ${formatDuration(last.elapsedSeconds)}`;
}
