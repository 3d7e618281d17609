/**
 * Reads the trained model of a run folder as something to integrate: the trajectory method's gated MLP (the kept
 * model of checkpoint.bin, deterministic gates, float64 as the evaluation integrates it) or the velocity method's
 * per-edge field (velocity-model.bin), with the training trajectories it starts from (trajectories.json/.bin).
 * A folder without an integrable model is refused with what it holds and what to do.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initialState } from '../data/prepare/prepare-trajectory.ts';
import { oracleDeterministicField } from '../engine/reference/float64-oracle.ts';
import { readCheckpoint } from '../engine/training/checkpoint.ts';
import { RUN_FILES, type TrajectoryIndex } from '../run/run-folder.ts';
import { readVelocityModel } from '../run/velocity-model-file.ts';
import { PerturbationInputError } from './perturbation.ts';
import { velocityFieldEvaluator } from './velocity-field-evaluator.ts';
import type { PerturbableModel } from './simulate-perturbation.ts';

/** The fit's default when a run record predates `preparation.initialCells` (the paper's 5 cells). */
const DEFAULT_INITIAL_CELLS = 5;

export async function readPerturbableRun(folder: string, runName = `run "${folder}"`): Promise<PerturbableModel> {
  const metricsPath = join(folder, RUN_FILES.metrics);
  let metrics: Record<string, unknown>;
  try {
    metrics = JSON.parse(await readFile(metricsPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PerturbationInputError(
      code === 'ENOENT'
        ? `"${metricsPath}" is missing: ${runName} is not a finished run folder. Perturb a folder that a fit wrote (it ends by writing metrics.json).`
        : `Cannot read "${metricsPath}" (${code ?? (error as Error).message}).`,
    );
  }
  const method = (metrics.method as string | undefined) ?? 'trajectory';
  if (method === 'linear')
    throw new PerturbationInputError(
      `${runName} was trained with the linear method, which keeps one lasso per target and no field to integrate; perturb a run trained with the velocity or trajectory method.`,
    );
  const index = await readIndex(folder, runName);
  const d = index.genes.length;
  let field: PerturbableModel['field'];
  if (method === 'velocity') {
    const path = join(folder, RUN_FILES.velocityModel);
    if (!existsSync(path))
      throw new PerturbationInputError(
        `${runName} has no ${RUN_FILES.velocityModel}: it holds a network but no trained model to integrate. Train the run again to perturb it.`,
      );
    const model = await readVelocityModel(path);
    if (model.genes.join('\n') !== index.genes.join('\n'))
      throw new PerturbationInputError(
        `"${path}" was trained on other genes than ${runName}'s trajectories.json lists; the run folder mixes two runs.`,
      );
    field = velocityFieldEvaluator(model);
  } else {
    const path = join(folder, RUN_FILES.checkpoint);
    if (!existsSync(path))
      throw new PerturbationInputError(
        `${runName} has no ${RUN_FILES.checkpoint}: it holds a network (imported, or from another tool) but no trained model to integrate. Perturb a run trained in PathReg Studio.`,
      );
    const checkpoint = await readCheckpoint(path);
    if (checkpoint.genes.join('\n') !== index.genes.join('\n'))
      throw new PerturbationInputError(
        `"${path}" was trained on other genes than ${runName}'s trajectories.json lists; the run folder mixes two runs.`,
      );
    // The model the network and metrics were read from (metrics.json "model"): the best by validation unless the last was asked for.
    const params = metrics.model === 'last' || !checkpoint.best ? checkpoint.parameters : checkpoint.best.parameters;
    for (let i = 0; i < params.length; i++)
      if (!Number.isFinite(params[i]))
        throw new PerturbationInputError(
          `The trained model in "${path}" has a non-finite parameter (at ${i}); the run diverged and cannot be integrated.`,
        );
    field = oracleDeterministicField(d, checkpoint.config.model, params);
  }
  const preparation = metrics.preparation as { initialCells?: number } | undefined;
  const initialCells = preparation?.initialCells ?? DEFAULT_INITIAL_CELLS;
  const bytes = await readFile(join(folder, RUN_FILES.trajectoryData));
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.byteLength / 4));
  const trajectories = index.trajectories
    .filter((t) => t.split === 'train')
    .map((t) => {
      const n = t.cells;
      if (t.offset + n * (1 + 2 * d) > data.length)
        throw new PerturbationInputError(
          `"${join(folder, RUN_FILES.trajectoryData)}" ends before trajectory "${t.name}": the file is truncated.`,
        );
      const observed = data.slice(t.offset + n, t.offset + n * (1 + d));
      return {
        name: t.name,
        lineage: t.lineage,
        donor: t.donor,
        times: data.slice(t.offset, t.offset + n),
        observed,
        initialState: Float64Array.from(initialState(observed, d, Math.min(initialCells, n))),
        endState: meanOfLastCells(observed, d, Math.min(initialCells, n)),
      };
    });
  return { runName, method: method === 'velocity' ? 'velocity' : 'trajectory', genes: index.genes, field, trajectories };
}

async function readIndex(folder: string, runName: string): Promise<TrajectoryIndex> {
  const path = join(folder, RUN_FILES.trajectoryIndex);
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TrajectoryIndex;
  } catch (error) {
    throw new PerturbationInputError(
      `${runName} has no readable ${RUN_FILES.trajectoryIndex} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the trajectories to start from are stored there at the end of a fit.`,
    );
  }
}

/** Per gene, the mean of the trajectory's last `cells` cells: where the lineage ends in the data. */
function meanOfLastCells(observed: Float32Array, genes: number, cells: number): Float64Array {
  const n = observed.length / genes;
  const mean = new Float64Array(genes);
  for (let c = n - cells; c < n; c++) for (let g = 0; g < genes; g++) mean[g] += observed[c * genes + g] / cells;
  return mean;
}
