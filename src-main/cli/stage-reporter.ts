/**
 * `pathreg fit`'s stage lines: one line when the fit enters a named stage (the same stages the app's Training view
 * draws) and one per evaluated donor; training's own progress is printed by the iteration lines.
 */
import { stageLine, type FitStageReport } from '../../src-shared/fit-stages.ts';

export function stageReporter(write: (line: string) => void): (report: FitStageReport) => void {
  let last: FitStageReport | null = null;
  return (report) => {
    const entered = last?.stage !== report.stage;
    const nextDonor = report.stage === 'evaluating' && last?.done !== report.done;
    last = report;
    if (entered || nextDonor) write(stageLine(report));
  };
}
