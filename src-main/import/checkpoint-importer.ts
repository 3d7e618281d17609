/**
 * Re-opens a run from its checkpoint: the genes and the network weights come straight from the saved parameters
 * (path matrix with deterministic gates, docs/model.md "Read-out"), so the view is reproduced from the model itself,
 * not from a copy. Edge signs need the fitted states (mean Jacobian over the trajectories), which a checkpoint does
 * not hold; they are taken from the run's edges.csv when it is there, else left 0 and said so.
 */
import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readCheckpoint, type TrainingCheckpoint } from '../engine/training/checkpoint.ts';
import { parameterLayout } from '../engine/model/parameter-layout.ts';
import { gatedWeights } from '../engine/evaluation/deterministic-gates.ts';
import { pathMatrix } from '../engine/evaluation/path-matrix.ts';
import { NEAR_ZERO } from '../engine/evaluation/sparsity.ts';
import { parseRunEdges } from '../export/run-folder-reader.ts';
import { rankEdges, type EdgeSign, type NetworkData } from '../export/network-data.ts';
import { CHECKPOINT_FILE, EDGES_FILE } from '../run/run-folder.ts';

export interface CheckpointNetwork {
  checkpoint: TrainingCheckpoint;
  network: NetworkData;
  notes: string[];
}

/** The network a checkpoint's parameters imply; `signs` come from the run's edges.csv (null: unsigned). */
export function checkpointNetwork(checkpoint: TrainingCheckpoint, signs: Map<string, EdgeSign> | null): NetworkData {
  const genes = checkpoint.genes;
  const layout = parameterLayout(genes.length, checkpoint.config.model);
  const A = pathMatrix(layout, gatedWeights(layout, checkpoint.parameters));
  const edges = [];
  for (let i = 0; i < genes.length; i++) {
    for (let j = 0; j < genes.length; j++) {
      const weight = A[i * genes.length + j];
      if (i === j || !(weight >= NEAR_ZERO)) continue;
      edges.push({ source: genes[i], target: genes[j], weight, sign: signs?.get(`${genes[i]}\u0000${genes[j]}`) ?? (0 as EdgeSign) });
    }
  }
  return { nodes: genes.map((id) => ({ id, isTF: null, peakPseudotime: null })), edges: rankEdges(edges) };
}

/** Reads RUN_DIR/checkpoint.bin (or a checkpoint file) and rebuilds the network from it. */
export async function importCheckpoint(location: string): Promise<CheckpointNetwork> {
  const isFile = path.extname(location) === '.bin';
  const file = isFile ? location : path.join(location, CHECKPOINT_FILE);
  const checkpoint = await readCheckpoint(file);
  const edgesFile = path.join(path.dirname(file), EDGES_FILE);
  const notes: string[] = [];
  let signs: Map<string, EdgeSign> | null = null;
  try {
    await access(edgesFile);
    signs = new Map(
      parseRunEdges(await readFile(edgesFile, 'utf8'), edgesFile).map((edge) => [`${edge.source}\u0000${edge.target}`, edge.sign]),
    );
  } catch {
    notes.push(`No "${edgesFile}" next to the checkpoint: edge signs need the fitted trajectories and are shown as 0 (unsigned).`);
  }
  if (checkpoint.iteration < checkpoint.config.iterations) {
    notes.push(`The checkpoint is from iteration ${checkpoint.iteration} of ${checkpoint.config.iterations}: the run had not finished.`);
  }
  return { checkpoint, network: checkpointNetwork(checkpoint, signs), notes };
}
