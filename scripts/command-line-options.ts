/**
 * The benchmark and generator scripts' command lines: `--name value` options and the arguments left over. One
 * parser for all of them (they are developer tools; the CLI proper has its own, with validation and help).
 */
const ARGS = process.argv.slice(2);

/** The value after `--name`, or undefined when the option is absent. */
export function optionText(name: string): string | undefined {
  const at = ARGS.indexOf(`--${name}`);
  return at >= 0 ? ARGS[at + 1] : undefined;
}

/** The number after `--name`, or `fallback` when the option is absent. */
export function optionNumber(name: string, fallback: number): number {
  const text = optionText(name);
  return text === undefined ? fallback : Number(text);
}

/** The arguments that are neither `--options` nor their values. */
export function positionalArguments(): string[] {
  return ARGS.filter((a, i) => !a.startsWith('--') && !(i > 0 && ARGS[i - 1].startsWith('--')));
}
