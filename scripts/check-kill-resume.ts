/**
 * Kill -9 at random moments, then --resume: the run folder must equal an uninterrupted run's (issue 15).
 * Trains a small fit straight through, then the same fit killed with SIGKILL at N random moments (each time resumed
 * with --resume until it completes), and compares metrics (all but the run's circumstances), edges.csv,
 * checkpoint.bin's numbers and history.csv. Prints one line per kill and a verdict; exits 1 on any difference.
 *
 *   npx tsx scripts/check-kill-resume.ts [--kills 10] [--seed 1]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCheckpoint } from '../src-main/engine/training/checkpoint.ts';
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { RUN_RECORD_CIRCUMSTANCES } from '../src-shared/contract/run-record.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const kills = option('kills', 10);
const random = new SeededRandom(option('seed', 1));

// Small enough to finish in seconds, long enough (many checkpoints) that kills land in training as well as in reading.
const FIT = [
  'fit',
  '--data',
  path.join(root, 'resources/examples/hematopoiesis'),
  '--train',
  '12',
  '--test',
  '21',
  '--lineages',
  'eryth',
  '--hidden',
  '8,8',
  '--iterations',
  '400',
  '--checkpoint-every',
  '25',
  '--engine',
  'wasm',
  '--seed',
  '3',
];

function run(args: string[], killAfterMs: number | null): Promise<{ code: number | null; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/pathreg.mjs'), ...args], { stdio: 'ignore' });
    let killed = false;
    const timer = killAfterMs === null ? null : setTimeout(() => ((killed = true), child.kill('SIGKILL')), killAfterMs);
    child.on('exit', (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code, killed });
    });
  });
}

async function folderState(folder: string) {
  const metrics = JSON.parse(await readFile(path.join(folder, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  for (const key of [...RUN_RECORD_CIRCUMSTANCES, 'notes']) delete metrics[key];
  const checkpoint = await readCheckpoint(path.join(folder, 'checkpoint.bin'));
  return {
    metrics: JSON.stringify(metrics),
    edges: await readFile(path.join(folder, 'edges.csv'), 'utf8'),
    history: await readFile(path.join(folder, 'history.csv'), 'utf8'),
    parameters: Buffer.from(checkpoint.parameters.buffer).toString('base64'),
  };
}

const work = await mkdtemp(path.join(tmpdir(), 'pathreg-kill-resume-'));
try {
  const straight = path.join(work, 'straight');
  const started = performance.now();
  const first = await run([...FIT, '--out', straight], null);
  if (first.code !== 0) throw new Error(`the uninterrupted run failed (exit ${first.code})`);
  const wholeMs = performance.now() - started;
  const expected = await folderState(straight);
  process.stdout.write(`uninterrupted run: ${(wholeMs / 1000).toFixed(1)} s\n`);

  const killed = path.join(work, 'killed');
  let done = false;
  for (let k = 0; k < kills || !done; k++) {
    const resume = existsSync(path.join(killed, 'checkpoint.bin')) ? ['--resume'] : [];
    const after = k < kills ? Math.round(300 + random.uniform() * wholeMs * 0.9) : null;
    const outcome = await run([...FIT, '--out', killed, ...resume], after);
    done = !outcome.killed && outcome.code === 0;
    process.stdout.write(
      `kill ${k + 1}: ${outcome.killed ? `SIGKILL after ${after} ms` : `exit ${outcome.code}`}${resume.length ? ' (resumed)' : ''}\n`,
    );
    if (!outcome.killed && outcome.code !== 0) throw new Error(`a resumed run failed with exit ${outcome.code}`);
  }
  const actual = await folderState(killed);
  const differing = (Object.keys(expected) as Array<keyof typeof expected>).filter((key) => expected[key] !== actual[key]);
  if (differing.length > 0) {
    process.stdout.write(`DIFFERENT after ${kills} kills: ${differing.join(', ')}\n`);
    if (differing.includes('metrics')) {
      const [a, b] = [JSON.parse(expected.metrics), JSON.parse(actual.metrics)] as Array<Record<string, unknown>>;
      for (const key of Object.keys(a)) {
        if (JSON.stringify(a[key]) !== JSON.stringify(b[key]))
          process.stdout.write(`  ${key}: ${JSON.stringify(a[key])} vs ${JSON.stringify(b[key])}\n`);
      }
    }
    process.exitCode = 1;
  } else {
    process.stdout.write(`equal after ${kills} kills: metrics, edges.csv, checkpoint parameters and history.csv\n`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
