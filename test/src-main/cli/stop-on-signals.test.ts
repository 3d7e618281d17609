/**
 * SIGTERM and SIGINT end `pathreg fit` within 2 s at every stage: reading a large h5ad, preparing it, training (which
 * stops after the iteration with a checkpoint). The process tests run the real runFit in its own process with real
 * signals; the unit tests pin the arming rules with a stand-in process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { signalExitCode, stopFitOnSignals, type SignalProcess } from '../../../src-main/cli/stop-on-signals.ts';
import { TrainingControl } from '../../../src-main/engine/training/training-control.ts';
import { readCheckpoint } from '../../../src-main/engine/training/checkpoint.ts';
import { generateLargeH5ad } from '../../../scripts/generate-large-h5ad.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const FIXTURE = path.join(REPO, 'test/src-main/cli/fixtures/fit-stopping-on-signals.ts');
const EXAMPLE = path.join(REPO, 'resources/examples/hematopoiesis');
/** The promise under test: from the signal to the process being gone. */
const EXIT_WITHIN_MS = 2000;

class FakeProcess extends EventEmitter implements SignalProcess {
  exits: number[] = [];
  exit(code: number): never {
    this.exits.push(code);
    return undefined as never;
  }
}

const progress = (iteration: number, iterations = 10) => ({ iteration, iterations });

describe('stopFitOnSignals (arming)', () => {
  it('installs no handler before training, so the default action ends reading and preparing at once', () => {
    const fake = new FakeProcess();
    stopFitOnSignals({ control: new TrainingControl(), log: () => undefined, process: fake });
    expect(fake.listenerCount('SIGTERM') + fake.listenerCount('SIGINT')).toBe(0);
  });

  it('while training the first signal cancels the loop; a second one, or the grace time, exits', async () => {
    const fake = new FakeProcess();
    const control = new TrainingControl();
    const lines: string[] = [];
    const signals = stopFitOnSignals({ control, log: (line) => lines.push(line), process: fake, graceMs: 50 });
    const seen: number[] = [];
    const onProgress = signals.watch((p) => seen.push(p.iteration));
    onProgress(progress(1));
    expect(seen).toEqual([1]);
    expect(fake.listenerCount('SIGTERM')).toBe(1);
    fake.emit('SIGTERM', 'SIGTERM');
    expect(control.requested).toBe('cancel');
    expect(signals.stopping).toBe(true);
    expect(fake.exits).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fake.exits).toEqual([143]);
    fake.emit('SIGINT', 'SIGINT');
    expect(fake.exits).toEqual([143, 130]);
    expect(lines.join('\n')).toMatch(/SIGTERM: stopping after this iteration with a checkpoint[\s\S]*last checkpoint written is kept/);
    signals.dispose();
  });

  it('the last iteration disarms (evaluation runs with the default action) and dispose removes everything', () => {
    const fake = new FakeProcess();
    const signals = stopFitOnSignals({ control: new TrainingControl(), log: () => undefined, process: fake });
    const onProgress = signals.watch();
    onProgress(progress(3));
    onProgress(progress(4));
    expect(fake.listenerCount('SIGINT')).toBe(1);
    onProgress(progress(10));
    expect(fake.listenerCount('SIGINT') + fake.listenerCount('SIGTERM')).toBe(0);
    onProgress(progress(5));
    signals.dispose();
    expect(fake.listenerCount('SIGINT') + fake.listenerCount('SIGTERM')).toBe(0);
  });

  it('uses the shell exit codes of the signals', () => {
    expect([signalExitCode('SIGINT'), signalExitCode('SIGTERM')]).toEqual([130, 143]);
  });
});

interface Stopped {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From the signal to the exit event. */
  afterSignalMs: number;
  stderr: string;
}

/** Starts the fit, sends `signal` when a stderr line matches `when`, and measures how long the process outlives it. */
function fitStoppedBy(args: string[], when: RegExp, signal: NodeJS.Signals): Promise<Stopped> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sentAt: number | null = null;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (sentAt === null && when.test(stderr)) {
        sentAt = performance.now();
        child.kill(signal);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, exitSignal) => {
      if (sentAt === null) reject(new Error(`the fit ended before ${when} appeared:\n${stderr}`));
      else {
        const afterSignalMs = performance.now() - sentAt;
        // Kept in the test log: these are the numbers docs/benchmarks.md records.
        console.info(`${signal} at ${when}: exited ${afterSignalMs.toFixed(0)} ms after the signal (code ${code}, signal ${exitSignal})`);
        resolve({ code, signal: exitSignal, afterSignalMs, stderr });
      }
    });
  });
}

describe('pathreg fit ends on a signal at any stage', () => {
  let folder: string;
  let large: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'pathreg-signals-'));
    large = path.join(folder, 'large.h5ad');
    // Large enough that reading and preparing take seconds here, small enough to write in a few.
    await generateLargeH5ad({ path: large, cells: 12_000, genes: 4_000, seed: 7, density: 0.07 });
  }, 120_000);

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const h5adArgs = (out: string) => ['--data', large, '--time', 'dpt_pseudotime', '--iterations', '50', '--out', path.join(folder, out)];

  it('SIGTERM while reading the h5ad', async () => {
    const stopped = await fitStoppedBy(h5adArgs('reading'), /stage: start/, 'SIGTERM');
    expect(stopped.signal).toBe('SIGTERM');
    expect(stopped.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
  }, 120_000);

  it('SIGINT (Ctrl-C) while preparing (normalising, choosing genes)', async () => {
    const stopped = await fitStoppedBy(h5adArgs('preparing'), /opened h5ad data/, 'SIGINT');
    expect(stopped.signal).toBe('SIGINT');
    expect(stopped.stderr).not.toMatch(/iteration 1\//);
    expect(stopped.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
  }, 120_000);

  it('SIGTERM while training stops after the iteration and leaves a checkpoint that --resume reads', async () => {
    const out = path.join(folder, 'training');
    const stopped = await fitStoppedBy(['--data', EXAMPLE, '--iterations', '5000', '--out', out], /iteration 3\//, 'SIGTERM');
    expect(stopped.afterSignalMs).toBeLessThan(EXIT_WITHIN_MS);
    expect(stopped.stderr).toMatch(/SIGTERM: stopping after this iteration with a checkpoint/);
    // Either the loop returned (130) or the grace time ended it (143); both leave the last checkpoint on disk.
    expect([130, 143]).toContain(stopped.code);
    const checkpoint = await readCheckpoint(path.join(out, 'checkpoint.bin'));
    expect(checkpoint.iteration).toBeGreaterThanOrEqual(3);
    expect(checkpoint.iteration).toBeLessThan(5000);
  }, 180_000);
});

/** True once src-main/cli/commands/fit.ts uses this module (the wiring the lead adds; see the issue 15 report). */
function fitCommandWired(): boolean {
  return readFileSync(path.join(REPO, 'src-main/cli/commands/fit.ts'), 'utf8').includes('stopFitOnSignals');
}

describe.skipIf(!fitCommandWired())('the pathreg command itself', () => {
  it('`timeout -s TERM 5 pathreg fit …` on a large file exits within 2 s of the signal', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'pathreg-timeout-'));
    try {
      const large = path.join(folder, 'large.h5ad');
      await generateLargeH5ad({ path: large, cells: 12_000, genes: 4_000, seed: 7, density: 0.07 });
      const started = performance.now();
      const run = spawnSync(
        'timeout',
        [
          '-s',
          'TERM',
          '5',
          process.execPath,
          'bin/pathreg.mjs',
          'fit',
          '--data',
          large,
          '--time',
          'dpt_pseudotime',
          '--out',
          path.join(folder, 'out'),
        ],
        { cwd: REPO, encoding: 'utf8' },
      );
      const seconds = (performance.now() - started) / 1000;
      expect(run.status).toBe(124);
      expect(seconds).toBeLessThan(7);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
