/**
 * The named stages of one fit, as the one fit (src-main/fit/run-fit.ts) reports them through its sink, the command
 * line prints them and the Training view draws one progress bar each. Pure, so every front end reads them alike.
 */

export const FIT_STAGES = ['reading', 'preparing', 'pseudotime', 'training', 'evaluating', 'writing'] as const;
export type FitStageName = (typeof FIT_STAGES)[number];

/** What each stage does, in a biologist's words (the Training view's labels, the command line's lines). */
export const FIT_STAGE_LABELS: Record<FitStageName, string> = {
  reading: 'Reading the data',
  preparing: 'Preparing cells and genes',
  pseudotime: 'Computing pseudotime',
  training: 'Training',
  evaluating: 'Evaluating every cell',
  writing: 'Writing the results',
};

/** One report from the fit: a stage has begun or moved on. */
export interface FitStageReport {
  stage: FitStageName;
  /** Steps done of `total` (iterations, trajectories, donors); total null while unknown. */
  done: number;
  total: number | null;
  /** What it is doing now ("hsmm.h5ad: 271 cells × 2,000 genes"). */
  detail: string;
}

/** `stopped`: the run was cancelled or failed during this stage. */
export type FitStageStatus = 'waiting' | 'active' | 'done' | 'skipped' | 'stopped';

/** A stage as the Training view shows it. */
export interface FitStageState {
  stage: FitStageName;
  status: FitStageStatus;
  /** 0–1 of the stage done, null while its size is unknown (the bar then shows activity, not a share). */
  fraction: number | null;
  /** Steps of the stage (iterations, donors + the read-out), null while unknown. */
  total: number | null;
  detail: string;
  /** Wall seconds from the stage's start to its end (or to now while active); null before it starts. */
  seconds: number | null;
  /** Clock time (ms) the stage began: the runner's clock, not sent for display. */
  startedAt: number | null;
}

/** Every stage waiting: a run that has not begun. */
export function initialStages(): FitStageState[] {
  return FIT_STAGES.map((stage) => ({ stage, status: 'waiting', fraction: 0, total: null, detail: '', seconds: null, startedAt: null }));
}

/**
 * The stages after a report at `now` (ms): the reported stage becomes active with its share done; every stage before
 * it that was active is done, and one that never ran (pseudotime read from a column) is skipped. A stage may be
 * entered again (the fit prepares the genes, computes pseudotime, then prepares the trajectories): its time adds up.
 */
export function advanceStages(stages: readonly FitStageState[], report: FitStageReport, now: number): FitStageState[] {
  const at = FIT_STAGES.indexOf(report.stage);
  return stages.map((state) => {
    const index = FIT_STAGES.indexOf(state.stage);
    if (state.stage === report.stage) {
      const earlier = state.status === 'active' || state.startedAt === null ? 0 : (state.seconds ?? 0);
      const startedAt = state.status === 'active' && state.startedAt !== null ? state.startedAt : now - earlier * 1000;
      const fraction = report.total && report.total > 0 ? Math.min(1, Math.max(0, report.done / report.total)) : null;
      return {
        ...state,
        status: 'active',
        fraction,
        total: report.total,
        detail: report.detail,
        startedAt,
        seconds: (now - startedAt) / 1000,
      };
    }
    if (state.status === 'active') return finish(state, now);
    if (index < at && state.status === 'waiting') return { ...state, status: 'skipped', fraction: null };
    return state;
  });
}

/** Every stage closed at the end of a run: the active one done, those that never ran skipped (or left waiting). */
export function finishStages(stages: readonly FitStageState[], now: number, outcome: 'completed' | 'stopped'): FitStageState[] {
  return stages.map((state) =>
    state.status === 'active'
      ? outcome === 'completed'
        ? finish(state, now)
        : { ...state, status: 'stopped', seconds: (now - (state.startedAt ?? now)) / 1000 }
      : state.status === 'waiting' && outcome === 'completed'
        ? { ...state, status: 'skipped', fraction: null }
        : state,
  );
}

function finish(state: FitStageState, now: number): FitStageState {
  return { ...state, status: 'done', fraction: 1, seconds: state.startedAt === null ? state.seconds : (now - state.startedAt) / 1000 };
}

/** A stage in one line, as the command line prints it: "[3/6] Computing pseudotime: …". */
export function stageLine(report: FitStageReport): string {
  const position = FIT_STAGES.indexOf(report.stage) + 1;
  const share = report.total ? ` (${report.done}/${report.total})` : '';
  return `[${position}/${FIT_STAGES.length}] ${FIT_STAGE_LABELS[report.stage]}${share}${report.detail ? `: ${report.detail}` : ''}`;
}
