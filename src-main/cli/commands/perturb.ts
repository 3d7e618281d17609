import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { formatOptionHelp, parseOptions, repeatedValues, type OptionSpec } from '../option-parser.ts';
import { packageVersion } from '../../run/package-version.ts';
import { writeFileAtomic } from '../../files/atomic-write.ts';
import { readRunFolder } from '../../export/run-folder-reader.ts';
import { perturbationFiles } from '../../export/perturbation-export.ts';
import { readPerturbableRun } from '../../perturb/perturbable-run.ts';
import { perturbModel } from '../../perturb/perturb-model.ts';
import { PerturbationInputError, type GenePerturbation, type PerturbationStarts } from '../../perturb/perturbation.ts';
import type { PerturbationResult } from '../../../src-shared/contract/perturbation.ts';

export const PERTURB_OPTIONS: OptionSpec[] = [
  { name: 'knockout', value: 'GENE[,GENE…]', help: 'hold these genes at 0 (rate 0); may be repeated', repeatable: true },
  {
    name: 'knockdown',
    value: 'GENE=FACTOR[,…]',
    help: 'make the gene follow FACTOR × its wild-type course (0 ≤ FACTOR < 1, e.g. KLF1=0.5); may be repeated',
    repeatable: true,
  },
  {
    name: 'overexpress',
    value: 'GENE=LEVEL[,…]',
    help: 'hold the gene at LEVEL on its trained scale (0 = its lowest, 1 = its highest level in the training cells); may be repeated',
    repeatable: true,
  },
  {
    name: 'from-cells',
    value: 'TRAJECTORY:CELL[,…]',
    help: "start from these cells' states (e.g. eryth_12:40, cells counted from 0 as trajectories.json lists them) instead of each lineage's initial state",
  },
  { name: 'top', value: 'N', defaultText: '10', help: 'responders printed per start' },
  {
    name: 'out',
    value: 'DIR',
    help: 'folder for responders.csv, responders.json, difference-curves.csv and the figures (SVG, PDF); required',
  },
];

const HELP = [
  'Usage: pathreg perturb RUN_DIR --knockout GATA1 [--knockdown KLF1=0.5] [--overexpress SPI1=1.2] --out DIR',
  '',
  "In-silico perturbation: integrates the run's trained model (the trajectory method's network or the velocity",
  "method's field) from each training lineage's initial state, wild type and perturbed side by side (Dormand–Prince",
  '5(4), float64, on the CPU), and ranks every gene by its response.',
  '',
  '  effect      signed area between the perturbed and the wild-type curve over pseudotime (scaled to 0–1): the',
  "              gene's average change along the trajectory on its trained scale (0 = its lowest, 1 = its highest",
  '              level in the training cells); −0.2 = 0.2 of its observed range lower than the wild type on average',
  "  shift       how far each lineage's end state moves, and towards which other lineage's end",
  '',
  'Writes responders.csv (one row per gene and start, strongest responder first), responders.json (provenance,',
  'what each column means, the shifts), difference-curves.csv (every gene at 101 pseudotimes), and',
  'perturbation-trajectories.{svg,pdf} and perturbation-network.{svg,pdf}.',
  '',
  'Options:',
  formatOptionHelp(PERTURB_OPTIONS),
  '',
].join('\n');

function pairs(option: string, values: string[]): Array<[string, number]> {
  return values
    .flatMap((v) => v.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const eq = item.lastIndexOf('=');
      const value = eq > 0 ? Number(item.slice(eq + 1)) : Number.NaN;
      if (eq <= 0 || item.slice(eq + 1).trim() === '' || !Number.isFinite(value))
        throw new UsageError(`--${option} takes GENE=NUMBER (like KLF1=0.5), got "${item}".`);
      return [item.slice(0, eq).trim(), value] as [string, number];
    });
}

/** The perturbations the options name, in the order given. */
export function perturbationsFromOptions(options: Map<string, string | true>): GenePerturbation[] {
  const out: GenePerturbation[] = [];
  for (const gene of repeatedValues(options, 'knockout').flatMap((v) => v.split(',')))
    if (gene.trim() !== '') out.push({ gene: gene.trim(), kind: 'knockout', value: 0 });
  for (const [gene, value] of pairs('knockdown', repeatedValues(options, 'knockdown'))) out.push({ gene, kind: 'knockdown', value });
  for (const [gene, value] of pairs('overexpress', repeatedValues(options, 'overexpress')))
    out.push({ gene, kind: 'overexpression', value });
  if (out.length === 0)
    throw new UsageError(
      'name at least one gene: --knockout GENE, --knockdown GENE=FACTOR or --overexpress GENE=LEVEL (pathreg perturb --help).',
    );
  return out;
}

export function startsFromOption(raw: string | true | undefined): PerturbationStarts {
  if (raw === undefined) return { kind: 'lineages' };
  if (raw === true) throw new UsageError('--from-cells takes TRAJECTORY:CELL (like eryth_12:40).');
  return {
    kind: 'cells',
    cells: raw.split(',').map((item) => {
      const colon = item.lastIndexOf(':');
      const cell = Number(item.slice(colon + 1));
      if (colon <= 0 || !Number.isInteger(cell))
        throw new UsageError(`--from-cells takes TRAJECTORY:CELL (like eryth_12:40), got "${item}".`);
      return { trajectory: item.slice(0, colon), cell };
    }),
  };
}

/** What the terminal shows: per start the top responders and the end-state shift. */
export function perturbationSummary(result: PerturbationResult, top: number): string {
  const f = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(3);
  const lines = [
    `${result.description} (${result.method} model, ${result.solve.steps} Dormand–Prince steps, ${result.solve.seconds.toFixed(2)} s)`,
  ];
  result.starts.forEach((start, s) => {
    const ranked = result.responses
      .filter((r) => !r.perturbed)
      .sort((a, b) => a.ranksByStart[s] - b.ranksByStart[s])
      .slice(0, top);
    lines.push('', `${start.name}: ${ranked.map((r) => `${r.gene} ${f(r.effects[s])}`).join(', ')}`, `  ${result.shifts[s].summary}`);
  });
  lines.push('', `effect: ${result.effectMeaning}`);
  return lines.join('\n');
}

/** `pathreg perturb RUN_DIR --knockout GENE --out DIR`: in-silico perturbation of a trained run. */
export const perturbCommand: Command = {
  name: 'perturb',
  summary: "knock genes out, down or up in a trained run's model and rank how every other gene responds",
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    const valued = new Set(PERTURB_OPTIONS.filter((o) => o.value).map((o) => `--${o.name}`));
    const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && valued.has(argv[i - 1])));
    if (positional.length !== 1)
      throw new UsageError(
        `needs exactly one RUN_DIR (the folder \`pathreg fit --out\` wrote), got ${positional.length} (pathreg perturb --help).`,
      );
    const runDir = positional[0];
    const options = parseOptions(
      'perturb',
      argv.filter((a) => a !== runDir),
      PERTURB_OPTIONS,
    );
    const out = options.get('out');
    if (typeof out !== 'string')
      throw new UsageError('--out DIR is required: the folder for the table and figures (pathreg perturb --help).');
    const topRaw = options.get('top');
    const top = typeof topRaw === 'string' ? Number(topRaw) : 10;
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top takes a whole number of genes ≥ 1, got "${String(topRaw)}".`);
    const perturbations = perturbationsFromOptions(options);
    const starts = startsFromOption(options.get('from-cells'));
    let model;
    let computed;
    try {
      model = await readPerturbableRun(runDir, `the run in "${runDir}"`);
      computed = perturbModel(model, perturbations, starts);
    } catch (error) {
      // Facts about the input, worded for the user: one message, no stack.
      if (error instanceof PerturbationInputError) throw new UsageError(error.message);
      throw error;
    }
    const run = await readRunFolder(runDir, await packageVersion());
    const files = await perturbationFiles(run, computed.result, computed.simulation, { command: `pathreg perturb ${argv.join(' ')}` });
    await mkdir(out, { recursive: true });
    for (const file of files) await writeFileAtomic(path.join(out, file.name), file.bytes, { overwrite: true });
    process.stdout.write(`${perturbationSummary(computed.result, top)}\n\nwrote ${files.map((f) => f.name).join(', ')} to "${out}"\n`);
    return 0;
  },
};
