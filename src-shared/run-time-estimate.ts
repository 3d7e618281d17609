/**
 * How long what follows training takes, in units of one training iteration: after the loop, the network is read
 * out and every donor is evaluated per cell with Dormand–Prince (src-main/fit/per-cell-mse.ts), one solve per donor
 * with its own engine. Measured on the bundled example and on HSMM with 2,000 genes (docs/benchmarks.md, "Progress
 * and the time estimate"), that costs about as much as a few hundred training iterations per evaluated donor,
 * whatever the model's size; the pre-run estimate and the ETA during training both add it.
 */
export const EVALUATION_ITERATIONS_PER_DONOR = 40;

/**
 * Seconds per gene pair to read the network out (gated path matrix, mean Jacobian signs) and write edges.csv: it
 * grows with genes², which is what froze HSMM with 2,000 genes for minutes after its last iteration. About 45 µs
 * per pair measured at a load of 20 on the 2-core dev machine, where training ran 7.8× slower than idle: about 6 µs
 * idle.
 */
export const SECONDS_PER_GENE_PAIR = 6e-6;

/** Seconds to read the network of `genes` genes out and write the run folder (idle 2-core machine). */
export function writingSecondsEstimate(genes: number): number {
  return genes * genes * SECONDS_PER_GENE_PAIR;
}

/** Seconds the read-out and per-cell evaluation of `donors` donors take, at `secondsPerIteration` of training. */
export function evaluationSecondsEstimate(secondsPerIteration: number, donors: number): number {
  return secondsPerIteration * EVALUATION_ITERATIONS_PER_DONOR * Math.max(1, donors);
}
