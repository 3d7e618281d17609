/**
 * When a run goes wrong late (its validation loss climbs well above the best model's), training goes back to the
 * best model with fresh Adam moments and half the learning rate, instead of wandering on at a rate that has become
 * too large for where the model is. The loop keeps the best model by validation whatever happens, so a rollback can
 * only add better candidates, never lose the one it had.
 *
 * Why (docs/benchmarks.md, "Going back to the best model"): at the recommended preset's constant rate 0.01 the small
 * BEELINE sets' validation loss keeps jumping 1.3–1.5× above its best to the end of the run, so which model is best
 * comes down to the luck of a sampled gate, and one seed of mCAD ended at 1.27× its group's median.
 */

/** A scheduled validation above this multiple of the best one's loss sends training back to the best model. */
export const ROLLBACK_RATIO = 1.25;
/**
 * Share of the run before which the rule stays off: the first validations compare models still in their initial
 * descent. Measured on mCAD seeds 0–2 (docs/benchmarks.md): from 10 % of the run the three end at 0.0455–0.0485;
 * from half the run they end worse than without the rule (0.059–0.075), because by then the best model is one the
 * halved rate can no longer leave.
 */
export const ROLLBACK_FROM = 0.1;
/** Rollbacks over a whole run: each halves the rate, so after this many it is 1/16 of the configured one. */
export const MAX_ROLLBACKS = 4;

/** What the rule reads at a scheduled validation. */
export interface RollbackInput {
  /** Validation loss of the model now (Infinity when its solve overflowed). */
  validationLoss: number;
  /** The best model so far (possibly the current one, just chosen). */
  best: { iteration: number; validationLoss: number } | null;
  /** Iterations completed. */
  iteration: number;
  /** Iterations the run does in total. */
  iterations: number;
  /** Rollbacks already taken in this run (every session of it). */
  rollbacks: number;
}

/**
 * Whether training should go back to the best model now: it is an older model than the current one, the current
 * one's validation loss is more than ROLLBACK_RATIO times the best's (or not finite), the run is past ROLLBACK_FROM of
 * its iterations, and it has rollbacks left.
 */
export function shouldRollBack(input: RollbackInput): boolean {
  const { best } = input;
  if (!best || !Number.isFinite(best.validationLoss) || best.iteration >= input.iteration) return false;
  if (input.rollbacks >= MAX_ROLLBACKS || input.iteration < ROLLBACK_FROM * input.iterations) return false;
  return !(input.validationLoss <= ROLLBACK_RATIO * best.validationLoss);
}
