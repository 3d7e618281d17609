import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/main.ts';
import { runCli } from './cli-harness.ts';

const launcher = fileURLToPath(new URL('../../../bin/pathreg.mjs', import.meta.url));

/** Runs bin/pathreg.mjs as a user would (through node, no build step); never throws on a non-zero exit. */
async function spawnCli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [launcher, ...args], {
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('pathreg dispatcher', () => {
  it('lists every command in --help', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS)
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command.name} +${command.summary.slice(0, 20).replace(/[()[\]]/g, '.')}`));
  });

  it("gives each command's own summary although its module loads only when it runs", async () => {
    const modules = await Promise.all([
      import('../../../src-main/cli/commands/fit.ts').then((m) => m.fitCommand),
      import('../../../src-main/cli/commands/inspect.ts').then((m) => m.inspectCommand),
      import('../../../src-main/cli/commands/engines.ts').then((m) => m.enginesCommand),
      import('../../../src-main/cli/commands/serve.ts').then((m) => m.serveCommand),
      import('../../../src-main/cli/commands/export.ts').then((m) => m.exportCommand),
      import('../../../src-main/cli/commands/score.ts').then((m) => m.scoreCommand),
      import('../../../src-main/cli/commands/perturb.ts').then((m) => m.perturbCommand),
      import('../../../src-main/cli/commands/sweep.ts').then((m) => m.sweepCommand),
      import('../../../src-main/cli/commands/sweep-task.ts').then((m) => m.sweepTaskCommand),
    ]);
    expect(COMMANDS.map((c) => [c.name, c.summary])).toEqual(modules.map((c) => [c.name, c.summary]));
  });

  it('names an unknown command and exits 2', async () => {
    const result = await runCli(['fitt']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command "fitt".*fit/);
  });

  it('runs through bin/pathreg.mjs with no build step: engines prints JSON, errors are one line without a stack unless PATHREG_DEBUG=1', async () => {
    const engines = await spawnCli(['engines']);
    expect(engines.code).toBe(0);
    const list = JSON.parse(engines.stdout) as Array<{ name: string; available: boolean; reason: string }>;
    expect(list.find((e) => e.name === 'tfjs')).toMatchObject({ available: true });
    for (const e of list) expect(typeof e.reason).toBe('string');

    const bad = await spawnCli(['fit', '--data', '/nonexistent/trajectories', '--iterations', '1']);
    expect(bad.code).toBe(1);
    const errors = bad.stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('pathreg fit:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/\/nonexistent\/trajectories/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const debug = await spawnCli(['fit', '--data', '/nonexistent/trajectories', '--iterations', '1'], { PATHREG_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
