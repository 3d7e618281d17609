/**
 * `pathreg` command-line entry: dispatches to one module per subcommand. Errors are one line for the user;
 * PATHREG_DEBUG=1 adds the stack trace for developers.
 */
import { UsageError, type Command } from './command.ts';
import { enginesCommand } from './commands/engines.ts';
import { exportCommand } from './commands/export.ts';
import { fitCommand } from './commands/fit.ts';
import { packageVersion } from '../run/package-version.ts';
import { serveCommand } from './commands/serve.ts';
import { inspectCommand } from './commands/inspect.ts';
import { scoreCommand } from './commands/score.ts';

/** Every subcommand; add a new one with one line here. */
export const COMMANDS: Command[] = [fitCommand, inspectCommand, enginesCommand, serveCommand, exportCommand, scoreCommand];

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
