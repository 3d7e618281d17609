/**
 * A sweep's consensus network at one λ as a network like any run's (issue 16): every gene the fits trained, every
 * edge some fit selected, each with its confidence (selection frequency, empirical FDR, null frequency), and the
 * provenance of the whole sweep — its grid, the data's SHA-256, the shared fit options and every task's state — so
 * each export format carries them (network-export.ts).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { lambdaConsensusOfSweep } from '../sweep/sweep-results.ts';
import { readManifest, SweepError, type SweepManifest } from '../sweep/sweep-manifest.ts';
import { rankEdges, type NetworkData, type NetworkEdge } from './network-data.ts';
import type { Provenance } from './provenance.ts';

export interface SweepNetwork {
  sweepDir: string;
  lambda: number;
  network: NetworkData;
  provenance: Omit<Provenance, 'exportedAt' | 'content'>;
}

/** The λ to export: the one asked for (one of the grid's), or the grid's only one. */
export function sweepLambda(manifest: SweepManifest, sweepDir: string, asked: number | null): number {
  const lambdas = manifest.grid.lambdas;
  if (asked === null) {
    if (lambdas.length === 1) return lambdas[0];
    throw new SweepError(
      `The sweep in ${sweepDir} has ${lambdas.length} λ values (${lambdas.join(', ')}): choose the λ whose consensus network to export.`,
    );
  }
  if (!lambdas.includes(asked)) throw new SweepError(`The sweep in ${sweepDir} has no λ ${asked}; its λ values are ${lambdas.join(', ')}.`);
  return asked;
}

/** Reads the sweep's finished tasks at λ into its consensus network (refused, with what to do, when none finished). */
export async function readSweepNetwork(sweepDir: string, lambda: number | null, appVersion: string): Promise<SweepNetwork> {
  const dir = resolve(sweepDir);
  const manifest = await readManifest(dir);
  const chosen = sweepLambda(manifest, dir, lambda);
  const consensus = await lambdaConsensusOfSweep(dir, manifest, chosen);
  const finished = manifest.tasks.filter((t) => t.lambda === chosen && t.state === 'done' && t.resample?.kind !== 'permute');
  if (finished.length === 0)
    throw new SweepError(
      `No fit at λ ${chosen} of the sweep in ${dir} has finished yet, so it has no consensus network: run or resume the sweep first.`,
    );
  const metrics = JSON.parse(await readFile(join(dir, finished[0].folder, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  const genes = Array.isArray(metrics.gene_names) ? (metrics.gene_names as string[]) : [];
  const isTf = Array.isArray(metrics.is_tf) ? (metrics.is_tf as Array<boolean | null>) : [];
  const inNetwork = new Set(genes);
  const nodes = genes.map((id, i) => ({ id, isTF: isTf[i] ?? null, peakPseudotime: null }));
  // A gene only some resamples kept still belongs to the consensus: add any edge end the first fit did not name.
  for (const edge of consensus.edges)
    for (const id of [edge.source, edge.target])
      if (!inNetwork.has(id)) {
        inNetwork.add(id);
        nodes.push({ id, isTF: null, peakPseudotime: null });
      }
  const edges: Array<Omit<NetworkEdge, 'rank'>> = consensus.edges.map((edge) => ({
    source: edge.source,
    target: edge.target,
    // Weight summed over the fits ÷ all fits: the score the FDR is computed on, so a threshold on it is one on the FDR.
    weight: (edge.meanWeight * edge.selectedIn) / consensus.fits,
    sign: edge.sign > 0 ? 1 : edge.sign < 0 ? -1 : 0,
    confidence: {
      frequency: edge.confidence,
      fdr: edge.fdr,
      nullFrequency: edge.nullFrequency,
      meanWeight: edge.meanWeight,
      selectedIn: edge.selectedIn,
    },
  }));
  const done = manifest.tasks.filter((t) => t.state === 'done').length;
  return {
    sweepDir: dir,
    lambda: chosen,
    network: { nodes, edges: rankEdges(edges), consensus: { lambda: chosen, fits: consensus.fits, nullFits: consensus.nullFits } },
    provenance: {
      app: 'PathReg Studio',
      appVersion,
      engine: typeof metrics.engine === 'string' ? metrics.engine : null,
      seed: null,
      parameters: {
        sweep: {
          lambda: chosen,
          fits: consensus.fits,
          null_fits: consensus.nullFits,
          grid: { ...manifest.grid },
          fit_options: manifest.fitArgs.join(' '),
          executor: manifest.executor.kind,
          created_at: manifest.createdAt,
          tasks_total: manifest.tasks.length,
          tasks_done: done,
          tasks_failed: manifest.tasks.filter((t) => t.state === 'failed').length,
          // Every task as "index state λ seed resample", so the file says which fits it stands on.
          tasks: manifest.tasks.map(
            (t) =>
              `${t.index} ${t.state} λ=${t.lambda} seed=${t.seed} ${t.resample ? `${t.resample.kind}-${t.resample.replicate}` : 'all-cells'}`,
          ),
        },
      },
      inputs: [{ name: manifest.dataPath, sha256: manifest.dataSha256 }],
      runFolder: dir,
      runDate: manifest.updatedAt,
    },
  };
}
