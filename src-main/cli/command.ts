/** One `pathreg` subcommand: a module in src-main/cli/commands/ added to the list in main.ts. */
export interface Command {
  name: string;
  /** One line for `pathreg --help`. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit status. */
  run(argv: string[]): Promise<number>;
}

/**
 * A mistake in how the command was called (unknown option, value out of range). Printed as one line and exits with
 * status 2, the Unix convention for usage errors; every other error exits with 1.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}
