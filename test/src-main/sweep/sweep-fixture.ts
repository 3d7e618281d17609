// A small sweep set-up shared by the local and the Slurm tests: the CLI harness's seeded trajectory folder (donors 12
// and 21, 60 cells a trajectory) and fit options that make each task a few seconds on a loaded 2-core machine.
import { join } from 'node:path';
import { writeTrajectoryFolder } from '../cli/cli-harness.ts';
import type { SweepGrid } from '../../../src-main/sweep/sweep-manifest.ts';

export const TINY_FIT = ['--iterations', '5', '--hidden', '4', '--tf-list', 'none', '--test', '21'];

export function grid(partial: Partial<SweepGrid>): SweepGrid {
  return { lambdas: [0.01], seeds: [0], subsamples: 0, nulls: 0, subsampleFraction: 0.632, strata: 10, ...partial };
}

export async function trajectoryData(root: string): Promise<string> {
  return writeTrajectoryFolder(join(root, 'data'));
}
