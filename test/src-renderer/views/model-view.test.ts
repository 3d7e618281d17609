// The Model view's Method control: whatever the user switches between, the settings it sends pass the contract's schema.
import { describe, expect, it } from 'vitest';
import { withMethod, withVelocityCutoff } from '../../../src-renderer/views/model-view.tsx';
import { trainingConfigSchema } from '../../../src-shared/contract/schemas.ts';
import { RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';

describe('withMethod', () => {
  it('keeps velocity settings for the velocity method and drops them for the trajectory method', () => {
    const velocity = withMethod({ ...RECOMMENDED_DEFAULTS, velocity: { iterations: 300 } }, 'velocity');
    expect(velocity).toMatchObject({ method: 'velocity', velocity: { iterations: 300 } });
    expect(trainingConfigSchema.safeParse(velocity).success).toBe(true);
    const back = withMethod(velocity, 'trajectory');
    expect(back.method).toBe('trajectory');
    expect('velocity' in back).toBe(false);
    expect(trainingConfigSchema.safeParse(back).success).toBe(true);
    expect(trainingConfigSchema.safeParse(withMethod(RECOMMENDED_DEFAULTS, 'linear')).success).toBe(true);
  });
});

describe('withVelocityCutoff', () => {
  it('sets the network cut-off within [0, 1], and an empty box leaves it to the held-out rule', () => {
    const velocity = withMethod(RECOMMENDED_DEFAULTS, 'velocity');
    const cut = withVelocityCutoff(velocity, '0.2');
    expect(cut.velocity).toEqual({ lambda: 0.2 });
    expect(trainingConfigSchema.safeParse(cut).success).toBe(true);
    expect(withVelocityCutoff(velocity, '5').velocity).toEqual({ lambda: 1 });
    expect(withVelocityCutoff(velocity, '-1').velocity).toEqual({ lambda: 0 });
    const cleared = withVelocityCutoff({ ...cut, velocity: { lambda: 0.2, batch: 64 } }, '');
    expect(cleared.velocity).toEqual({ batch: 64 });
    expect('velocity' in withVelocityCutoff(cut, '')).toBe(false);
    expect(trainingConfigSchema.safeParse(withVelocityCutoff(cut, '')).success).toBe(true);
  });
});
