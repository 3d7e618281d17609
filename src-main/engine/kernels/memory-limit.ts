/** The memory check every fused engine makes before allocating: refuse with the estimate and the limit, in words. */
import { freemem } from 'node:os';
import type { TrainingProblem } from '../engine-interface.ts';
import { formatMiB } from './fused-engine.ts';

/** Share of the free memory an engine may take when no limit is given (as the engine registry's default). */
export const DEFAULT_MEMORY_SHARE = 0.5;

export function defaultFusedMemoryLimit(): number {
  return Math.floor(freemem() * DEFAULT_MEMORY_SHARE);
}

export function refuseOverLimit(engine: string, problem: TrainingProblem, estimateBytes: number, limitBytes: number): void {
  if (estimateBytes <= limitBytes) return;
  throw new RangeError(
    `The ${engine} engine needs about ${formatMiB(estimateBytes)} for this problem (${problem.genes} genes, ${problem.batch} trajectories, ` +
      `hidden ${problem.model.hidden.join(',') || 'none'}), more than its memory limit of ${formatMiB(limitBytes)}. ` +
      'Use fewer genes, smaller hidden layers or fewer bins, or raise the memory limit.',
  );
}
