/**
 * Diffusion pseudotime for the app, the way `pathreg fit --root` computes it (dataset-trajectories.ts): X normalised
 * and logged as its value kind needs, the top 2,000 highly variable genes (Seurat flavour), then scanpy's recipe from
 * a root cell. The Data view's preview (dataset worker) and the training job both call this with the selection's
 * settings, so a run recomputes exactly the values the user saw and records where they came from.
 */
import path from 'node:path';
import type { Dataset } from '../data/dataset.ts';
import { cellTotals, normalizedSource, planNormalization } from '../data/prepare/normalize-log.ts';
import { formatCount } from '../data/reader-error.ts';
import {
  describeDiffusionPseudotime,
  diffusionPseudotimeOnVariableGenes,
  tooManyCellsForPseudotime,
} from '../data/trajectories-from-dataset/dataset-trajectories.ts';
import { resolveRoot } from '../data/trajectories-from-dataset/root-cell.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';

export type DiffusionPseudotimeSettings = NonNullable<TrajectorySelection['diffusionPseudotime']>;

export interface SelectionPseudotime {
  /** Per cell in [0, 1]; NaN for cells not connected to the root (they join no trajectory). */
  values: Float64Array;
  root: { index: number; name: string };
  /** One line for the run's provenance: `diffusion pseudotime from root "X" (…settings…)`. */
  description: string;
  notes: string[];
}

/**
 * Below this share of the cells reachable from the root, the root sits in a small separate group (doublets, a
 * contaminating cell type): training on so few cells would be misleading, so the user is asked to change the root.
 */
const MIN_REACHED_SHARE = 0.5;

export async function diffusionPseudotimeForSelection(
  dataset: Dataset,
  settings: DiffusionPseudotimeSettings,
): Promise<SelectionPseudotime> {
  const file = `"${path.basename(dataset.summary.path)}"`;
  const cells = dataset.cellNames.length;
  const tooMany = tooManyCellsForPseudotime(cells);
  if (tooMany) throw new UserError('bad-input', `${file} ${tooMany}`);
  if (cells < 3) throw new UserError('bad-input', `${file} has ${cells} cells; diffusion pseudotime needs at least 3.`);
  const plan = planNormalization(
    dataset.summary.valueKind,
    dataset.summary.valueKind === 'counts' ? await cellTotals(dataset) : new Float64Array(0),
  );
  const normalized = normalizedSource(dataset, plan);
  let rootRequest;
  try {
    rootRequest = await resolveRoot(dataset, settings.root, normalized);
  } catch (error) {
    // The readers' message names the file and the forms a root can take; it is the user's to fix.
    throw new UserError('bad-input', `Diffusion pseudotime root: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { result, genes } = await diffusionPseudotimeOnVariableGenes(dataset, normalized, rootRequest, {
    ...(settings.neighbors !== undefined ? { neighbors: settings.neighbors } : {}),
    ...(settings.pcs !== undefined ? { pcs: settings.pcs } : {}),
  });
  const values = new Float64Array(cells);
  let reached = 0;
  for (let c = 0; c < cells; c++) {
    const t = result.pseudotime[c];
    values[c] = Number.isFinite(t) ? t : Number.NaN;
    if (Number.isFinite(t)) reached++;
  }
  const root = { index: result.root, name: dataset.cellNames[result.root] };
  if (reached < cells * MIN_REACHED_SHARE) {
    throw new UserError(
      'bad-input',
      `In ${file} the neighbour graph falls into ${result.componentCount} disconnected groups and the root "${root.name}" reaches only ` +
        `${formatCount(reached)} of ${formatCount(cells)} cells. Choose a root in the main group of cells, or raise the neighbours per cell ` +
        `(now ${settings.neighbors ?? 15}) so the groups connect.`,
    );
  }
  const notes = [plan.note, ...result.notes];
  if (reached < cells) notes.push(`${formatCount(cells - reached)} cells are not connected to the root and join no trajectory.`);
  const description = describeDiffusionPseudotime(root, settings.root, settings, genes);
  return { values, root, description, notes };
}
