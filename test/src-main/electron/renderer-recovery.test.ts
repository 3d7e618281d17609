import { describe, expect, it } from 'vitest';
import { createRendererRecovery } from '../../../src-main/electron/renderer-recovery.ts';

describe('renderer recovery', () => {
  it('reloads a crashed window, but not forever', () => {
    let time = 0;
    const decide = createRendererRecovery({ maxReloads: 3, windowMs: 60_000, now: () => time });
    const actions = Array.from({ length: 5 }, () => {
      time += 1000;
      return decide('crashed').action;
    });
    expect(actions).toEqual(['reload', 'reload', 'reload', 'give-up', 'give-up']);
    const last = decide('oom');
    expect(last.action === 'give-up' && last.message).toMatch(/stopped 6 times within 60 s \(last reason: oom\).*Quit and restart/);
  });

  it('forgets deaths older than its window, and ignores a clean exit', () => {
    let time = 0;
    const decide = createRendererRecovery({ maxReloads: 1, windowMs: 10_000, now: () => time });
    expect(decide('crashed').action).toBe('reload');
    time = 20_000;
    expect(decide('killed').action).toBe('reload');
    expect(decide('clean-exit').action).toBe('none');
    time = 21_000;
    expect(decide('crashed').action).toBe('give-up');
  });
});
