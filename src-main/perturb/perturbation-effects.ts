/**
 * What a biologist reads from a simulated perturbation: per gene and start the signed area between the curves
 * (trapezoid rule over pseudotime), the peak and end differences and ranks; per start how far the end state moved
 * and towards which other lineage's wild-type end.
 */
import { EFFECT_MEANING, type GeneResponse, type LineageShift, type PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import { describePerturbations } from './perturbation.ts';
import type { Simulation } from './simulate-perturbation.ts';

/** Signed ∫ (perturbed − wild type) dt of gene `g` over the start's grid, by the trapezoid rule. */
export function areaBetweenCurves(
  times: ArrayLike<number>,
  wildType: ArrayLike<number>,
  perturbed: ArrayLike<number>,
  genes: number,
  g: number,
): number {
  let area = 0;
  for (let k = 1; k < times.length; k++) {
    const before = perturbed[(k - 1) * genes + g] - wildType[(k - 1) * genes + g];
    const after = perturbed[k * genes + g] - wildType[k * genes + g];
    area += ((before + after) / 2) * (times[k] - times[k - 1]);
  }
  return area;
}

/** The ranked responses, the end-state shifts and the curves of the perturbed genes and the `topCurves` strongest responders. */
export function perturbationEffects(
  simulation: Simulation,
  method: PerturbationResult['method'],
  seconds: number,
  topCurves = 6,
): PerturbationResult {
  const { genes, starts, clamped } = simulation;
  const d = genes.length;
  const isClamped = new Set(clamped);
  const responses: GeneResponse[] = genes.map((gene, g) => {
    const effects: number[] = [];
    const peaks: number[] = [];
    const ends: number[] = [];
    for (const s of starts) {
      effects.push(areaBetweenCurves(s.times, s.wildType, s.perturbed, d, g));
      let peak = 0;
      for (let k = 0; k < s.times.length; k++) {
        const diff = s.perturbed[k * d + g] - s.wildType[k * d + g];
        if (Math.abs(diff) > Math.abs(peak)) peak = diff;
      }
      peaks.push(peak);
      const last = s.times.length - 1;
      ends.push(s.perturbed[last * d + g] - s.wildType[last * d + g]);
    }
    return { gene, rank: 0, perturbed: isClamped.has(g), effects, ranksByStart: [], peakDifferences: peaks, endDifferences: ends };
  });
  const byName = (a: GeneResponse, b: GeneResponse) => (a.gene < b.gene ? -1 : a.gene > b.gene ? 1 : 0);
  starts.forEach((_, s) => {
    const order = responses.filter((r) => !r.perturbed).sort((a, b) => Math.abs(b.effects[s]) - Math.abs(a.effects[s]) || byName(a, b));
    order.forEach((r, i) => (r.ranksByStart[s] = i + 1));
    for (const r of responses) if (r.perturbed) r.ranksByStart[s] = 0;
  });
  // Each gene's largest |effect|, once: the comparator would otherwise recompute it some 10,000 times on 529 genes.
  const strongest = new Map(responses.map((r) => [r, Math.max(...r.effects.map(Math.abs))]));
  const ranked = [...responses].sort(
    (a, b) => Number(a.perturbed) - Number(b.perturbed) || strongest.get(b)! - strongest.get(a)! || byName(a, b),
  );
  ranked.forEach((r, i) => (r.rank = i + 1));
  const curveGenes = [
    ...clamped.map((g) => genes[g]),
    ...ranked
      .filter((r) => !r.perturbed)
      .slice(0, topCurves)
      .map((r) => r.gene),
  ];
  const columns = curveGenes.map((gene) => genes.indexOf(gene));
  const pick = (values: Float64Array, points: number) => {
    const out: number[] = [];
    for (let k = 0; k < points; k++) for (const g of columns) out.push(values[k * d + g]);
    return out;
  };
  return {
    description: describePerturbations(simulation.perturbations),
    perturbations: simulation.perturbations,
    method,
    genes,
    starts: starts.map(({ name, lineage, donor, startTime }) => ({ name, lineage, donor, startTime })),
    responses: ranked,
    shifts: lineageShifts(simulation),
    curves: {
      genes: curveGenes,
      starts: starts.map((s) => ({
        times: Array.from(s.times),
        wildType: pick(s.wildType, s.times.length),
        perturbed: pick(s.perturbed, s.times.length),
      })),
    },
    solve: { method: 'dopri5', rtol: simulation.settings.rtol, atol: simulation.settings.atol, steps: simulation.steps, seconds },
    effectMeaning: EFFECT_MEANING,
  };
}

/**
 * Per start: the distance its end state moved (over the genes not perturbed, whose forced change says nothing), and
 * the change of its distance to every other lineage's end in the data (the mean of its last cells, of the same donor
 * when the run has it): a landmark that stays put whatever the model does.
 */
export function lineageShifts(simulation: Simulation): LineageShift[] {
  const { genes, starts, lineageEnds, clamped } = simulation;
  const d = genes.length;
  const free = genes.map((_, g) => g).filter((g) => !clamped.includes(g));
  const distance = (a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset: number) =>
    Math.sqrt(free.reduce((sum, g) => sum + (a[aOffset + g] - b[bOffset + g]) ** 2, 0));
  return starts.map((s) => {
    const end = (s.times.length - 1) * d;
    const moved = distance(s.perturbed, end, s.wildType, end);
    const others = lineageEnds.filter((l) => l.lineage !== s.lineage);
    const sameDonor = others.filter((l) => l.donor === s.donor);
    const landmarks = sameDonor.length > 0 ? sameDonor : others;
    const byLineage = landmarks.map((l) => ({
      lineage: l.lineage,
      wildTypeDistance: distance(s.wildType, end, l.state, 0),
      perturbedDistance: distance(s.perturbed, end, l.state, 0),
    }));
    const nearest = byLineage.length > 0 ? Math.min(...byLineage.map((b) => b.wildTypeDistance)) : 0;
    const closer = byLineage
      .filter((b) => b.perturbedDistance < b.wildTypeDistance)
      .sort((a, b) => a.perturbedDistance - a.wildTypeDistance - (b.perturbedDistance - b.wildTypeDistance));
    const towards = closer[0]?.lineage ?? null;
    const relativeDistance = nearest > 0 ? moved / nearest : null;
    const size =
      relativeDistance === null
        ? `${format(moved)}`
        : `${format(moved)} (${format(relativeDistance * 100)} % of the distance to the nearest other lineage's end)`;
    const summary =
      towards !== null
        ? `${s.name}: the end state moves by ${size}, towards ${towards} (its distance to ${towards}'s end falls from ${format(closer[0].wildTypeDistance)} to ${format(closer[0].perturbedDistance)}).`
        : byLineage.length > 0
          ? `${s.name}: the end state moves by ${size}, away from every other lineage's end.`
          : `${s.name}: the end state moves by ${size}; the run has no other lineage to compare with.`;
    return { start: s.name, distance: moved, relativeDistance, towards, byLineage, summary };
  });
}

function format(x: number): string {
  return x === 0 ? '0' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}
