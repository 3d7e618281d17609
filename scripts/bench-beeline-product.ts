/**
 * BEELINE through the product, as a user would run it: for every folder of a development set and every seed,
 * `pathreg fit --data FOLDER --seed S --out RUN` with no other option (the defaults: since issue 13 the velocity
 * method with its held-out cut-off), then `pathreg score RUN --reference FOLDER/refNetwork.csv --json`. Per model the
 * median over seeds of the AUPRC ratio (BEELINE's trapezoid AUPRC ÷ density, as the stored ratios), early precision
 * ratio, AUROC and sign agreement on the true positives of the top k, against the median and best of BEELINE's 12
 * methods on the same run (beeline-method-scores-replicate0.tsv); fit seconds and the edges in the cut-off network,
 * with that network's own precision and recall against refNetwork.csv (its edges: sign ≠ 0 in edges.csv; the
 * ranking scores above do not see where the network is cut) and the reference's density (a random network's
 * precision).
 *
 * Usage: npm run bench:beeline-product -- [--seeds 0,1,2] [--data ../shared/data/beeline-dev] [--models dyn-LI,HSC]
 *   [--fit-args "--drop-first 0 --drop-last 0"] [--json out.json] [--keep DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median, readStoredMethodScores, runReference } from '../src-main/scoring/beeline-method-scores.ts';
import { readReferenceEdgeList } from '../src-main/scoring/reference-edge-list.ts';
import { parseEdgesCsv } from '../src-main/run/run-result.ts';
import type { RunMetricsRecord } from '../src-shared/contract/run-record.ts';
import { optionText } from './command-line-options.ts';

const dataRoot = resolve(optionText('data') ?? '../shared/data/beeline-dev');
const seeds = (optionText('seeds') ?? '0,1,2').split(',').map(Number);
const onlyModels = optionText('models')?.split(',');
const fitArgs = (optionText('fit-args') ?? '').split(/\s+/).filter(Boolean);
const keep = optionText('keep');
const order = ['dyn-LI', 'dyn-CY', 'dyn-LL', 'dyn-BF', 'dyn-BFC', 'dyn-TF', 'mCAD', 'VSC', 'HSC', 'GSD'];
const runs = readdirSync(dataRoot)
  .filter((name) => statSync(join(dataRoot, name)).isDirectory())
  .filter((name) => !onlyModels || onlyModels.some((m) => name.startsWith(`${m}_`)))
  .sort((a, b) => order.indexOf(a.replace(/_.*/, '')) - order.indexOf(b.replace(/_.*/, '')));
const stored = await readStoredMethodScores(join(dataRoot, 'beeline-method-scores-replicate0.tsv'));
const cli = (args: string[]) => {
  const run = spawnSync(process.execPath, ['bin/pathreg.mjs', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`pathreg ${args.join(' ')} failed: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  return run.stdout;
};

interface SeedResult {
  run: string;
  seed: number;
  auprcRatio: number;
  epr: number;
  auroc: number;
  sign: number | null;
  fitSeconds: number;
  networkEdges: number;
  rankedEdges: number;
  method: string;
  cutoff: string;
  trainMse: number | null;
  straightLineMse: number | null;
  networkPrecision: number;
  networkRecall: number;
  referenceDensity: number;
}

/**
 * The cut-off network (edges with sign ≠ 0) against the reference, both restricted to distinct genes of the
 * reference (as the ranking scores are): precision, recall, and the reference's density among the pairs the run could
 * propose (its sources × its targets), a random network's expected precision.
 */
async function networkAgainstReference(runFolder: string, referenceFile: string) {
  const reference = await readReferenceEdgeList(referenceFile);
  const key = (source: string, target: string) => `${source}\u0000${target}`;
  const truth = new Set(reference.edges.filter((e) => e.source !== e.target).map((e) => key(e.source, e.target)));
  const genes = new Set(reference.edges.flatMap((e) => [e.source, e.target]));
  const edges = parseEdgesCsv(readFileSync(join(runFolder, 'edges.csv'), 'utf8'), 'edges.csv').filter(
    (e) => e.source !== e.target && genes.has(e.source) && genes.has(e.target),
  );
  const network = edges.filter((e) => e.sign !== 0);
  const hits = network.filter((e) => truth.has(key(e.source, e.target))).length;
  const proposable = edges.filter((e) => truth.has(key(e.source, e.target))).length;
  return {
    networkPrecision: network.length > 0 ? hits / network.length : NaN,
    networkRecall: hits / truth.size,
    referenceDensity: edges.length > 0 ? proposable / edges.length : NaN,
  };
}
const results: SeedResult[] = [];
const scratch = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'bench-beeline-product-'));
mkdirSync(scratch, { recursive: true });
try {
  for (const run of runs) {
    const folder = join(dataRoot, run);
    for (const seed of seeds) {
      const out = join(scratch, `${run}-seed${seed}`);
      rmSync(out, { recursive: true, force: true });
      cli(['fit', '--data', folder, '--seed', String(seed), '--out', out, ...fitArgs]);
      const scored = JSON.parse(cli(['score', out, '--reference', join(folder, 'refNetwork.csv'), '--json'])).scores;
      const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as RunMetricsRecord;
      const cutoff = metrics.velocity?.cutoff;
      const result: SeedResult = {
        run,
        seed,
        auprcRatio: scored.auprc_beeline_ratio,
        epr: scored.early_precision_ratio,
        auroc: scored.auroc,
        sign: scored.sign_agreement.early.compared > 0 ? scored.sign_agreement.early.fraction : null,
        fitSeconds: metrics.seconds,
        networkEdges: metrics.open_gates.at(-1) ?? NaN,
        rankedEdges: metrics.edges,
        method: metrics.method ?? 'trajectory',
        cutoff: cutoff ? `${cutoff.rule} stage ${cutoff.stage + 1}/${cutoff.stages} (${cutoff.lambda_fraction.toPrecision(2)}·λmax)` : '–',
        trainMse: metrics.train_mse,
        straightLineMse: metrics.straight_line_mse ?? null,
        ...(await networkAgainstReference(out, join(folder, 'refNetwork.csv'))),
      };
      results.push(result);
      console.error(
        `${run} seed ${seed} (${result.method}): AUPRC ratio ${result.auprcRatio.toFixed(2)} EPR ${result.epr.toFixed(2)} AUROC ${result.auroc.toFixed(2)}; ` +
          `${result.networkEdges} of ${result.rankedEdges} ranked pairs in the network (precision ${result.networkPrecision.toFixed(2)}, recall ${result.networkRecall.toFixed(2)}, ` +
          `density ${result.referenceDensity.toFixed(2)}), ${result.cutoff}; fit ${result.fitSeconds.toFixed(1)} s`,
      );
    }
  }
} finally {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
}

console.log(`\npathreg fit defaults${fitArgs.length ? ` + ${fitArgs.join(' ')}` : ''} (seeds ${seeds.join(',')}; medians over seeds)`);
console.log(
  '| run | AUPRC ratio | EPR | AUROC | sign agreement (top k) | 12 methods: median / best | above median | above best | fit s | network edges / ranked | network precision / recall (density) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | :---: | :---: | ---: | ---: | ---: |');
let aboveMedian = 0;
let aboveBest = 0;
let aurocOver = 0;
for (const run of runs) {
  const mine = results.filter((r) => r.run === run);
  const ref = runReference(stored, run);
  const auprc = median(mine.map((r) => r.auprcRatio));
  const auroc = median(mine.map((r) => r.auroc));
  const signs = mine.map((r) => r.sign).filter((s): s is number => s !== null);
  const methodMedian = ref?.medianAuprcRatio ?? NaN;
  const methodBest = ref?.bestAuprcRatio ?? NaN;
  if (auprc > methodMedian) aboveMedian++;
  if (auprc > methodBest) aboveBest++;
  if (auroc > 0.6) aurocOver++;
  console.log(
    `| ${run} | ${auprc.toFixed(2)} | ${median(mine.map((r) => r.epr)).toFixed(2)} | ${auroc.toFixed(2)} | ${signs.length ? median(signs).toFixed(2) : '–'} | ` +
      `${methodMedian.toFixed(2)} / ${methodBest.toFixed(2)} (${ref?.bestMethod ?? ''}) | ${auprc > methodMedian ? 'yes' : 'no'} | ${auprc > methodBest ? 'yes' : 'no'} | ` +
      `${median(mine.map((r) => r.fitSeconds)).toFixed(1)} | ${median(mine.map((r) => r.networkEdges))} / ${median(mine.map((r) => r.rankedEdges))} | ` +
      `${median(mine.map((r) => r.networkPrecision)).toFixed(2)} / ${median(mine.map((r) => r.networkRecall)).toFixed(2)} (${median(mine.map((r) => r.referenceDensity)).toFixed(2)}) |`,
  );
}
console.log(
  `above the median method on ${aboveMedian}/${runs.length}, above the best on ${aboveBest}/${runs.length}, AUROC > 0.6 on ${aurocOver}/${runs.length}`,
);
const json = optionText('json');
if (json) writeFileSync(json, JSON.stringify(results, null, 2));
