import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { choiceOption, formatOptionHelp, parseOptions, type OptionSpec } from '../option-parser.ts';
import type { DatasetSummary } from '../../data/dataset.ts';
import { DATASET_FORMATS } from '../../data/open-dataset.ts';
import { ReaderWorker } from '../../data/reader-worker.ts';

const ORIENTATIONS = ['cells-by-genes', 'genes-by-cells'] as const;

const OPTIONS: OptionSpec[] = [
  { name: 'format', value: 'FORMAT', defaultText: 'detected', help: `read the file as this format: ${DATASET_FORMATS.join(', ')}` },
  {
    name: 'orientation',
    value: 'ORIENTATION',
    defaultText: 'detected',
    help: 'CSV/TSV only: cells-by-genes (one row per cell) or genes-by-cells',
  },
];

const HELP = [
  'Usage: pathreg inspect FILE [--format FORMAT] [--orientation ORIENTATION]',
  '',
  'Prints what FILE holds as JSON, without loading the whole matrix: format, cells, genes, sparsity, the kind of',
  'values (counts, normalized, log-normalized, scaled) with the reason, obs and var columns with their types and',
  'category levels, layers, obsm embeddings and notes. FILE is an .h5ad, .loom, 10x .h5, a 10x folder, a CSV/TSV',
  "table (optionally .gz), a BEELINE folder or the paper's trajectory tables.",
  '',
  'Options:',
  formatOptionHelp(OPTIONS),
  '',
].join('\n');

/** The JSON `pathreg inspect` prints: snake_case keys, as the issue specifies (value_kind, …). */
export function summaryAsJson(summary: DatasetSummary): Record<string, unknown> {
  return {
    format: summary.format,
    path: summary.path,
    cells: summary.cells,
    genes: summary.genes,
    sparsity: summary.sparsity,
    value_kind: summary.valueKind,
    value_kind_reason: summary.valueKindReason,
    obs: summary.obs.map((c) => ({ name: c.name, type: c.type, levels: c.levels ?? null })),
    var: summary.var.map((c) => ({ name: c.name, type: c.type, levels: c.levels ?? null })),
    layers: summary.layers,
    obsm: summary.obsm ?? [],
    notes: summary.notes ?? [],
  };
}

/** `pathreg inspect FILE`: the data set's summary as JSON, read in the reader worker. */
export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'print what a data file holds as JSON (cells, genes, format, value_kind, obs columns), without loading it',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--') && !argv[i - 1].includes('=')));
    if (positional.length !== 1)
      throw new UsageError(`needs exactly one FILE to inspect, got ${positional.length} (pathreg inspect --help).`);
    const path = positional[0];
    const options = parseOptions(
      'inspect',
      argv.filter((a) => a !== path),
      OPTIONS,
    );
    const formatText = options.get('format');
    const orientationText = options.get('orientation');
    const format = typeof formatText === 'string' ? choiceOption('format', formatText, DATASET_FORMATS) : undefined;
    const orientation = typeof orientationText === 'string' ? choiceOption('orientation', orientationText, ORIENTATIONS) : undefined;
    const reader = new ReaderWorker({ timeoutMs: 10 * 60_000 });
    try {
      const summary = await reader.inspect(path, { format, orientation });
      process.stdout.write(`${JSON.stringify(summaryAsJson(summary), null, 2)}\n`);
      return 0;
    } finally {
      await reader.terminate();
    }
  },
};
