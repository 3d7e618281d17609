import { describe, expect, it } from 'vitest';
import { defaultSweepLambda, taskFitArguments } from '../../../src-main/sweep/task-arguments.ts';

describe("a task's fit options", () => {
  it('gives the trajectory method --lambda, the velocity method its lambda key, the linear method no λ', () => {
    expect(taskFitArguments(['--data', 'd'], 0.1, 3, 'out/t')).toEqual(['--data', 'd', '--lambda', '0.1', '--seed', '3', '--out', 'out/t']);
    expect(taskFitArguments(['--method', 'velocity'], 0.5, 0, 'o')).toEqual([
      '--method',
      'velocity',
      '--velocity',
      'lambda=0.5',
      '--seed',
      '0',
      '--out',
      'o',
    ]);
    expect(taskFitArguments(['--method', 'velocity', '--velocity', 'lambda=2,iterations=500'], 0.5, 0, 'o')).toEqual([
      '--method',
      'velocity',
      '--velocity',
      'iterations=500,lambda=0.5',
      '--seed',
      '0',
      '--out',
      'o',
    ]);
    expect(taskFitArguments(['--method=velocity', '--velocity=window=20'], 1, 0, 'o')).toContain('--velocity=window=20,lambda=1');
    expect(taskFitArguments(['--method', 'linear'], 0.5, 1, 'o')).toEqual(['--method', 'linear', '--seed', '1', '--out', 'o']);
  });

  it("defaults λ to the velocity settings' own, else the method's default", () => {
    expect(defaultSweepLambda(['--method', 'velocity'], 0.01)).toBe(0.1);
    expect(defaultSweepLambda(['--method', 'velocity', '--velocity', 'iterations=5,lambda=0.3'], 0.01)).toBe(0.3);
    expect(defaultSweepLambda([], 0.01)).toBe(0.01);
  });
});
