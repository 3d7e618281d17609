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
  return SPARSITY_UPDATES_PER_RUN * sparsityReadSecondsEstimate(genes, hidden);
}

/** Seconds of one live sparsity read on an idle dev box. */
export function sparsityReadSecondsEstimate(genes: number, hidden: readonly number[]): number {
  const width = hidden.length > 0 ? Math.max(...hidden) : 1;
  return genes * genes * width * SECONDS_PER_PATH_ENTRY;
}

/**
 * Seconds left after the last iteration, during training: the evaluation at the measured seconds per iteration, and
 * the read-out and files at the idle figure scaled by how much slower than idle this machine did the same kind of
 * work, genes × genes, during training (the last live sparsity read): on a loaded machine both slow down alike.
 */
export function afterTrainingSeconds(run: {
  secondsPerIteration: number;
  donors: number;
  genes: number;
  hidden: readonly number[];
  /** Wall seconds of the last live sparsity read, null before the first. */
  sparsityReadSeconds: number | null;
}): number {
  const idleRead = sparsityReadSecondsEstimate(run.genes, run.hidden);
  // Reads shorter than 10 ms say more about timer noise than about the machine.
  const slowdown = run.sparsityReadSeconds !== null && idleRead >= 0.01 ? Math.max(0.5, run.sparsityReadSeconds / idleRead) : 1;
  return evaluationSecondsEstimate(run.secondsPerIteration, run.donors) + writingSecondsEstimate(run.genes) * slowdown;
}

/** Seconds to read the network of `genes` genes out and write the run folder (idle 2-core machine). */
export function writingSecondsEstimate(genes: number): number {
  return genes * genes * SECONDS_PER_GENE_PAIR;
}

/** Seconds the read-out and per-cell evaluation of `donors` donors take, at `secondsPerIteration` of training. */
export function evaluationSecondsEstimate(secondsPerIteration: number, donors: number): number {
  return secondsPerIteration * EVALUATION_ITERATIONS_PER_DONOR * Math.max(1, donors);
}
