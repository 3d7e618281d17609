/**
 * A task's `pathreg fit` options: the sweep's shared ones plus its λ, seed and run folder. λ goes where the fit's
 * method reads it: `--lambda` for the trajectory method, the `lambda` key of `--velocity` for the velocity method
 * (which refuses `--lambda`), nowhere for the linear method, whose lasso path has no λ to choose.
 */
import { DEFAULT_VELOCITY_FIELD_SETTINGS } from '../engine/velocity/fit-velocity-field.ts';

export type SweepMethod = 'trajectory' | 'velocity' | 'linear';

/** The value of `--name VALUE` or `--name=VALUE` among the options, and where it is. */
function optionValue(args: string[], name: string): { value: string; at: number; joined: boolean } | null {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}` && i + 1 < args.length) return { value: args[i + 1], at: i, joined: false };
    if (args[i].startsWith(`--${name}=`)) return { value: args[i].slice(name.length + 3), at: i, joined: true };
  }
  return null;
}

export function sweepMethod(fitArgs: string[]): SweepMethod {
  const method = optionValue(fitArgs, 'method')?.value;
  return method === 'velocity' || method === 'linear' ? method : 'trajectory';
}

/** The λ a sweep without λ values fits: the velocity settings' own, else the method's default. */
export function defaultSweepLambda(fitArgs: string[], trajectoryDefault: number): number {
  if (sweepMethod(fitArgs) !== 'velocity') return trajectoryDefault;
  const given = optionValue(fitArgs, 'velocity')
    ?.value.split(',')
    .map((item) => item.split('=').map((s) => s.trim()))
    .find(([key]) => key === 'lambda');
  return given ? Number(given[1]) : DEFAULT_VELOCITY_FIELD_SETTINGS.lambda;
}

export function taskFitArguments(fitArgs: string[], lambda: number, seed: number, out: string): string[] {
  const args = [...fitArgs];
  const method = sweepMethod(fitArgs);
  if (method === 'trajectory') args.push('--lambda', String(lambda));
  if (method === 'velocity') {
    const velocity = optionValue(args, 'velocity');
    if (!velocity) args.push('--velocity', `lambda=${lambda}`);
    else {
      // The sweep's λ replaces a lambda key of the shared settings; every other key stays.
      const kept = velocity.value.split(',').filter((item) => item.split('=')[0].trim() !== 'lambda');
      const value = [...kept, `lambda=${lambda}`].join(',');
      if (velocity.joined) args[velocity.at] = `--velocity=${value}`;
      else args[velocity.at + 1] = value;
    }
  }
  args.push('--seed', String(seed), '--out', out);
  return args;
}
