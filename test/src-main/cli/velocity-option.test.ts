import { describe, expect, it } from 'vitest';
import { parseVelocityOption } from '../../../src-main/cli/velocity-option.ts';
import { velocityFieldSettings } from '../../../src-main/fit/velocity/run-velocity-fit.ts';

const none = () => false;

describe('--velocity settings of the per-target cut-off', () => {
  it('reads validation-neighbours and standard-errors into the velocity fit settings', () => {
    const options = parseVelocityOption('validation-neighbours=20,standard-errors=0.5', 'velocity', none);
    expect(options).toEqual({ validationNeighbours: 20, standardErrors: 0.5 });
    expect(velocityFieldSettings('velocity', 3, options)).toMatchObject({
      validationNeighbours: 20,
      cutoffStandardErrors: 0.5,
      cutoffScope: 'target',
      cutoff: null,
      seed: 3,
    });
    // Unset, the held-out targets are the training's own and the rule is one standard error.
    expect(velocityFieldSettings('velocity', 0, {})).toMatchObject({ validationNeighbours: null, cutoffStandardErrors: 1 });
  });

  it('refuses values outside their limits, naming the setting', () => {
    expect(() => parseVelocityOption('standard-errors=-1', 'velocity', none)).toThrow(
      /standard-errors must be a number from 0 to 10, got "-1"/,
    );
    expect(() => parseVelocityOption('validation-neighbours=2.5', 'velocity', none)).toThrow(
      /validation-neighbours must be a whole number/,
    );
    // The linear method trains no field and has no cut-off.
    expect(() => parseVelocityOption('standard-errors=1', 'linear', none)).toThrow(/does not apply to --method linear/);
  });
});
