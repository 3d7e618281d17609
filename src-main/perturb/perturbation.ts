/**
 * What an in-silico perturbation is: which genes, how each is held, and where the integration starts. Pure types and
 * checks shared by the command line, the app's job and the tests.
 */

import type { GenePerturbation } from '../../src-shared/contract/perturbation.ts';

/**
 * The kinds (src-shared/contract/perturbation.ts): knockout holds the gene's level at 0 (its rate forced to 0);
 * knockdown makes it follow `value` × its wild-type course (0.5 halves it all along); overexpression holds it at
 * `value`. Levels are on the trained scale: 0 is the gene's lowest and 1 its highest level in the training cells.
 */
export type { GenePerturbation, PerturbationKind } from '../../src-shared/contract/perturbation.ts';

/** Where the wild type and the perturbed system start: every lineage's initial state, or chosen cells' states. */
export type PerturbationStarts = { kind: 'lineages' } | { kind: 'cells'; cells: Array<{ trajectory: string; cell: number }> };

/** A perturbation that cannot be simulated, with the facts; front ends word it with their own controls. */
export class PerturbationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PerturbationInputError';
  }
}

/** Checks the values and that no gene is perturbed twice; the genes' existence is checked against a model. */
export function checkPerturbations(perturbations: readonly GenePerturbation[]): void {
  if (perturbations.length === 0)
    throw new PerturbationInputError('No gene to perturb: name at least one gene to knock out, knock down or overexpress.');
  const seen = new Set<string>();
  for (const p of perturbations) {
    if (seen.has(p.gene)) throw new PerturbationInputError(`${p.gene} is perturbed twice; give each gene one perturbation.`);
    seen.add(p.gene);
    if (!Number.isFinite(p.value))
      throw new PerturbationInputError(`The ${p.kind} of ${p.gene} has the value ${String(p.value)}; give a finite number.`);
    if (p.kind === 'knockout' && p.value !== 0) throw new PerturbationInputError(`A knockout holds ${p.gene} at 0; it takes no value.`);
    if (p.kind === 'knockdown' && !(p.value >= 0 && p.value < 1))
      throw new PerturbationInputError(
        `The knockdown of ${p.gene} scales it by ${p.value}; give a factor from 0 (a knockout) up to but not including 1 (the wild type), e.g. 0.5.`,
      );
  }
}

/** One line a biologist reads: "GATA1 knocked out, KLF1 knocked down to 50 %, SPI1 held at 1.5". */
export function describePerturbations(perturbations: readonly GenePerturbation[]): string {
  return perturbations
    .map((p) =>
      p.kind === 'knockout'
        ? `${p.gene} knocked out`
        : p.kind === 'knockdown'
          ? `${p.gene} knocked down to ${Math.round(p.value * 1000) / 10} %`
          : `${p.gene} held at ${p.value}`,
    )
    .join(', ');
}
