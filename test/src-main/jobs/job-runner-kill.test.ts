import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JobRunner } from '../../../src-main/jobs/job-runner.ts';
import type { ServerEvent } from '../../../src-shared/contract/events.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';

describe('job runner kill', () => {
  it('ends a job that does not stop after a cancel, and says so', async () => {
    const events: ServerEvent[] = [];
    const sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-kill-test-'));
    const runner = new JobRunner({
      sessionDir,
      emit: (event) => events.push(event),
      workerEntry: new URL('./fixtures/unresponsive-worker.ts', import.meta.url),
      killAfterMs: 300,
    });
    const run = await runner.start({
      datasetId: 'dataset-1',
      datasetName: 'none',
      datasetPath: '/nowhere',
      selection: {
        genes: [],
        pseudotimeColumn: 't',
        lineageColumn: null,
        donorColumn: null,
        lineages: [],
        trainDonors: [],
        testDonors: [],
        trimStart: 0,
        trimEnd: 0,
      },
      config: PAPER_DEFAULTS,
      tfList: { kind: 'default' },
    });
    while (runner.list()[0].state !== 'running') await new Promise((r) => setTimeout(r, 20));
    const asked = performance.now();
    expect(runner.cancel(run.runId).state).toBe('cancelling');
    while (runner.list()[0].state === 'cancelling') await new Promise((r) => setTimeout(r, 20));
    const waited = performance.now() - asked;
    const final = runner.list()[0];
    expect(final.state).toBe('cancelled');
    expect(final.message).toMatch(/did not stop within 0\.3 s and was ended/);
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(3000);
    expect(events.filter((e) => e.type === 'training:state').map((e) => (e.type === 'training:state' ? e.run.state : ''))).toEqual([
      'starting',
      'running',
      'cancelling',
      'cancelled',
    ]);
    await runner.dispose();
    await rm(sessionDir, { recursive: true, force: true });
  });
});
