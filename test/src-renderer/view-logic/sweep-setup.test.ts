import { describe, expect, it } from 'vitest';
import { DEFAULT_SWEEP_FORM, sweepRequestFromForm } from '../../../src-renderer/view-logic/sweep-setup.ts';
import { sweepStartSchema } from '../../../src-shared/contract/sweep.ts';

describe('the Sweep view form', () => {
  it('becomes a request the contract accepts, with the number of fits', () => {
    const { request, problems, tasks } = sweepRequestFromForm(DEFAULT_SWEEP_FORM, 'dataset-1', ['GATA1', 'KLF1']);
    expect(problems).toEqual([]);
    expect(tasks).toBe(3 * 1 * (1 + 4 + 2));
    expect(request.grid).toEqual({ lambdas: [0.001, 0.01, 0.1], seeds: [0], subsamples: 4, nulls: 2 });
    expect(request.genes).toEqual(['GATA1', 'KLF1']);
    expect(sweepStartSchema.safeParse(request).success).toBe(true);
  });

  it('names every mistake in words', () => {
    const { problems } = sweepRequestFromForm(
      { ...DEFAULT_SWEEP_FORM, lambdas: '0.1, x, 0.1', seeds: '1.5', subsamples: '-1', executor: 'slurm', time: 'soon', partition: 'a b' },
      'dataset-1',
    );
    expect(problems.join('\n')).toMatch(/"x" is not/);
    expect(problems.join('\n')).toMatch(/Seeds must be whole numbers from 0: "1.5"/);
    expect(problems.join('\n')).toMatch(/Subsamples must be a whole number from 0 to 200/);
    expect(problems.join('\n')).toMatch(/A λ value is given twice/);
    expect(problems.join('\n')).toMatch(/"soon" is not a Slurm time/);
    expect(problems.join('\n')).toMatch(/partition "a b" may hold only/);
  });

  it('passes Slurm settings through and refuses a grid too large for the app', () => {
    const slurm = sweepRequestFromForm({ ...DEFAULT_SWEEP_FORM, executor: 'slurm', time: '1-00:00:00', partition: 'short' }, 'dataset-1');
    expect(slurm.request.executor).toEqual({ kind: 'slurm', partition: 'short', time: '1-00:00:00' });
    expect(sweepStartSchema.safeParse(slurm.request).success).toBe(true);
    const large = sweepRequestFromForm({ ...DEFAULT_SWEEP_FORM, subsamples: '200', nulls: '200', seeds: '0,1,2' }, 'dataset-1');
    expect(large.problems.join(' ')).toMatch(/That is 3609 fits; the app runs at most 2000\. Run larger sweeps with pathreg sweep\./);
  });
});
