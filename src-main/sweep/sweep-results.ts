/**
 * What a sweep's finished tasks say together (issue 16), computed from their run folders whatever the sweep's
 * state, so partial results are usable:
 * - per λ, a consensus network: each edge's selection frequency over the fits on all cells and on subsamples, every
 *   seed (stability selection, Meinshausen & Bühlmann 2010); an edge is selected in a fit when edges.csv lists it
 *   with a sign (the fitted model has an effect of the source on the target: for the velocity method a sign of 0
 *   marks a pair outside the fitted support);
 * - per edge, an empirical FDR from the permuted-pseudotime fits at the same λ: an edge's score is its weight summed
 *   over the fits that selected it ÷ all fits; at threshold τ, the edges a null fit scores ≥ τ (on average over the
 *   null fits) estimate the false calls among the real edges scoring ≥ τ (FDR(τ) = min(1, V(τ)/R(τ)), made monotone
 *   as a q-value: the least FDR over thresholds at or below the edge's score);
 * - the λ path: held-out MSE, edges, the share of edges whose source is not a TF, and (given a reference network)
 *   the AUPRC ratio, each the mean over the λ's fits on all cells.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { join } from 'node:path';
import { parseEdgesCsv } from '../run/run-result.ts';
import { scoreAgainstReference } from '../scoring/score-against-reference.ts';
import type { ReferenceEdgeList } from '../scoring/reference-edge-list.ts';
import type { SweepManifest, SweepTask } from './sweep-manifest.ts';

export interface ConsensusEdge {
  source: string;
  target: string;
  /** Selection frequency over the λ's fits on all cells and subsamples. */
  confidence: number;
  /** Selection frequency over the λ's permuted-pseudotime fits; null without null fits. */
  nullFrequency: number | null;
  /** Empirical FDR (q-value) at this edge's score (weight summed over the fits ÷ fits); null without null fits. */
  fdr: number | null;
  /** Mean weight over the fits that selected it. */
  meanWeight: number;
  /** The sign most of those fits gave (0 on a tie). */
  sign: number;
  selectedIn: number;
}

export interface LambdaPathPoint {
  lambda: number;
  /** Fits on all cells that finished, at this λ (one per seed). */
  fits: number;
  heldOutMse: number | null;
  trainMse: number | null;
  edges: number | null;
  /** Share of selected edges whose source is not a TF (null without a TF list). */
  spuriousRegulatorFraction: number | null;
  /** Mean AUPRC ratio (BEELINE's) of those fits against the reference; null without one. */
  auprcRatio: number | null;
  /** Task indices of those fits, for the app to open a run from the path. */
  tasks: number[];
}

export interface LambdaConsensus {
  lambda: number;
  /** Fits the frequencies are over (all cells + subsamples, every seed). */
  fits: number;
  nullFits: number;
  edges: ConsensusEdge[];
  /** Against the reference: the consensus ranking's AUPRC ratio, and how well the FDR estimates held. */
  reference: ConsensusReferenceCheck | null;
}

export interface ConsensusReferenceCheck {
  auprcRatio: number;
  /** Edges with FDR ≤ the level, and the share of them that are known non-edges (the observed false share). */
  level: number;
  called: number;
  calledNonEdges: number;
  observedFalseShare: number | null;
  /** Mean FDR over the known non-edges that the consensus selected at least once. */
  meanFdrOfNonEdges: number | null;
}

export interface SweepResults {
  lambdaPath: LambdaPathPoint[];
  consensus: LambdaConsensus[];
  tasksUsed: number;
  tasksMissing: number;
}

interface FitResult {
  task: SweepTask;
  selected: Map<string, { weight: number; sign: number }>;
  ranking: Array<{ source: string; target: string; weight: number; sign: number }>;
  metrics: Record<string, unknown>;
  genes: string[];
}

const key = (source: string, target: string) => `${source}\u0000${target}`;

async function readFit(sweepDir: string, task: SweepTask): Promise<FitResult> {
  const folder = join(sweepDir, task.folder);
  const metrics = JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  const ranking = parseEdgesCsv(await readFile(join(folder, 'edges.csv'), 'utf8'), join(folder, 'edges.csv')).map((e) => ({
    source: e.source,
    target: e.target,
    weight: e.weight,
    sign: e.sign ?? 0,
  }));
  const selected = new Map<string, { weight: number; sign: number }>();
  for (const edge of ranking) if (edge.sign !== 0) selected.set(key(edge.source, edge.target), { weight: edge.weight, sign: edge.sign });
  return { task, selected, ranking, metrics, genes: (metrics.gene_names as string[]) ?? [] };
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const finite = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The sweep's results from its finished tasks; a reference network adds AUPRC ratios and the FDR check. */
export async function sweepResults(
  sweepDir: string,
  manifest: SweepManifest,
  reference: ReferenceEdgeList | null,
  fdrLevel = 0.1,
): Promise<SweepResults> {
  const done = manifest.tasks.filter((t) => t.state === 'done');
  const fits = await Promise.all(done.map((t) => readFit(sweepDir, t)));
  const lambdaPath: LambdaPathPoint[] = [];
  const consensus: LambdaConsensus[] = [];
  for (const lambda of manifest.grid.lambdas) {
    const atLambda = fits.filter((f) => f.task.lambda === lambda);
    const full = atLambda.filter((f) => f.task.resample === null);
    const stability = atLambda.filter((f) => f.task.resample?.kind !== 'permute');
    const nulls = atLambda.filter((f) => f.task.resample?.kind === 'permute');
    lambdaPath.push(lambdaPoint(lambda, full, reference));
    consensus.push(lambdaConsensus(lambda, stability, nulls, reference, fdrLevel));
  }
  return { lambdaPath, consensus, tasksUsed: done.length, tasksMissing: manifest.tasks.length - done.length };
}

/** The consensus at one λ of the grid alone, reading only that λ's finished fits (an export of its network). */
export async function lambdaConsensusOfSweep(sweepDir: string, manifest: SweepManifest, lambda: number): Promise<LambdaConsensus> {
  const done = manifest.tasks.filter((t) => t.state === 'done' && t.lambda === lambda);
  const fits = await Promise.all(done.map((t) => readFit(sweepDir, t)));
  const stability = fits.filter((f) => f.task.resample?.kind !== 'permute');
  const nulls = fits.filter((f) => f.task.resample?.kind === 'permute');
  return lambdaConsensus(lambda, stability, nulls, null);
}

function lambdaPoint(lambda: number, full: FitResult[], reference: ReferenceEdgeList | null): LambdaPathPoint {
  const spurious = full
    .map((f) => {
      const isTf = f.metrics.is_tf as Array<boolean | null> | undefined;
      if (!isTf || isTf.every((flag) => flag === null) || f.selected.size === 0) return null;
      const tf = new Map(f.genes.map((g, i) => [g, isTf[i] === true]));
      let notTf = 0;
      for (const k of f.selected.keys()) if (!tf.get(k.split('\u0000')[0])) notTf++;
      return notTf / f.selected.size;
    })
    .filter((v): v is number => v !== null);
  return {
    lambda,
    fits: full.length,
    heldOutMse: mean(full.map((f) => finite(f.metrics.test_mse_mean)).filter((v): v is number => v !== null)),
    trainMse: mean(full.map((f) => finite(f.metrics.train_mse)).filter((v): v is number => v !== null)),
    edges: mean(full.map((f) => f.selected.size)),
    spuriousRegulatorFraction: mean(spurious),
    auprcRatio: reference ? mean(full.map((f) => scoreAgainstReference(f.genes, f.ranking, reference).scores.auprcBeelineRatio)) : null,
    tasks: full.map((f) => f.task.index),
  };
}

/** Frequencies, FDR and the reference check of one λ. */
export function lambdaConsensus(
  lambda: number,
  stability: Array<Pick<FitResult, 'selected' | 'genes'>>,
  nulls: Array<Pick<FitResult, 'selected'>>,
  reference: ReferenceEdgeList | null,
  fdrLevel = 0.1,
): LambdaConsensus {
  const tally = new Map<string, { count: number; weights: number[]; signs: number }>();
  for (const fit of stability) {
    for (const [k, edge] of fit.selected) {
      const entry = tally.get(k) ?? { count: 0, weights: [], signs: 0 };
      entry.count++;
      entry.weights.push(edge.weight);
      entry.signs += Math.sign(edge.sign);
      tally.set(k, entry);
    }
  }
  const nullCount = new Map<string, number>();
  for (const fit of nulls) for (const k of fit.selected.keys()) nullCount.set(k, (nullCount.get(k) ?? 0) + 1);
  // The FDR ranks edges by their weight summed over the fits and divided by all of them (0 where a fit left the edge
  // out), so it works where every fit selects every pair (the velocity method's whole ranking is signed) and where
  // selection is sparse (the trajectory method). The null side pools each null fit's weights, which vary more than a
  // mean over many fits: the estimate errs towards larger FDRs.
  const score = (e: { weights: number[] }) => e.weights.reduce((a, b) => a + b, 0) / stability.length;
  const nullScores = nulls.flatMap((fit) => [...fit.selected.values()].map((edge) => edge.weight));
  const fdrAt = nulls.length ? empiricalFdr([...tally.values()].map(score), nullScores, nulls.length) : null;
  const edges: ConsensusEdge[] = [...tally.entries()].map(([k, e]) => {
    const [source, target] = k.split('\u0000');
    const confidence = e.count / stability.length;
    return {
      source,
      target,
      confidence,
      nullFrequency: nulls.length ? (nullCount.get(k) ?? 0) / nulls.length : null,
      fdr: fdrAt ? fdrAt(score(e)) : null,
      meanWeight: mean(e.weights) ?? 0,
      sign: Math.sign(e.signs),
      selectedIn: e.count,
    };
  });
  edges.sort(
    (a, b) =>
      b.confidence - a.confidence || b.meanWeight - a.meanWeight || a.source.localeCompare(b.source) || a.target.localeCompare(b.target),
  );
  const genes = [...new Set(stability.flatMap((f) => f.genes))];
  return {
    lambda,
    fits: stability.length,
    nullFits: nulls.length,
    edges,
    reference: reference && edges.length ? referenceCheck(edges, genes, reference, fdrLevel) : null,
  };
}

/**
 * The q-value function of the real edges' scores against the null fits': for a score f, the least over thresholds
 * τ ≤ f (among the real scores) of min(1, (#null scores ≥ τ ÷ null fits) / #real edges with score ≥ τ).
 */
export function empiricalFdr(real: number[], nullScores: number[], nullFits = 1): (score: number) => number {
  const thresholds = [...new Set(real)].sort((a, b) => a - b);
  const atThreshold = thresholds.map((tau) => {
    const called = real.filter((f) => f >= tau).length;
    // The false calls expected among the real calls: the null edges reaching τ in one null fit, on average.
    const falseCalls = nullScores.filter((f) => f >= tau).length / nullFits;
    return Math.min(1, called ? falseCalls / called : 1);
  });
  // Monotone: an edge at a higher frequency never gets a higher FDR than one below it.
  const q = atThreshold.slice();
  for (let i = 1; i < q.length; i++) q[i] = Math.min(q[i], q[i - 1]);
  return (value) => {
    let best = 1;
    thresholds.forEach((tau, i) => {
      if (tau <= value) best = Math.min(best, q[i]);
    });
    return best;
  };
}

function referenceCheck(edges: ConsensusEdge[], genes: string[], reference: ReferenceEdgeList, level: number): ConsensusReferenceCheck {
  const scoring = scoreAgainstReference(
    genes,
    // The consensus ranking is the file's order: frequency, ties broken by mean weight. Where every fit selects every
    // pair (the velocity method signs its whole ranking on small networks), frequency alone would tie them all.
    edges.map((e, rank) => ({ source: e.source, target: e.target, weight: edges.length - rank, sign: e.sign })),
    reference,
  );
  const universe = new Set(scoring.universe);
  const known = new Set(reference.edges.map((e) => key(e.source, e.target)));
  const scored = edges.filter((e) => e.source !== e.target && universe.has(e.source) && universe.has(e.target));
  const nonEdges = scored.filter((e) => !known.has(key(e.source, e.target)));
  const called = scored.filter((e) => e.fdr !== null && e.fdr <= level);
  const calledNonEdges = called.filter((e) => !known.has(key(e.source, e.target))).length;
  const fdrs = nonEdges.map((e) => e.fdr).filter((v): v is number => v !== null);
  return {
    auprcRatio: scoring.scores.auprcBeelineRatio,
    level,
    called: called.length,
    calledNonEdges,
    observedFalseShare: called.length ? calledNonEdges / called.length : null,
    meanFdrOfNonEdges: mean(fdrs),
  };
}

export const RESULTS_FOLDER = 'results';

/** Where the sweep came from, written with every results file. */
export function sweepProvenance(
  manifest: SweepManifest,
  results: SweepResults,
  version: string,
  reference: ReferenceEdgeList | null,
): Record<string, unknown> {
  return {
    app: 'PathReg Studio',
    version,
    made_at: new Date().toISOString(),
    sweep_created_at: manifest.createdAt,
    data_path: manifest.dataPath,
    data_sha256: manifest.dataSha256,
    fit_options: manifest.fitArgs.join(' '),
    grid: manifest.grid,
    executor: manifest.executor.kind,
    tasks_used: results.tasksUsed,
    tasks_missing: results.tasksMissing,
    reference: reference ? { file: reference.fileName, sha256: reference.sha256 } : null,
  };
}

const cell = (value: number | null) => (value === null ? '' : String(Number(value.toPrecision(6))));
const quoted = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** results/lambda-path.csv, results/consensus-lambda-<λ>.csv (provenance as leading # lines) and results/sweep-results.json. */
export async function writeSweepResults(sweepDir: string, results: SweepResults, provenance: Record<string, unknown>): Promise<string[]> {
  const folder = join(sweepDir, RESULTS_FOLDER);
  await mkdir(folder, { recursive: true });
  const header = Object.entries(provenance).map(([k, v]) => `# ${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const written: string[] = [];
  const write = async (name: string, text: string) => {
    await writeFileAtomic(join(folder, name), text, { overwrite: true });
    written.push(join(folder, name));
  };
  await write(
    'lambda-path.csv',
    [
      ...header,
      'lambda,fits,held_out_mse,train_mse,edges,spurious_regulator_fraction,auprc_ratio,tasks',
      ...results.lambdaPath.map((p) =>
        [
          p.lambda,
          p.fits,
          cell(p.heldOutMse),
          cell(p.trainMse),
          cell(p.edges),
          cell(p.spuriousRegulatorFraction),
          cell(p.auprcRatio),
          p.tasks.join(' '),
        ].join(','),
      ),
    ].join('\n') + '\n',
  );
  for (const c of results.consensus) {
    await write(
      `consensus-lambda-${c.lambda}.csv`,
      [
        ...header,
        `# consensus over ${c.fits} fits (all cells and subsamples, every seed) and ${c.nullFits} permuted-pseudotime null fits at λ ${c.lambda}`,
        'source,target,confidence,fdr,null_frequency,mean_weight,sign,selected_in',
        ...c.edges.map((e) =>
          [
            quoted(e.source),
            quoted(e.target),
            cell(e.confidence),
            cell(e.fdr),
            cell(e.nullFrequency),
            cell(e.meanWeight),
            e.sign,
            e.selectedIn,
          ].join(','),
        ),
      ].join('\n') + '\n',
    );
  }
  // The edges are in the CSVs: a 529-gene fit has 279,312 of them, which would make this summary tens of MB.
  const summary = {
    provenance,
    tasksUsed: results.tasksUsed,
    tasksMissing: results.tasksMissing,
    lambdaPath: results.lambdaPath,
    consensus: results.consensus.map(({ edges, ...c }) => ({
      ...c,
      file: `consensus-lambda-${c.lambda}.csv`,
      edges: edges.length,
      edgesInHalf: edges.filter((e) => e.confidence >= 0.5).length,
      edgesAtFdr: edges.filter((e) => e.fdr !== null && e.fdr <= 0.1).length,
    })),
  };
  await write('sweep-results.json', `${JSON.stringify(summary, null, 2)}\n`);
  return written;
}
