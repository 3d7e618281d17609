import { describe, expect, it } from 'vitest';
import { advanceStages, finishStages, FIT_STAGES, initialStages, stageLine, type FitStageReport } from '../../src-shared/fit-stages.ts';

const report = (stage: FitStageReport['stage'], done = 0, total: number | null = null, detail = ''): FitStageReport => ({
  stage,
  done,
  total,
  detail,
});
const byName = (stages: ReturnType<typeof initialStages>) => Object.fromEntries(stages.map((s) => [s.stage, s]));

describe('the stages of a fit', () => {
  it('a run from a pseudotime column: pseudotime is skipped, each stage done in turn with its time', () => {
    let stages = initialStages();
    stages = advanceStages(stages, report('reading', 0, null, 'hsmm.h5ad'), 0);
    expect(byName(stages).reading).toMatchObject({ status: 'active', fraction: null, detail: 'hsmm.h5ad' });
    stages = advanceStages(stages, report('preparing', 1, 4), 2000);
    stages = advanceStages(stages, report('training', 50, 100), 3000);
    const now = byName(stages);
    expect(now.reading).toMatchObject({ status: 'done', fraction: 1, seconds: 2 });
    expect(now.preparing).toMatchObject({ status: 'done', seconds: 1 });
    expect(now.pseudotime).toMatchObject({ status: 'skipped', fraction: null });
    expect(now.training).toMatchObject({ status: 'active', fraction: 0.5, total: 100 });
    expect(now.evaluating.status).toBe('waiting');
    stages = advanceStages(stages, report('training', 100, 100), 5000);
    stages = advanceStages(stages, report('evaluating', 1, 3), 5000);
    stages = advanceStages(stages, report('writing', 3, 3), 6000);
    stages = finishStages(stages, 6500, 'completed');
    const done = byName(stages);
    expect(FIT_STAGES.map((s) => done[s].status)).toEqual(['done', 'done', 'skipped', 'done', 'done', 'done']);
    expect(done.training.seconds).toBe(2);
    expect(done.writing.seconds).toBe(0.5);
  });

  it('preparing entered again after pseudotime adds up its time', () => {
    let stages = advanceStages(initialStages(), report('preparing'), 0);
    stages = advanceStages(stages, report('pseudotime'), 1000);
    stages = advanceStages(stages, report('preparing', 1, 2), 4000);
    expect(byName(stages).preparing).toMatchObject({ status: 'active', seconds: 1, fraction: 0.5 });
    stages = advanceStages(stages, report('training', 1, 10), 4500);
    expect(byName(stages).preparing.seconds).toBe(1.5);
    expect(byName(stages).pseudotime).toMatchObject({ status: 'done', seconds: 3 });
  });

  it('a cancelled or failed run marks the stage it was in as stopped and leaves the rest waiting', () => {
    let stages = advanceStages(initialStages(), report('training', 10, 100), 0);
    stages = finishStages(stages, 1000, 'stopped');
    expect(byName(stages).training).toMatchObject({ status: 'stopped', seconds: 1 });
    expect(byName(stages).evaluating.status).toBe('waiting');
  });

  it('the command line prints a stage as one line with its position and share', () => {
    expect(stageLine(report('evaluating', 2, 3, 'held-out donor 21'))).toBe('[5/6] Evaluating every cell (2/3): held-out donor 21');
    expect(stageLine(report('reading', 0, null, 'hsmm.h5ad'))).toBe('[1/6] Reading the data: hsmm.h5ad');
  });
});
