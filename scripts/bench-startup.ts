/**
 * How long PathReg takes to answer, as a user starts it: `pathreg --help`, `pathreg inspect` of a two-line CSV and
 * of hsmm.h5ad, and opening hsmm.h5ad by path in the browser shell (from the Open click to the "Opened"
 * confirmation, in Debian's chromium; every open starts a fresh reader worker in the server). Each is timed
 * from the TypeScript sources through tsx (what every start cost before the bundle) and from the bundle in
 * dist/cli, alternating the two so that the machine's load falls on both alike.
 * Prints a Markdown table of medians (with min–max) for docs/benchmarks.md.
 *
 *   npm run bench:startup                  # 5 runs of each (the issue's medians of 5)
 *   npm run bench:startup -- --runs 3 --skip-browser   # or --skip-commands: only the browser shell
 *   npm run bench:startup -- --before /tmp/pathreg-before   # also time another checkout (e.g. `git archive` of the
 *                                                           # commit before the bundle, node_modules linked in)
 *
 * The bundle must be fresh (npm run build:cli first); the script refuses to time a stale one.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { launchChromium } from '../e2e/chromium.ts';
import { optionNumber, optionText } from './command-line-options.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LAUNCHER = path.join(ROOT, 'bin', 'pathreg.mjs');
const HSMM = path.resolve(ROOT, '..', 'shared', 'data', 'hsmm', 'hsmm.h5ad');
type Mode = 'before' | 'source' | 'bundle';

const runs = optionNumber('runs', 5);
const skipBrowser = process.argv.includes('--skip-browser');
const skipCommands = process.argv.includes('--skip-commands');
const beforeRoot = optionText('before');
const MODES: Mode[] = beforeRoot ? ['before', 'source', 'bundle'] : ['source', 'bundle'];
const MODE_TITLES: Record<Mode, string> = {
  before: `before: ${beforeRoot ?? ''} (its own launcher)`,
  source: 'TypeScript sources through tsx (PATHREG_FROM_SOURCE=1)',
  bundle: 'bundle in dist/cli (after)',
};

function modeEnv(mode: Mode): NodeJS.ProcessEnv {
  return { ...process.env, PATHREG_FROM_SOURCE: mode === 'source' ? '1' : '0' };
}

function launcher(mode: Mode): string {
  return mode === 'before' ? path.join(path.resolve(beforeRoot!), 'bin', 'pathreg.mjs') : LAUNCHER;
}

/** `pathreg serve` of the mode's checkout, resolved once it prints its address with the token. */
async function startServe(mode: Mode): Promise<{ url: string; stop(): Promise<void> }> {
  const sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-bench-session-'));
  const child = spawn(process.execPath, [launcher(mode), 'serve', '--session-dir', sessionDir], {
    cwd: path.dirname(path.dirname(launcher(mode))),
    env: modeEnv(mode),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`pathreg serve (${mode}) exited with ${code}:\n${output}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(sessionDir, { recursive: true, force: true });
    },
  };
}

/** Seconds for one `node bin/pathreg.mjs ARGS`, failing loudly on a non-zero exit or a stale-bundle note. */
async function timeCommand(mode: Mode, args: string[]): Promise<number> {
  const started = performance.now();
  const { stderr } = await promisify(execFile)(process.execPath, [launcher(mode), ...args], { env: modeEnv(mode), maxBuffer: 1 << 26 });
  const elapsed = (performance.now() - started) / 1000;
  if (mode === 'bundle' && /running the TypeScript sources/.test(stderr)) {
    throw new Error(`The bundle in dist/cli is stale (${stderr.trim()}): run npm run build:cli first.`);
  }
  return elapsed;
}

/** Seconds from the Open click to the "Opened" confirmation, each time in a freshly loaded page of one server per mode. */
async function timeBrowserOpen(mode: Mode, count: number): Promise<{ serverStart: number; opens: number[] }> {
  const started = performance.now();
  const serve = await startServe(mode);
  const serverStart = (performance.now() - started) / 1000;
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const opens: number[] = [];
    for (let i = 0; i < count; i++) {
      await page.goto(serve.url);
      await page.getByTestId(TEST_IDS.app.root).waitFor();
      await page.getByTestId(TEST_IDS.tab.data).click();
      await page.getByTestId(TEST_IDS.data.path).fill(HSMM);
      const clicked = performance.now();
      await page.getByTestId(TEST_IDS.data.open).click();
      // The confirmation, not the summary panel: after the first open the reloaded page already shows the summary
      // of the data set the session holds, before this open answers.
      await page.getByTestId(TEST_IDS.app.message).filter({ hasText: 'Opened "hsmm.h5ad"' }).waitFor({ timeout: 120_000 });
      opens.push((performance.now() - clicked) / 1000);
    }
    return { serverStart, opens };
  } finally {
    await browser.close();
    await serve.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function cell(values: number[]): string {
  return `${median(values).toFixed(2)} s (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'pathreg-bench-startup-'));
  const smallCsv = path.join(scratch, 'small.csv');
  await writeFile(smallCsv, 'cell,GATA1,SPI1\nc1,1,2\nc2,3,4\n');
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const cases: Array<{ name: string; args: string[] }> = [
    { name: '`pathreg --help`', args: ['--help'] },
    { name: '`pathreg inspect` two-line CSV', args: ['inspect', smallCsv] },
    { name: '`pathreg inspect` hsmm.h5ad (3.4 MB)', args: ['inspect', HSMM] },
  ];
  const results = new Map<string, Record<Mode, number[]>>();
  try {
    for (const { name, args } of skipCommands ? [] : cases) {
      const times: Record<Mode, number[]> = { before: [], source: [], bundle: [] };
      // Alternating source and bundle: a burst of load from other users slows both, not one.
      for (let i = 0; i < runs; i++) for (const mode of MODES) times[mode].push(await timeCommand(mode, args));
      results.set(name, times);
      process.stderr.write(`${name}: ${MODES.map((mode) => `${mode} ${cell(times[mode])}`).join(', ')}\n`);
    }
    if (!skipBrowser) {
      const server: Record<Mode, number[]> = { before: [], source: [], bundle: [] };
      const opens: Record<Mode, number[]> = { before: [], source: [], bundle: [] };
      for (const mode of MODES) {
        const measured = await timeBrowserOpen(mode, runs);
        server[mode].push(measured.serverStart);
        opens[mode].push(...measured.opens);
        process.stderr.write(
          `browser shell (${mode}): server ${measured.serverStart.toFixed(2)} s, opens ${measured.opens.map((s) => s.toFixed(2)).join(', ')}\n`,
        );
      }
      results.set('`pathreg serve` until it prints its address (1 run)', server);
      results.set('browser shell: Open hsmm.h5ad → "Opened" shown', opens);
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  const loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after.`,
    `Medians of ${runs} (min–max), the modes alternating run by run.`,
    '',
    `| what | ${MODES.map((mode) => MODE_TITLES[mode]).join(' | ')} |`,
    `| --- | ${MODES.map(() => '---').join(' | ')} |`,
    ...[...results].map(([name, times]) => `| ${name} | ${MODES.map((mode) => cell(times[mode])).join(' | ')} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
