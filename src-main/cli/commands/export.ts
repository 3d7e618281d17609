/**
 * `pathreg export RUN_DIR --format F --out FILE`: networks (csv, tsv, beeline, sif, graphml, cyjs, cx2, adjacency),
 * figures (svg, png, pdf) and the HTML report from a `pathreg fit` output folder, without the GUI. Every file
 * carries its provenance and is written atomically.
 */
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import {
  choiceOption,
  formatOptionHelp,
  integerOption,
  listOption,
  numberOption,
  parseOptions,
  type OptionSpec,
} from '../option-parser.ts';
import { exportNetwork, isNetworkFormat, NETWORK_FORMATS } from '../../export/network-export.ts';
import type { EdgeSelection } from '../../export/network-data.ts';
import { readRunFolder } from '../../export/run-folder-reader.ts';
import { appVersion } from '../../export/app-version.ts';
import {
  exportFigure,
  naturalFigureHeight,
  FIGURE_FORMATS,
  FIGURE_KINDS,
  isFigureFormat,
  type FigureKind,
} from '../../export/figure-export.ts';
import { exportReport } from '../../export/html-report.ts';
import { ensureFittedTrajectories } from '../../export/run-trajectories.ts';
import { readSweepNetwork } from '../../export/sweep-network.ts';
import { SETTING_LIMITS } from '../../../src-shared/run-config.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../../sweep/sweep-manifest.ts';

const FORMATS = [...NETWORK_FORMATS, ...FIGURE_FORMATS, 'html'] as const;

/** Formats with a peak_pseudotime node attribute (and the report, which shows the trajectories). */
const PEAK_FORMATS: ReadonlySet<string> = new Set(['graphml', 'cyjs', 'cx2', 'html']);

const OPTIONS: OptionSpec[] = [
  { name: 'format', value: 'FORMAT', help: `what to write: ${FORMATS.join(', ')}` },
  { name: 'out', value: 'FILE', help: 'file to write (its folder must exist)' },
  { name: 'figure', value: 'NAME', defaultText: 'network', help: `figure for svg/png/pdf: ${FIGURE_KINDS.join(', ')}` },
  {
    name: 'genes',
    value: 'LIST',
    defaultText: 'the four strongest regulators',
    help: 'genes of the trajectories figure, comma-separated (e.g. GATA1,KLF1)',
  },
  { name: 'top-k', value: 'N', help: 'keep only the N strongest edges (networks, network figure)' },
  { name: 'threshold', value: 'W', help: 'keep only edges with weight >= W (networks, network figure)' },
  { name: 'width', value: 'W', defaultText: '89 (one journal column; 183 for two)', help: 'figure width, in --unit' },
  { name: 'height', value: 'H', defaultText: 'the width × 0.75', help: 'figure height, in --unit' },
  { name: 'unit', value: 'UNIT', defaultText: 'mm', help: 'unit of --width/--height: mm or in' },
  { name: 'dpi', value: 'N', defaultText: '300', help: 'PNG resolution: 150, 300 or 600' },
  { name: 'background', value: 'B', defaultText: 'white', help: 'PNG/SVG/PDF background: white or transparent' },
  {
    name: 'lambda',
    value: 'λ',
    defaultText: "the sweep's only λ",
    help: 'for a sweep folder (pathreg sweep --out): the λ whose consensus network to write',
  },
  { name: 'force', help: 'replace FILE if it already exists' },
  { name: 'help', help: 'show this help' },
];

export function exportHelp(): string {
  return [
    'Usage: pathreg export RUN_DIR --format FORMAT --out FILE [options]',
    '',
    'Writes the network, a figure or the HTML report of a `pathreg fit --out RUN_DIR` folder. Every file records',
    'the app version, engine, seed, every parameter, the input files with their SHA-256 and the date (for CSV, TSV,',
    'adjacency, BEELINE and SIF it goes to FILE.provenance.json, so tables keep their header on line 1). Files are',
    'written atomically; an existing FILE is kept unless --force is given.',
    '',
    'Given a sweep folder (pathreg sweep --out DIR), it writes the consensus network at --lambda in any network',
    "format, with each edge's confidence (selection frequency), FDR, null frequency, mean weight and fits selecting",
    "it (for SIF and adjacency in FILE.edge-attributes.csv) and the whole sweep's grid, data SHA-256 and tasks.",
    '',
    'Options:',
    formatOptionHelp(OPTIONS),
    '',
  ].join('\n');
}

/** Splits off the one positional argument (RUN_DIR), wherever it stands among the options. */
function splitRunDir(argv: string[]): { runDir: string | undefined; options: string[] } {
  const takesValue = new Set(OPTIONS.filter((o) => o.value).map((o) => o.name));
  const positional: string[] = [];
  const options: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      options.push(arg);
      if (!arg.includes('=') && takesValue.has(arg.slice(2)) && i + 1 < argv.length) options.push(argv[++i]);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1)
    throw new UsageError(`give one run folder, got ${positional.length}: ${positional.map((p) => `"${p}"`).join(', ')}.`);
  return { runDir: positional[0], options };
}

function edgeSelection(options: Map<string, string | true>): EdgeSelection {
  const topK = options.get('top-k');
  const threshold = options.get('threshold');
  if (typeof topK === 'string' && typeof threshold === 'string') {
    throw new UsageError('--top-k and --threshold both select edges; give one of them.');
  }
  if (typeof topK === 'string') return { kind: 'top-k', k: integerOption('top-k', topK, 1, 100_000_000) };
  if (typeof threshold === 'string')
    return { kind: 'threshold', minWeight: numberOption('threshold', threshold, { min: 0, max: Number.MAX_VALUE }) };
  return { kind: 'all' };
}

async function run(argv: string[]): Promise<number> {
  const { runDir, options: rest } = splitRunDir(argv);
  const options = parseOptions('export', rest, OPTIONS);
  if (options.has('help')) {
    process.stdout.write(exportHelp());
    return 0;
  }
  if (!runDir)
    throw new UsageError(
      'give the run folder first: pathreg export RUN_DIR --format csv --out edges.csv (RUN_DIR is what `pathreg fit --out` wrote).',
    );
  const formatRaw = options.get('format');
  if (typeof formatRaw !== 'string') throw new UsageError(`--format is required: one of ${FORMATS.join(', ')}.`);
  const format = choiceOption('format', formatRaw, FORMATS);
  const out = options.get('out');
  if (typeof out !== 'string') throw new UsageError('--out FILE is required: the file to write.');
  const overwrite = options.has('force');
  const selection = edgeSelection(options);
  const figureRaw = options.get('figure');
  if (typeof figureRaw === 'string' && !isFigureFormat(format))
    throw new UsageError(`--figure applies to svg, png and pdf only, not to --format ${format}.`);
  for (const name of ['width', 'height', 'unit', 'dpi', 'background']) {
    if (options.has(name) && !isFigureFormat(format) && format !== 'html')
      throw new UsageError(`--${name} applies to figures (svg, png, pdf, html), not to --format ${format}.`);
  }
  if (options.has('dpi') && format !== 'png') throw new UsageError(`--dpi applies to --format png only (SVG and PDF are vector).`);

  const lambdaRaw = options.get('lambda');
  if (existsSync(join(runDir, MANIFEST_FILE))) {
    if (!isNetworkFormat(format))
      throw new UsageError(
        `a sweep folder exports its consensus network (${NETWORK_FORMATS.join(', ')}); for --format ${format}, export one of its runs (DIR/tasks/task-NNNN).`,
      );
    const lambda = typeof lambdaRaw === 'string' ? numberOption('lambda', lambdaRaw, SETTING_LIMITS.lambda) : null;
    const sweep = await readSweepNetwork(runDir, lambda, appVersion());
    const result = await exportNetwork({ format, network: sweep.network, selection, provenance: sweep.provenance, out, overwrite });
    process.stderr.write(
      `wrote ${result.files.join(' and ')}: consensus at λ ${sweep.lambda} of ${sweep.network.consensus!.fits} fits, ${result.nodes} genes, ${result.edges} edges\n`,
    );
    return 0;
  }
  if (typeof lambdaRaw === 'string')
    throw new UsageError(`--lambda applies to a sweep folder; ${runDir} is a run folder (it has no ${MANIFEST_FILE}).`);
  const runFolder = await readRunFolder(runDir, appVersion());
  const wantsTrajectories = (typeof figureRaw === 'string' && figureRaw === 'trajectories') || format === 'html';
  if (PEAK_FORMATS.has(format) || wantsTrajectories) {
    // Peak pseudotime (a GraphML/cyjs/CX2 node attribute) needs the fitted curves the run stored. Without them (a
    // folder written by an older version) the attribute is left out, with a note.
    try {
      await ensureFittedTrajectories(runFolder);
    } catch (error) {
      if (format === 'png' || format === 'svg' || format === 'pdf') throw error;
      process.stderr.write(`note: peak_pseudotime is left out: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (isNetworkFormat(format)) {
    const result = await exportNetwork({ format, network: runFolder.network, selection, provenance: runFolder.provenance, out, overwrite });
    process.stderr.write(`wrote ${result.files.join(' and ')}: ${result.nodes} genes, ${result.edges} edges\n`);
    return 0;
  }

  const unit = choiceOption('unit', typeof options.get('unit') === 'string' ? (options.get('unit') as string) : 'mm', [
    'mm',
    'in',
  ] as const);
  const widthRaw = options.get('width');
  const width =
    typeof widthRaw === 'string'
      ? numberOption('width', widthRaw, { min: 0, max: unit === 'mm' ? 1000 : 40, minExclusive: true })
      : unit === 'mm'
        ? 89
        : 3.5;
  const heightRaw = options.get('height');
  let height =
    typeof heightRaw === 'string'
      ? numberOption('height', heightRaw, { min: 0, max: unit === 'mm' ? 1000 : 40, minExclusive: true })
      : width * 0.75;
  const dpiRaw = options.get('dpi');
  const dpi = typeof dpiRaw === 'string' ? Number(choiceOption('dpi', dpiRaw, ['150', '300', '600'] as const)) : 300;
  const background = choiceOption(
    'background',
    typeof options.get('background') === 'string' ? (options.get('background') as string) : 'white',
    ['white', 'transparent'] as const,
  );
  let size = { width, height, unit };

  if (format === 'html') {
    const files = await exportReport({ run: runFolder, selection, size, out, overwrite });
    process.stderr.write(`wrote ${files.join(' and ')}\n`);
    return 0;
  }
  const figure: FigureKind = typeof figureRaw === 'string' ? choiceOption('figure', figureRaw, FIGURE_KINDS) : 'network';
  const genesRaw = options.get('genes');
  if (typeof genesRaw === 'string' && figure !== 'trajectories') throw new UsageError(`--genes applies to --figure trajectories only.`);
  const genes = typeof genesRaw === 'string' ? listOption('genes', genesRaw) : undefined;
  if (typeof heightRaw !== 'string') {
    // A table is as tall as its rows; other figures take the width × 0.75 default.
    const natural = await naturalFigureHeight({ run: runFolder, figure, selection, size, background, genes }, dpi);
    if (natural !== null) {
      height = natural;
      size = { width, height, unit };
    }
  }
  await exportFigure({ run: runFolder, figure, format, selection, size, dpi, background, out, overwrite, genes });
  process.stderr.write(`wrote ${out}: ${figure} figure, ${width} × ${height} ${unit}${format === 'png' ? ` at ${dpi} dpi` : ''}\n`);
  return 0;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write the network (CSV, GraphML, Cytoscape, BEELINE, …), a figure (SVG/PNG/PDF) or the HTML report of a run',
  run,
};
