/**
 * A small strict option parser: `--name value`, `--name=value` and flags. Every mistake is a UsageError that names
 * the option and says what is allowed, because the people typing these are biologists, not CLI experts.
 */
import { UsageError } from './command.ts';

export interface OptionSpec {
  name: string;
  /** Placeholder for the value in help (e.g. "N", "PATH"); absent for a flag. */
  value?: string;
  /** The default as shown in help; absent when there is none. */
  defaultText?: string;
  help: string;
  /** May be given more than once (`--root A --root B`); read its values with `repeatedValues`. */
  repeatable?: boolean;
}

export type ParsedOptions = Map<string, string | true>;

/** Joins the values of a repeatable option inside the map; argv strings cannot hold NUL, so it never splits one. */
const REPEAT_SEPARATOR = '\0';

/** Every value of a repeatable option, in the order given; empty when it was not given. */
export function repeatedValues(options: ParsedOptions, name: string): string[] {
  const value = options.get(name);
  return typeof value === 'string' ? value.split(REPEAT_SEPARATOR) : [];
}

export function parseOptions(command: string, argv: string[], specs: OptionSpec[]): ParsedOptions {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const parsed: ParsedOptions = new Map();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      throw new UsageError(`unexpected argument "${arg}": every setting is an option like --data PATH (pathreg ${command} --help).`);
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name} (pathreg ${command} --help lists the options).`);
    if (parsed.has(name) && !spec.repeatable) throw new UsageError(`--${name} is given twice; give it once.`);
    if (!spec.value) {
      if (eq >= 0) throw new UsageError(`--${name} is a switch and takes no value.`);
      parsed.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      // A negative number is a value, another option is not.
      if (value !== undefined && value.startsWith('--')) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value: --${name} ${spec.value}.`);
    const earlier = parsed.get(name);
    parsed.set(name, typeof earlier === 'string' ? `${earlier}${REPEAT_SEPARATOR}${value}` : value);
  }
  return parsed;
}

export function formatOptionHelp(specs: OptionSpec[]): string {
  const left = specs.map((s) => `  --${s.name}${s.value ? ` ${s.value}` : ''}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  return specs
    .map((s, i) => {
      const text = s.defaultText !== undefined ? `${s.help} (default: ${s.defaultText})` : s.help;
      return `${left[i].padEnd(width)}${text}`;
    })
    .join('\n');
}

/** An integer in [min, max]; the message names the option and the range. */
export function integerOption(name: string, raw: string, min: number, max: number): number {
  const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, got "${raw}".`,
    );
  }
  return value;
}

/** A finite number in the range; `minExclusive` makes the lower bound strict (e.g. a tolerance must be > 0). */
export function numberOption(name: string, raw: string, range: { min: number; max: number; minExclusive?: boolean }): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const low = range.minExclusive ? value <= range.min : value < range.min;
  if (!Number.isFinite(value) || low || value > range.max) {
    const lower = range.minExclusive ? `greater than ${range.min}` : `at least ${range.min}`;
    throw new UsageError(`--${name} must be a number ${lower} and at most ${range.max}, got "${raw}".`);
  }
  return value;
}

export function choiceOption<T extends string>(name: string, raw: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(raw)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${raw}".`);
  return raw as T;
}

/** A comma-separated list of non-empty entries; names (donors, lineages) must not repeat, sizes may. */
export function listOption(name: string, raw: string, allowRepeats = false): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(`--${name} must be a comma-separated list without empty entries (like 21,36,11), got "${raw}".`);
  if (allowRepeats) return items;
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item)) throw new UsageError(`--${name} lists "${item}" twice.`);
    seen.add(item);
  }
  return items;
}
