/**
 * One perturbation from a loaded model to the answer every front end shows: simulate, then rank and measure.
 */
import type { PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import { perturbationEffects } from './perturbation-effects.ts';
import type { GenePerturbation, PerturbationStarts } from './perturbation.ts';
import {
  PERTURBATION_SOLVE,
  simulatePerturbation,
  type PerturbableModel,
  type Simulation,
  type SimulationSettings,
} from './simulate-perturbation.ts';

export function perturbModel(
  model: PerturbableModel,
  perturbations: GenePerturbation[],
  starts: PerturbationStarts = { kind: 'lineages' },
  options: { settings?: SimulationSettings; topCurves?: number } = {},
): { result: PerturbationResult; simulation: Simulation } {
  const began = performance.now();
  const simulation = simulatePerturbation(model, perturbations, starts, options.settings ?? PERTURBATION_SOLVE);
  const seconds = (performance.now() - began) / 1000;
  return { result: perturbationEffects(simulation, model.method, seconds, options.topCurves), simulation };
}
