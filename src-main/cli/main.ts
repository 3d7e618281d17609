/**
 * `pathreg` command-line entry: dispatches to one module per subcommand. Errors are one line for the user;
 * PATHREG_DEBUG=1 adds the stack trace for developers.
 */
import { UsageError, type Command } from './command.ts';
import { packageVersion } from '../run/package-version.ts';

/**
 * A command whose module is imported only when it runs: the engines, readers and figure code behind the commands
 * load TF.js, h5wasm and jsdom, seconds of start-up that `pathreg --help` and `pathreg inspect` should not pay.
 * The summary is the module's own (test/src-main/cli/main.test.ts checks they agree).
 */
function lazyCommand(name: string, summary: string, load: () => Promise<Command>): Command {
  return { name, summary, run: async (argv) => (await load()).run(argv) };
}

/** Every subcommand; add a new one with one line here. */
export const COMMANDS: Command[] = [
  lazyCommand(
    'fit',
    'train PathReg on trajectory tables; writes metrics.json, edges.csv and checkpoints',
    async () => (await import('./commands/fit.ts')).fitCommand,
  ),
  lazyCommand(
    'inspect',
    'print what a data file holds as JSON (cells, genes, format, value_kind, obs columns), without loading it',
    async () => (await import('./commands/inspect.ts')).inspectCommand,
  ),
  lazyCommand(
    'engines',
    'list the training engines as JSON [{name, available, reason}], fastest first',
    async () => (await import('./commands/engines.ts')).enginesCommand,
  ),
  lazyCommand(
    'serve',
    'open the app in a browser: serves it on 127.0.0.1 with a private access token',
    async () => (await import('./commands/serve.ts')).serveCommand,
  ),
  lazyCommand(
    'export',
    'write the network (CSV, GraphML, Cytoscape, BEELINE, …), a figure (SVG/PNG/PDF) or the HTML report of a run',
    async () => (await import('./commands/export.ts')).exportCommand,
  ),
  lazyCommand(
    'score',
    "score a run's network against known regulators (BEELINE refNetwork.csv): AUPRC, AUROC, early precision",
    async () => (await import('./commands/score.ts')).scoreCommand,
  ),
  lazyCommand(
    'perturb',
    "knock genes out, down or up in a trained run's model and rank how every other gene responds",
    async () => (await import('./commands/perturb.ts')).perturbCommand,
  ),
  lazyCommand(
    'sweep',
    'many fits over λ, seeds, subsamples of cells and permuted-time nulls, here or on Slurm; resumable',
    async () => (await import('./commands/sweep.ts')).sweepCommand,
  ),
  lazyCommand(
    'sweep-task',
    'run one task of a sweep into its run folder (what the local pool and Slurm array jobs start)',
    async () => (await import('./commands/sweep-task.ts')).sweepTaskCommand,
  ),
];

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'pathreg: train sparse neural ODEs (PathReg) on single-cell trajectories and read the gene regulatory network.',
    '',
    'Usage: pathreg <command> [options]      pathreg <command> --help for its options',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${await packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`pathreg: unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')} (pathreg --help).\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    reportError(command.name, error);
    return error instanceof UsageError ? 2 : 1;
  }
}

function reportError(command: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`pathreg ${command}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (process.env.PATHREG_DEBUG === '1' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}
