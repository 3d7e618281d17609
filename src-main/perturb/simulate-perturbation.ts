/**
 * Wild type and perturbed system integrated side by side from each start with Dormand–Prince 5(4) on the CPU in
 * float64 (the evaluation's solver, docs/model.md "Solvers"), read on an even grid of pseudotimes.
 */
import { oracleDopri5Grid } from '../engine/reference/float64-oracle.ts';
import { clampedGenes } from './perturbed-genes.ts';
import { jointInitialState, jointPerturbedField, type StateField } from './joint-perturbed-field.ts';
import { checkPerturbations, PerturbationInputError, type GenePerturbation, type PerturbationStarts } from './perturbation.ts';

/** A trained model ready to integrate, with the training trajectories it starts from. */
export interface PerturbableModel {
  /** Names the run in messages, e.g. `run "runs/example"`. */
  runName: string;
  method: 'trajectory' | 'velocity';
  genes: string[];
  field: StateField;
  trajectories: Array<{
    name: string;
    lineage: string;
    donor: string;
    /** Scaled pseudotime per cell, ascending. */
    times: ArrayLike<number>;
    /** cells × genes, the trained scale. */
    observed: ArrayLike<number>;
    /** The trajectory's initial state (mean of its first cells, as the fit took it). */
    initialState: Float64Array;
    /** Where the lineage ends in the data (mean of its last cells): the landmark a perturbed end moves towards. */
    endState: Float64Array;
  }>;
}

export interface SimulationSettings {
  /** Points of the even pseudotime grid each start is read at (both ends included). */
  points: number;
  rtol: number;
  atol: number;
  maxSteps: number;
}

/**
 * Tolerances 100× tighter than the paper's evaluation (1e-3): effects of weak responders are differences of two
 * curves, so the solve's own error must sit well below them.
 */
export const PERTURBATION_SOLVE: SimulationSettings = { points: 101, rtol: 1e-5, atol: 1e-5, maxSteps: 20_000 };

export interface SimulatedStart {
  name: string;
  lineage: string;
  donor: string;
  startTime: number;
  /** Scaled pseudotimes of the grid. */
  times: Float64Array;
  /** points × genes. */
  wildType: Float64Array;
  perturbed: Float64Array;
}

export interface Simulation {
  genes: string[];
  perturbations: GenePerturbation[];
  /** Gene columns of the perturbed genes. */
  clamped: number[];
  starts: SimulatedStart[];
  /** Observed end state of every training trajectory (the landmarks a perturbed end moves towards). */
  lineageEnds: Array<{ name: string; lineage: string; donor: string; state: Float64Array }>;
  steps: number;
  settings: SimulationSettings;
}

/** Integrates the wild type and the perturbed system from every start; refuses NaN input and a solve that fails. */
export function simulatePerturbation(
  model: PerturbableModel,
  perturbations: GenePerturbation[],
  startsWanted: PerturbationStarts = { kind: 'lineages' },
  settings: SimulationSettings = PERTURBATION_SOLVE,
): Simulation {
  checkPerturbations(perturbations);
  const clamped = clampedGenes(perturbations, model.genes, model.runName);
  const d = model.genes.length;
  if (model.trajectories.length === 0) throw new PerturbationInputError(`${model.runName} stores no training trajectory to start from.`);
  const lineageStarts = model.trajectories.map((t) => ({
    name: t.name,
    lineage: t.lineage,
    donor: t.donor,
    startTime: 0,
    state: t.initialState,
  }));
  const cellStarts =
    startsWanted.kind === 'cells'
      ? startsWanted.cells.map(({ trajectory, cell }) => {
          const t = model.trajectories.find((x) => x.name === trajectory);
          if (!t)
            throw new PerturbationInputError(
              `${model.runName} has no training trajectory "${trajectory}"; its trajectories are ${model.trajectories.map((x) => x.name).join(', ')}.`,
            );
          if (!Number.isInteger(cell) || cell < 0 || cell >= t.times.length)
            throw new PerturbationInputError(
              `Trajectory "${trajectory}" of ${model.runName} has cells 0 to ${t.times.length - 1}; cell ${cell} is not one of them.`,
            );
          const startTime = t.times[cell];
          if (!(startTime < 1))
            throw new PerturbationInputError(
              `Cell ${cell} of "${trajectory}" is at the end of the trajectory: nothing is left to integrate.`,
            );
          const state = Float64Array.from({ length: d }, (_, g) => t.observed[cell * d + g]);
          return { name: `${t.name} @cell ${cell}`, lineage: t.lineage, donor: t.donor, startTime, state };
        })
      : [];
  const wildStarts = [...lineageStarts, ...cellStarts];
  const perturbedOf = startsWanted.kind === 'cells' ? cellStarts.map((_, i) => lineageStarts.length + i) : lineageStarts.map((_, i) => i);
  const wild = wildStarts.length;
  const wildStates = new Float64Array(wild * d);
  wildStarts.forEach((s, r) => {
    for (let g = 0; g < d; g++) {
      if (!Number.isFinite(s.state[g]))
        throw new PerturbationInputError(
          `The start "${s.name}" of ${model.runName} has no finite level for ${model.genes[g]}; the run's trajectories are damaged.`,
        );
      wildStates[r * d + g] = s.state[g];
    }
  });
  const rows = wild + perturbedOf.length;
  const durations = Float64Array.from({ length: rows }, (_, r) => 1 - wildStarts[r < wild ? r : perturbedOf[r - wild]].startTime);
  const layout = { genes: d, wild, perturbedOf, durations };
  const joint = jointPerturbedField(model.field, clamped, layout);
  const x0 = jointInitialState(wildStates, clamped, layout);
  const grid = Float64Array.from({ length: settings.points }, (_, k) => k / (settings.points - 1));
  let states: Float64Array[];
  let steps: number;
  try {
    ({ states, steps } = oracleDopri5Grid(joint, x0, rows, settings.rtol, settings.atol, settings.maxSteps, grid));
  } catch (error) {
    throw new PerturbationInputError(
      `The trained field of ${model.runName} could not be integrated under ${perturbations.map((p) => p.gene).join(', ')} (${(error as Error).message}): a level far outside the trained 0–1 range can make it stiff; try a level nearer the observed range.`,
    );
  }
  for (const state of states)
    for (let i = 0; i < state.length; i++)
      if (!Number.isFinite(state[i]))
        throw new PerturbationInputError(
          `Integrating ${model.runName} under this perturbation gave a non-finite level for ${model.genes[i % d]}; try a level nearer the trained 0–1 range.`,
        );
  const read = (row: number) => {
    const out = new Float64Array(settings.points * d);
    states.forEach((state, k) => out.set(state.subarray(row * d, row * d + d), k * d));
    return out;
  };
  const starts = perturbedOf.map((source, p) => {
    const s = wildStarts[source];
    return {
      name: s.name,
      lineage: s.lineage,
      donor: s.donor,
      startTime: s.startTime,
      times: grid.map((u) => s.startTime + u * (1 - s.startTime)),
      wildType: read(source),
      perturbed: read(wild + p),
    };
  });
  const lineageEnds = model.trajectories.map((t) => ({ name: t.name, lineage: t.lineage, donor: t.donor, state: t.endState }));
  return {
    genes: model.genes,
    perturbations,
    clamped: clamped.map((c) => c.index),
    starts,
    lineageEnds,
    steps,
    settings,
  };
}
