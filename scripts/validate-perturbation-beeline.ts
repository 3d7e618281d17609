/**
 * Validation of in-silico knockouts against known regulation (docs/benchmarks.md, "In-silico perturbation"): on each
 * BEELINE model of ../shared/data/beeline-dev, train the run (`pathreg fit --method velocity --tf-list none
 * --pseudotime <every PseudoTime column>`, and the trajectory method with --with-trajectory), knock out every
 * regulator of refNetwork.csv and score how well the effect ranking (largest |effect| over the lineages) puts the
 * regulator's true targets above the other genes: AUROC per regulator, median over regulators. Beside it the same
 * AUROC from the network's edges alone (the weight of regulator → gene in edges.csv).
 *
 * Usage: npx tsx scripts/validate-perturbation-beeline.ts OUT_DIR [--with-trajectory] [--only NAME,…]
 * Runs already in OUT_DIR (metrics.json present) are reused, so an interrupted validation continues.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fitOptionSpecs, fitSettingsFromOptions } from '../src-main/cli/commands/fit.ts';
import { parseOptions } from '../src-main/cli/option-parser.ts';
import { parseRunEdges } from '../src-main/export/run-folder-reader.ts';
import { defaultEngineRegistry } from '../src-main/engine/engine-registry.ts';
import { runFit } from '../src-main/fit/run-fit.ts';
import { perturbModel } from '../src-main/perturb/perturb-model.ts';
import { readPerturbableRun } from '../src-main/perturb/perturbable-run.ts';

const BEELINE = path.resolve(import.meta.dirname, '../../shared/data/beeline-dev');

/** AUROC of `scores` for the positives (Mann–Whitney, ties counted half); null when either class is empty. */
export function rankAuroc(scores: number[], positive: boolean[]): number | null {
  let wins = 0;
  let pairs = 0;
  scores.forEach((a, i) => {
    if (!positive[i]) return;
    scores.forEach((b, j) => {
      if (positive[j]) return;
      pairs++;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return pairs === 0 ? null : wins / pairs;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function fitRun(folder: string, method: 'velocity' | 'trajectory', out: string): Promise<number> {
  if (existsSync(path.join(out, 'metrics.json'))) return 0;
  const header = readFileSync(path.join(folder, 'PseudoTime.csv'), 'utf8').split(/\r?\n/)[0].split(',').slice(1);
  const argv = ['--data', folder, '--method', method, '--tf-list', 'none', '--pseudotime', header.join(','), '--seed', '0', '--out', out];
  const request = await fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), `pathreg fit ${argv.join(' ')}`);
  const began = performance.now();
  const outcome = await runFit(request, { registry: defaultEngineRegistry() });
  if (outcome.status !== 'completed') throw new Error(`${out}: the fit ended ${outcome.status}`);
  return (performance.now() - began) / 1000;
}

const args = process.argv.slice(2);
const outDir = args.find((a) => !a.startsWith('--'));
if (!outDir) throw new Error('Usage: npx tsx scripts/validate-perturbation-beeline.ts OUT_DIR [--with-trajectory] [--only NAME,…]');
const methods: Array<'velocity' | 'trajectory'> = args.includes('--with-trajectory') ? ['velocity', 'trajectory'] : ['velocity'];
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1].split(',') : null;
const models = readdirSync(BEELINE)
  .filter((name) => existsSync(path.join(BEELINE, name, 'refNetwork.csv')))
  .filter((name) => !only || only.includes(name))
  .sort();

const rows: Array<Record<string, unknown>> = [];
for (const name of models) {
  const folder = path.join(BEELINE, name);
  const reference = readFileSync(path.join(folder, 'refNetwork.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','))
    .filter(([a, b]) => a !== b);
  for (const method of methods) {
    const out = path.join(outDir, `${name}-${method}`);
    const seconds = await fitRun(folder, method, out);
    const model = await readPerturbableRun(out);
    const genes = model.genes;
    const edges = parseRunEdges(readFileSync(path.join(out, 'edges.csv'), 'utf8'), path.join(out, 'edges.csv'));
    const regulators = [...new Set(reference.map(([a]) => a))].filter((g) => genes.includes(g)).sort();
    const byEffect: number[] = [];
    const byEdges: number[] = [];
    let knockoutMs = 0;
    for (const regulator of regulators) {
      const targets = new Set(reference.filter(([a]) => a === regulator).map(([, b]) => b));
      const candidates = genes.filter((g) => g !== regulator);
      const positive = candidates.map((g) => targets.has(g));
      const began = performance.now();
      const { result } = perturbModel(model, [{ gene: regulator, kind: 'knockout', value: 0 }]);
      knockoutMs += performance.now() - began;
      const effect = new Map(result.responses.map((r) => [r.gene, Math.max(...r.effects.map(Math.abs))]));
      const weight = new Map(edges.filter((e) => e.source === regulator).map((e) => [e.target, e.weight]));
      const a = rankAuroc(
        candidates.map((g) => effect.get(g)!),
        positive,
      );
      const b = rankAuroc(
        candidates.map((g) => weight.get(g) ?? 0),
        positive,
      );
      if (a !== null && b !== null) {
        byEffect.push(a);
        byEdges.push(b);
      }
    }
    const row = {
      model: name,
      method,
      genes: genes.length,
      regulators: byEffect.length,
      auroc_knockout_median: median(byEffect),
      auroc_edges_median: median(byEdges),
      knockout_better: byEffect.filter((a, i) => a > byEdges[i]).length,
      knockout_worse: byEffect.filter((a, i) => a < byEdges[i]).length,
      fit_seconds: seconds,
      knockout_ms_mean: byEffect.length ? knockoutMs / regulators.length : null,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
for (const method of methods) {
  const mine = rows.filter((r) => r.method === method);
  const m = (key: string) => median(mine.map((r) => r[key] as number).filter((v) => v !== null));
  console.log(
    `${method}: median over models of the per-model medians: knockout ${m('auroc_knockout_median')?.toFixed(3)}, edges ${m('auroc_edges_median')?.toFixed(3)}`,
  );
}
writeFileSync(path.join(outDir, 'perturbation-validation.json'), `${JSON.stringify(rows, null, 2)}\n`);
