// The dataset worker (the Data view's describe and pseudotime jobs) has a time limit: a worker that never answers is
// stopped, the file is named, and nothing is left running.
import { describe, expect, it } from 'vitest';
import { describeInWorker } from '../../../src-main/jobs/describe-in-worker.ts';

describe('dataset worker time limit', () => {
  it('stops a worker that never answers and names the file', async () => {
    const started = performance.now();
    const silent = new URL('./fixtures/silent-worker.ts', import.meta.url);
    await expect(describeInWorker('/data/never-ends.h5ad', silent, 1500)).rejects.toThrow(
      /Reading "\/data\/never-ends\.h5ad" took longer than 1\.5 s and was stopped/,
    );
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 30_000);
});
