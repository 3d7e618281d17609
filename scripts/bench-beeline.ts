/**
 * Fits and scores every BEELINE folder of a development set and compares each model with BEELINE's 12 methods on
 * the same run (their stored scores): per model the median over seeds of the AUPRC ratio (BEELINE's trapezoid AUPRC
 * ÷ density, as the stored ratios), early precision ratio, AUROC and sign agreement on the true positives of the
 * top k, against the median and the best method; then how many models are above the median and above the best.
 *
 * Usage: npm run bench:beeline -- [--methods today,linear,node] [--seeds 0,1,2] [--data ../shared/data/beeline-dev]
 *   [--models dyn-LI,HSC] [--json out.json]   (node settings: --hidden 8 --lambda … --penalty … --iterations …
 *   --readout entry --linear true --pathSmallest 0.001 …)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readBeelineFolder, type BeelineData } from '../src-main/data/beeline/read-beeline.ts';
import { velocityCellsFromBeeline } from '../src-main/fit/velocity/velocity-cells.ts';
import { velocityTargets } from '../src-main/engine/velocity/velocity-targets.ts';
import { linearVelocityNetwork, type NetworkEdge } from '../src-main/engine/velocity/linear-velocity-network.ts';
import type { VelocityFieldSettings } from '../src-main/engine/velocity/fit-velocity-field.ts';
import { median, readStoredMethodScores, runReference } from '../src-main/scoring/beeline-method-scores.ts';
import { scoreNetwork } from '../src-main/scoring/score-network.ts';
import { optionNumber, optionText } from './command-line-options.ts';

type Method = (folder: string, data: BeelineData, seed: number) => Promise<NetworkEdge[]>;

const nodeSettings = (): Partial<VelocityFieldSettings> => {
  const settings: Partial<VelocityFieldSettings> = {};
  const numeric = [
    'hidden',
    'lambda',
    'iterations',
    'batch',
    'learningRate',
    'neighbours',
    'window',
    'pathStages',
    'stageIterations',
    'pathGrowth',
    'pathSmallest',
  ] as const;
  for (const key of numeric) {
    const text = optionText(key);
    if (text !== undefined) (settings as Record<string, number>)[key] = Number(text);
  }
  const penalty = optionText('penalty');
  if (penalty) settings.penalty = penalty as VelocityFieldSettings['penalty'];
  const readout = optionText('readout');
  if (readout) settings.readout = readout as VelocityFieldSettings['readout'];
  const perTarget = optionText('perTarget');
  if (perTarget) settings.perTarget = perTarget === 'true';
  const decay = optionText('decay');
  if (decay) settings.decay = decay === 'true';
  const warmStart = optionText('warmStart');
  if (warmStart) settings.warmStart = warmStart as VelocityFieldSettings['warmStart'];
  const linear = optionText('linear');
  if (linear) settings.linear = linear === 'true';
  return settings;
};

const METHODS: Record<string, Method> = {
  /** Today's `pathreg fit` with default settings, every pseudotime column a lineage, no TF list. */
  today: async (folder, data, seed) => {
    const out = mkdtempSync(join(tmpdir(), 'bench-beeline-'));
    try {
      const columns = data.trajectories.map((t) => t.lineage).join(',');
      const args = [
        'bin/pathreg.mjs',
        'fit',
        '--data',
        folder,
        '--pseudotime',
        columns,
        '--tf-list',
        'none',
        '--seed',
        String(seed),
        '--out',
        out,
      ];
      const iterations = optionText('today-iterations');
      if (iterations) args.push('--iterations', iterations);
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`pathreg fit failed on ${folder}: ${run.stderr.trim().split('\n').pop()}`);
      const lines = readFileSync(join(out, 'edges.csv'), 'utf8').trim().split('\n').slice(1);
      return lines.map((line) => {
        const [source, target, weight, sign] = line.split(',');
        return { source, target, weight: Number(weight), sign: Number(sign) as -1 | 0 | 1 };
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
  /** The sparse linear velocity model: one lasso per target, edges by entry order (deterministic: seeds agree). */
  linear: async (_folder, data) =>
    linearVelocityNetwork(velocityTargets(await velocityCellsFromBeeline(data)), {
      score: (optionText('score') as 'entry' | 'coefficient') ?? 'entry',
    }),
  /** The per-edge gated field trained by velocity matching. */
  node: async (_folder, data, seed) =>
    (
      await (
        await import('../src-main/engine/velocity/fit-velocity-field.ts')
      ).fitVelocityField(await velocityCellsFromBeeline(data), { ...nodeSettings(), seed })
    ).network,
};

const dataRoot = resolve(optionText('data') ?? '../shared/data/beeline-dev');
const methods = (optionText('methods') ?? 'linear,node').split(',');
const seeds = (optionText('seeds') ?? '0,1,2').split(',').map(Number);
const onlyModels = optionText('models')?.split(',');
for (const m of methods)
  if (!METHODS[m]) throw new Error(`Unknown method ${JSON.stringify(m)}: choose from ${Object.keys(METHODS).join(', ')}.`);
const stored = await readStoredMethodScores(join(dataRoot, 'beeline-method-scores-replicate0.tsv'));
const runs = readdirSync(dataRoot)
  .filter((name) => statSync(join(dataRoot, name)).isDirectory())
  .filter((name) => !onlyModels || onlyModels.some((m) => name.startsWith(`${m}_`)));
const order = ['dyn-LI', 'dyn-CY', 'dyn-LL', 'dyn-BF', 'dyn-BFC', 'dyn-TF', 'mCAD', 'VSC', 'HSC', 'GSD'];
runs.sort((a, b) => order.indexOf(a.replace(/_.*/, '')) - order.indexOf(b.replace(/_.*/, '')));
const verbose = optionNumber('verbose', 0) > 0;

interface Row {
  method: string;
  run: string;
  auprcRatio: number;
  epr: number;
  auroc: number;
  signAgreement: number | null;
  seconds: number;
  methodMedian: number;
  methodBest: number;
  bestMethod: string;
}
const rows: Row[] = [];
for (const method of methods) {
  for (const run of runs) {
    const folder = join(dataRoot, run);
    const data = await readBeelineFolder(folder);
    if (!data.reference) throw new Error(`${folder} has no refNetwork.csv to score against.`);
    const reference = data.reference.edges.map((e) => ({ source: e.source, target: e.target, sign: e.sign }));
    const universe = data.dataset.geneNames;
    const perSeed: Array<{ auprcRatio: number; epr: number; auroc: number; sign: number | null; seconds: number }> = [];
    for (const seed of seeds) {
      const started = performance.now();
      const edges = await METHODS[method](folder, data, seed);
      const seconds = (performance.now() - started) / 1000;
      const s = scoreNetwork(edges, reference, universe);
      perSeed.push({
        auprcRatio: s.auprcBeelineRatio,
        epr: s.earlyPrecisionRatio,
        auroc: s.auroc,
        sign: s.signAgreement.early.fraction,
        seconds,
      });
      if (verbose)
        console.error(
          `${method} ${run} seed ${seed}: AUPRC ratio ${s.auprcBeelineRatio.toFixed(2)} AUROC ${s.auroc.toFixed(2)} (${seconds.toFixed(1)} s)`,
        );
      if (method === 'linear') break; // deterministic: one fit stands for every seed
    }
    const ref = runReference(stored, run);
    const signs = perSeed.map((p) => p.sign).filter((v): v is number => v !== null);
    rows.push({
      method,
      run,
      auprcRatio: median(perSeed.map((p) => p.auprcRatio)),
      epr: median(perSeed.map((p) => p.epr)),
      auroc: median(perSeed.map((p) => p.auroc)),
      signAgreement: signs.length > 0 ? median(signs) : null,
      seconds: median(perSeed.map((p) => p.seconds)),
      methodMedian: ref?.medianAuprcRatio ?? NaN,
      methodBest: ref?.bestAuprcRatio ?? NaN,
      bestMethod: ref?.bestMethod ?? '',
    });
  }
}

const pad = (text: string, width: number) => text.padEnd(width);
for (const method of methods) {
  const mine = rows.filter((r) => r.method === method);
  console.log(`\n${method} (seeds ${method === 'linear' ? 'n/a: deterministic' : seeds.join(',')}; medians over seeds)`);
  console.log(
    '| run | AUPRC ratio | EPR | AUROC | sign agreement (top k) | 12 methods: median / best | above median | above best | s per fit |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | :---: | :---: | ---: |');
  for (const r of mine) {
    console.log(
      `| ${pad(r.run, 15)} | ${r.auprcRatio.toFixed(2)} | ${r.epr.toFixed(2)} | ${r.auroc.toFixed(2)} | ${r.signAgreement === null ? '–' : r.signAgreement.toFixed(2)} | ` +
        `${r.methodMedian.toFixed(2)} / ${r.methodBest.toFixed(2)} (${r.bestMethod}) | ${r.auprcRatio > r.methodMedian ? 'yes' : 'no'} | ${r.auprcRatio > r.methodBest ? 'yes' : 'no'} | ${r.seconds.toFixed(1)} |`,
    );
  }
  const aboveMedian = mine.filter((r) => r.auprcRatio > r.methodMedian).length;
  const aboveBest = mine.filter((r) => r.auprcRatio > r.methodBest).length;
  const aurocOver = mine.filter((r) => r.auroc > 0.6).length;
  console.log(
    `${method}: above the median method on ${aboveMedian}/${mine.length}, above the best on ${aboveBest}/${mine.length}, AUROC > 0.6 on ${aurocOver}/${mine.length}`,
  );
}
const json = optionText('json');
if (json) writeFileSync(json, JSON.stringify(rows, null, 2));
