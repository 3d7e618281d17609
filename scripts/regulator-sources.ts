/**
 * Summarises run folders for the regulators benchmark (issue 14, docs/benchmarks.md): per run, the held-out MSE, the
 * feature sparsity (whole path matrix and among the genes that could regulate), the training seconds, how many of the
 * 300 heaviest edges start at a TF of the run's TF list, and a gene's strongest regulators.
 *
 *   npx tsx scripts/regulator-sources.ts [--gene GATA1] RUN_FOLDER…
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunMetricsRecord } from '../src-shared/contract/run-record.ts';

const TOP = 300;

async function summarise(folder: string, gene: string): Promise<string> {
  const metrics = JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8')) as RunMetricsRecord;
  const tfs = new Set(metrics.gene_names.filter((_, i) => metrics.is_tf[i] === true));
  const edges = (await readFile(join(folder, 'edges.csv'), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [source, target, weight] = line.split(',');
      return { source, target, weight: Number(weight) };
    });
  const top = edges.slice(0, TOP);
  const regulators = edges
    .filter((e) => e.target === gene)
    .slice(0, 4)
    .map((e) => `${e.source}${tfs.has(e.source) ? '' : '*'}`);
  const cells = [
    folder,
    metrics.regulators?.choice ?? 'all',
    metrics.seed,
    metrics.test_mse_mean?.toFixed(4) ?? '—',
    metrics.feature_sparsity.toFixed(3),
    metrics.regulators?.feature_sparsity_among_sources?.toFixed(3) ?? '—',
    metrics.seconds.toFixed(0),
    `${top.filter((e) => tfs.has(e.source)).length} of ${top.length}`,
    edges.length,
    regulators.join(', ') || '(none)',
  ];
  return `| ${cells.join(' | ')} |`;
}

const args = process.argv.slice(2);
const at = args.indexOf('--gene');
const gene = at >= 0 ? args.splice(at, 2)[1] : 'GATA1';
console.log(
  `| run | regulators | seed | held-out MSE (mean) | feature sparsity | among sources | training s | top-${TOP} edges from a TF | edges | ${gene}'s top regulators (* not a TF) |`,
);
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const folder of args) console.log(await summarise(folder, gene));
