/**
 * From prepared trajectories to what an engine's TrainingProblem needs: the batch's initial states and its
 * targets, binned (RK4) or per cell (Dormand–Prince), plus grouping by donor for the paper's evaluation.
 */
import type { PreparedTrajectory } from '../dataset.ts';
import type { BinnedTargets, CellTargets } from '../../engine/engine-interface.ts';
import type { SolverConfig } from '../../../src-shared/run-config.ts';
import { binTrajectories } from './bin-trajectories.ts';

/** B × D initial states, one row per trajectory in batch order. */
export function initialStates(trajectories: PreparedTrajectory[]): Float32Array {
  const genes = trajectories[0]?.genes.length ?? 0;
  const states = new Float32Array(trajectories.length * genes);
  trajectories.forEach((t, b) => states.set(t.initialState, b * genes));
  return states;
}

/** Every cell of every trajectory at its own scaled pseudotime (the paper's per-cell loss). */
export function cellTargets(trajectories: PreparedTrajectory[]): CellTargets {
  return { kind: 'cells', trajectories: trajectories.map((t) => ({ times: t.times, values: t.values })) };
}

/** Targets matching the solver: K bins for RK4, every cell for Dormand–Prince. */
export function trainingTargets(
  trajectories: PreparedTrajectory[],
  solver: SolverConfig,
): { initialStates: Float32Array; targets: BinnedTargets | CellTargets } {
  return {
    initialStates: initialStates(trajectories),
    targets: solver.kind === 'rk4' ? binTrajectories(trajectories, solver.bins) : cellTargets(trajectories),
  };
}

/**
 * Per-cell evaluation targets grouped by donor, lineages in batch order: the paper reports, per donor, the sum over
 * its lineages of the per-cell MSE.
 */
export function evaluationTargetsByDonor(
  trajectories: PreparedTrajectory[],
): Map<string, { trajectories: PreparedTrajectory[]; initialStates: Float32Array; targets: CellTargets }> {
  const byDonor = new Map<string, PreparedTrajectory[]>();
  for (const t of trajectories) {
    const list = byDonor.get(t.donor) ?? [];
    list.push(t);
    byDonor.set(t.donor, list);
  }
  const out = new Map<string, { trajectories: PreparedTrajectory[]; initialStates: Float32Array; targets: CellTargets }>();
  for (const [donor, list] of byDonor)
    out.set(donor, { trajectories: list, initialStates: initialStates(list), targets: cellTargets(list) });
  return out;
}
