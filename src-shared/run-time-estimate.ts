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
 * grows with genes², which is what froze HSMM with 2,000 genes for minutes after its last iteration. HSMM, 2,000
 * genes, a dense network: about 33 CPU seconds for 4 million pairs, from the CPU times of a 30- and a 100-iteration
 * run (docs/benchmarks.md, "Progress and the time estimate").
 */
export const SECONDS_PER_GENE_PAIR = 8e-6;

/** Live sparsities are read about 50 times a run (SPARSITY_UPDATES in src-main/fit/run-fit.ts), whatever its length. */
export const SPARSITY_UPDATES_PER_RUN = 50;
/**
 * CPU seconds per genes² × hidden units of one live-sparsity read (a genes × genes path matrix): 1.11 s for 2,000
 * genes and 0.11 s for 529 with hidden 100 on the 2-core dev machine (docs/benchmarks.md).
 */
export const SECONDS_PER_PATH_ENTRY = 2.8e-9;

/** Seconds the live sparsity reads of a whole run take: negligible for 500 genes, a minute for 2,000. */
export function sparsitySecondsEstimate(genes: number, hidden: readonly number[]): number {
  const width = hidden.length > 0 ? Math.max(...hidden) : 1;
  return SPARSITY_UPDATES_PER_RUN * genes * genes * width * SECONDS_PER_PATH_ENTRY;
}

/** Seconds to read the network of `genes` genes out and write the run folder (idle 2-core machine). */
export function writingSecondsEstimate(genes: number): number {
  return genes * genes * SECONDS_PER_GENE_PAIR;
}

/** Seconds the read-out and per-cell evaluation of `donors` donors take, at `secondsPerIteration` of training. */
export function evaluationSecondsEstimate(secondsPerIteration: number, donors: number): number {
  return secondsPerIteration * EVALUATION_ITERATIONS_PER_DONOR * Math.max(1, donors);
}
