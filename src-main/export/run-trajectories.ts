/**
 * The fitted trajectories of a run, as the fit stored them in its run folder (src-main/run/run-folder.ts): the
 * trajectories figure and the peak-pseudotime node attribute of `pathreg export` read them, for runs of the command
 * line and of the app alike (no data is read again, so moved or deleted data does not matter).
 */
import type { TrajectoryFigureData } from '../../src-shared/figures/index.ts';
import type { RunFolder } from './run-folder-reader.ts';
import { peakPseudotimes } from './peak-pseudotime.ts';

/**
 * Makes sure `run.trajectories` is known (every fit stores the observed and predicted values of each cell) and fills
 * in the peak pseudotime of genes that lack one. Throws, with the reason, when the folder has none.
 */
export async function ensureFittedTrajectories(run: RunFolder): Promise<RunFolder & { trajectories: TrajectoryFigureData }> {
  if (!run.trajectories) {
    throw new Error(
      `"${run.folder}" holds no stored trajectories (trajectories.json and trajectories.bin, which every fit writes since version 0.2): train the run again to get its trajectories figure.`,
    );
  }
  const peaks = peakPseudotimes(run.trajectories);
  for (const node of run.network.nodes) {
    if (node.peakPseudotime === null && peaks.has(node.id)) node.peakPseudotime = peaks.get(node.id)!;
  }
  return run as RunFolder & { trajectories: TrajectoryFigureData };
}
