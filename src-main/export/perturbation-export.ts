/**
 * The files of an in-silico perturbation, from the same figure functions and figure writer as every other export:
 * the ranked table (CSV, header on line 1; one row per gene and start), the difference curves of every gene (CSV),
 * a sidecar JSON with the provenance, the effect's meaning and the end-state shifts, and two figures (SVG and PDF):
 * the top responders' curves wild type vs perturbed, and the network around them with the responders highlighted.
 */
import { JSDOM } from 'jsdom';
import type { PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import { renderNetwork, renderTrajectories } from '../../src-shared/figures/index.ts';
import {
  PERTURBATION_CURVE_LABELS,
  perturbationNetworkData,
  perturbationTrajectoryData,
} from '../../src-shared/figures/perturbation-figure-data.ts';
import type { Simulation } from '../perturb/simulate-perturbation.ts';
import { csvField } from './delimited-text.ts';
import { figureBytes, type PhysicalSize } from './figure-export.ts';
import { networkFigureData } from './figure-data.ts';
import type { Provenance } from './provenance.ts';
import type { RunFolder } from './run-folder-reader.ts';

export const PERTURBATION_FILES = {
  table: 'responders.csv',
  sidecar: 'responders.json',
  curves: 'difference-curves.csv',
  trajectories: 'perturbation-trajectories',
  network: 'perturbation-network',
} as const;

/** Shortest round-trip text of a finite number (the simulation refuses non-finite ones). */
const num = (x: number) => String(x);

/** responders.csv: rank, gene, perturbed, start, lineage, effect, rank at the start, peak and end differences. */
export function respondersCsv(result: PerturbationResult): string {
  const lines = ['rank,gene,perturbed,start,lineage,effect,rank_in_start,peak_difference,end_difference'];
  for (const r of result.responses) {
    result.starts.forEach((start, s) => {
      lines.push(
        [
          String(r.rank),
          csvField(r.gene),
          r.perturbed ? 'yes' : 'no',
          csvField(start.name),
          csvField(start.lineage),
          num(r.effects[s]),
          r.perturbed ? '' : String(r.ranksByStart[s]),
          num(r.peakDifferences[s]),
          num(r.endDifferences[s]),
        ].join(','),
      );
    });
  }
  return `${lines.join('\n')}\n`;
}

/** difference-curves.csv: every gene's wild-type and perturbed level and their difference at every grid point. */
export function differenceCurvesCsv(simulation: Simulation): string {
  const d = simulation.genes.length;
  const lines = ['start,time,gene,wild_type,perturbed,difference'];
  for (const s of simulation.starts) {
    const name = csvField(s.name);
    s.times.forEach((t, k) => {
      for (let g = 0; g < d; g++) {
        const w = s.wildType[k * d + g];
        const p = s.perturbed[k * d + g];
        lines.push(`${name},${num(t)},${csvField(simulation.genes[g])},${num(w)},${num(p)},${num(p - w)}`);
      }
    });
  }
  return `${lines.join('\n')}\n`;
}

export interface PerturbationFile {
  name: string;
  bytes: Uint8Array;
}

/** Every file of the perturbation, in memory; the command line writes them to a folder, the app offers them to save. */
export async function perturbationFiles(
  run: RunFolder,
  result: PerturbationResult,
  simulation: Simulation,
  circumstances: { command: string; exportedAt?: string },
): Promise<PerturbationFile[]> {
  const exportedAt = circumstances.exportedAt ?? new Date().toISOString();
  const text = (s: string) => new TextEncoder().encode(s);
  const table = respondersCsv(result);
  const provenance = (content: string): Provenance => ({ ...run.provenance, exportedAt, content });
  const sidecar = {
    what: `in-silico perturbation: ${result.description}`,
    command: circumstances.command,
    run_folder: run.folder,
    method: result.method,
    data_sha256: run.metrics.data_sha256 ?? null,
    perturbations: result.perturbations,
    starts: result.starts,
    effect_meaning: result.effectMeaning,
    solve: result.solve,
    shifts: result.shifts,
    columns: {
      rank: 'the gene over all starts, 1 = the largest |effect| at any start; the perturbed genes come last',
      effect: result.effectMeaning,
      rank_in_start: '1 = the largest |effect| at this start among the genes not perturbed',
      peak_difference: 'the largest signed perturbed − wild-type difference along the trajectory',
      end_difference: 'perturbed − wild type at the end of the trajectory',
    },
    provenance: provenance(`table ${PERTURBATION_FILES.table}: ${result.responses.length} genes × ${result.starts.length} starts`),
  };
  const size: PhysicalSize = { width: 180, height: 120, unit: 'mm' };
  const files: PerturbationFile[] = [
    { name: PERTURBATION_FILES.table, bytes: text(table) },
    { name: PERTURBATION_FILES.curves, bytes: text(differenceCurvesCsv(simulation)) },
    { name: PERTURBATION_FILES.sidecar, bytes: text(`${JSON.stringify(sidecar, null, 2)}\n`) },
  ];
  const doc = () => new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document;
  const trajectoryData = perturbationTrajectoryData(result);
  const drawTrajectories = (dpi: number) =>
    renderTrajectories(
      trajectoryData,
      {
        size: { ...size, dpi },
        background: '#ffffff',
        genes: trajectoryData.genes,
        curveLabels: PERTURBATION_CURVE_LABELS,
        title: `${result.description}: wild type and perturbed`,
      },
      doc(),
    );
  const around = perturbationNetworkData(result, networkFigureData(run.network));
  const drawNetwork = (dpi: number) =>
    renderNetwork(
      around.data,
      {
        size: { ...size, dpi },
        background: '#ffffff',
        legend: true,
        highlighted: around.highlighted,
        seed: 0,
        title: `${result.description}: the ${around.highlighted.length} strongest responders highlighted`,
      },
      doc(),
    );
  for (const format of ['svg', 'pdf'] as const) {
    const request = { format, dpi: 96, size, background: 'white' as const };
    files.push({
      name: `${PERTURBATION_FILES.trajectories}.${format}`,
      bytes: await figureBytes(
        drawTrajectories,
        provenance(`${result.description}: ${trajectoryData.genes.join(', ')} wild type vs perturbed`),
        `In-silico perturbation: ${result.description}`,
        request,
      ),
    });
    files.push({
      name: `${PERTURBATION_FILES.network}.${format}`,
      bytes: await figureBytes(
        drawNetwork,
        provenance(`${result.description}: network around the responders, ${around.data.edges.length} edges`),
        `In-silico perturbation: ${result.description}`,
        request,
      ),
    });
  }
  return files;
}
