/**
 * The run's named stages (reading, preparing, pseudotime, training, evaluating, writing), one progress bar each, as
 * the one fit reports them: a stage of unknown size shows an indeterminate bar while it runs.
 */
import { FIT_STAGE_LABELS, type FitStageState } from '../../src-shared/fit-stages.ts';
import { formatDuration } from '../../src-shared/figures/run-adapters.ts';
import { TEST_IDS } from '../test-ids.ts';

const STATUS_WORDS: Record<FitStageState['status'], string> = {
  waiting: 'waiting',
  active: 'now',
  done: 'done',
  skipped: 'not needed',
  stopped: 'stopped',
};

export function FitStagesPanel({ stages }: { stages: FitStageState[] }) {
  return (
    <ol className="fit-stages" data-testid={TEST_IDS.training.stages} aria-label="Stages of the run">
      {stages.map((state) => (
        <li key={state.stage} data-testid={TEST_IDS.training.stage} data-stage={state.stage} data-status={state.status}>
          <span className="stage-name">{FIT_STAGE_LABELS[state.stage]}</span>
          {state.status === 'skipped' ? (
            <span className="stage-bar hint">—</span>
          ) : (
            <progress
              className="stage-bar"
              max={1}
              aria-label={FIT_STAGE_LABELS[state.stage]}
              {...(state.fraction === null && state.status === 'active' ? {} : { value: state.fraction ?? 0 })}
            />
          )}
          <span className="stage-status">
            {STATUS_WORDS[state.status]}
            {state.seconds !== null && state.status !== 'waiting' ? ` · ${formatDuration(state.seconds)}` : ''}
            {state.status === 'active' && state.detail ? ` · ${state.detail}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
