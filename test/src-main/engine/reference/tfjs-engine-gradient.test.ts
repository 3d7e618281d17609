import { describe, expect, it } from 'vitest';
import type { ActivationPlacement, RegularizerKind, SolverKind } from '../../../../src-shared/run-config.ts';
import { compareGradient } from './gradient-check.ts';
import { smallProblem } from './small-problem.ts';

const regularizers: RegularizerKind[] = ['pathreg', 'l1', 'l0', 'group-lasso', 'none'];
const solvers: SolverKind[] = ['rk4', 'dopri5'];
const placements: ActivationPlacement[] = ['first', 'all'];

describe('TF.js engine gradient against central differences of the float64 oracle', () => {
  for (const solver of solvers) {
    for (const activation of placements) {
      for (const regularizer of regularizers) {
        it(`${solver}, ELU ${activation}, ${regularizer}`, async () => {
          const { problem, params, gateNoise } = smallProblem({ solver, activation, regularizer, lambda: 0.3, seed: 11 });
          const result = await compareGradient(problem, params, gateNoise);
          expect(result.tfjs.data).toBeGreaterThan(1e-3);
          expect(Math.abs(result.tfjs.data - result.oracle.data)).toBeLessThan(1e-5 * result.oracle.data);
          expect(Math.abs(result.tfjs.penalty - result.oracle.penalty)).toBeLessThanOrEqual(1e-5 * result.oracle.penalty);
          if (regularizer !== 'none') expect(result.oracle.penalty).toBeGreaterThan(0);
          expect(result.relativeError).toBeLessThan(1e-3);
          expect(result.worstComponent).toBeLessThan(1e-3);
          if (solver === 'dopri5') expect(result.plan?.steps.length).toBeGreaterThan(2);
        });
      }
    }
  }

  it('rk4 with 3 substeps per interval', async () => {
    const { problem, params, gateNoise } = smallProblem({ solver: 'rk4', substeps: 3, regularizer: 'pathreg', lambda: 0.3, seed: 17 });
    const result = await compareGradient(problem, params, gateNoise);
    expect(Math.abs(result.tfjs.data - result.oracle.data)).toBeLessThan(1e-5 * result.oracle.data);
    expect(result.relativeError).toBeLessThan(1e-3);
  });
});
