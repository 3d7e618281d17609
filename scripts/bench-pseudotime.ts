/**
 * Diffusion pseudotime speed on synthetic data: a noisy one-dimensional trajectory of `cells` cells in `genes`
 * log-normalised genes, run through the whole recipe (PCA 50, 15 neighbours, diffmap 15, DPT 10). Prints the time, the
 * correlation of the first diffusion component and of the DPT with the simulated time. On such a long, even chain the
 * first component's eigenvalue lies just above scanpy's 0.9994 cut-off, so DPT — exactly as scanpy defines it —
 * weights it 1 while the next components get λ/(1−λ) ≈ 100–400: DPT then follows those harmonics, not time.
 * Usage: npx tsx scripts/bench-pseudotime.ts [cells=2000,5000,10000] [genes=2000]
 */
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { computeDiffusionPseudotime } from '../src-main/data/pseudotime/compute-pseudotime.ts';
import { pearsonCorrelation } from '../src-main/data/pseudotime/pearson-correlation.ts';

const cellCounts = (process.argv[2] ?? '2000,5000,10000').split(',').map(Number);
const genes = Number(process.argv[3] ?? 2000);
for (const cells of cellCounts) {
  const random = new SeededRandom(cells);
  const phase = Array.from({ length: genes }, () => random.uniform() * 2 * Math.PI);
  const speed = Array.from({ length: genes }, () => 0.5 + 1.5 * random.uniform());
  const time = Array.from({ length: cells }, () => random.uniform());
  const values = new Float32Array(cells * genes);
  for (let c = 0; c < cells; c++) {
    for (let g = 0; g < genes; g++) values[c * genes + g] = 2 + Math.sin(speed[g] * 3 * time[c] + phase[g]) + 0.3 * random.normal();
  }
  const started = performance.now();
  const root = time.indexOf(Math.min(...time));
  const result = computeDiffusionPseudotime(values, cells, genes, { cell: root });
  const seconds = (performance.now() - started) / 1000;
  const dc1 = Array.from({ length: cells }, (_, c) => result.map.components[c * result.map.count + 1]);
  const memory = process.memoryUsage();
  console.log(
    `${cells} cells × ${genes} genes: ${seconds.toFixed(1)} s; |correlation| with the simulated time: first diffusion component ` +
      `${Math.abs(pearsonCorrelation(dc1, time)).toFixed(3)} (λ = ${result.map.values[1].toFixed(5)}), DPT ${pearsonCorrelation(result.pseudotime, time).toFixed(3)}; ` +
      `rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB`,
  );
}
