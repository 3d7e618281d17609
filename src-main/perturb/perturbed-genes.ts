/**
 * Finds the perturbed genes among a model's genes; an unknown name is answered with the run, the gene and the
 * closest names the run has (same letters in another case, a shared prefix, or one or two letters apart).
 */
import { PerturbationInputError, type GenePerturbation } from './perturbation.ts';
import type { ClampedGene } from './joint-perturbed-field.ts';

/** The genes' columns, or a message naming the run and each unknown gene with its closest names. */
export function clampedGenes(perturbations: readonly GenePerturbation[], genes: readonly string[], runName: string): ClampedGene[] {
  const column = new Map(genes.map((g, i) => [g, i]));
  const unknown = perturbations.filter((p) => !column.has(p.gene));
  if (unknown.length > 0) {
    const lines = unknown.map((p) => {
      const close = closeGeneNames(p.gene, genes);
      return `${p.gene} is not among the ${genes.length} genes of ${runName}${close.length > 0 ? `; did you mean ${close.join(', ')}?` : "; check the spelling against the run's genes (the Network view lists them)."}`;
    });
    throw new PerturbationInputError(lines.join('\n'));
  }
  return perturbations.map((perturbation) => ({ index: column.get(perturbation.gene)!, perturbation }));
}

/** At most five genes close to `name`: the same in another case alone when there is one, else by edit distance and shared prefix. */
export function closeGeneNames(name: string, genes: readonly string[]): string[] {
  const lower = name.toLowerCase();
  const scored: Array<{ gene: string; score: number }> = [];
  for (const gene of genes) {
    const other = gene.toLowerCase();
    if (other === lower) scored.push({ gene, score: 0 });
    else {
      // Short symbols are one letter from many others: allow one edit below five letters, two from five on.
      const limit = lower.length < 5 ? 1 : 2;
      const distance = editDistance(lower, other, limit);
      if (distance <= limit) scored.push({ gene, score: distance });
      else if (lower.length >= 3 && other.startsWith(lower)) scored.push({ gene, score: 3 });
    }
  }
  if (scored.some((s) => s.score === 0)) return scored.filter((s) => s.score === 0).map((s) => s.gene);
  return scored
    .sort((a, b) => a.score - b.score || a.gene.localeCompare(b.gene))
    .slice(0, 5)
    .map((s) => s.gene);
}

/** Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then). */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}
