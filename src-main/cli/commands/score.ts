import * as path from 'node:path';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { formatOptionHelp, parseOptions, type OptionSpec } from '../option-parser.ts';
import { packageVersion } from '../../run/package-version.ts';
import { RUN_FILES } from '../../run/run-folder.ts';
import { writeFileAtomic } from '../../files/atomic-write.ts';
import { readRunFolder } from '../../export/run-folder-reader.ts';
import type { NetworkScores, SignAgreement } from '../../scoring/score-network.ts';
import { scoresRecord } from '../../scoring/scores-record.ts';
import { readReferenceEdgeList } from '../../scoring/reference-edge-list.ts';
import {
  sampleGeneNames as sample,
  scoreAgainstReference,
  ScoringRefusal,
  type ReferenceScoring,
} from '../../scoring/score-against-reference.ts';

const OPTIONS: OptionSpec[] = [
  {
    name: 'reference',
    value: 'PATH',
    help: 'the known network: BEELINE refNetwork.csv (Gene1,Gene2,Type; Gene1 regulates Gene2; Type + or -) or any edge list (CSV/TSV: regulator, target, optional sign; header optional); required',
  },
  { name: 'json', help: 'print the scores as JSON instead of a table' },
];

const HELP = [
  'Usage: pathreg score RUN_DIR --reference refNetwork.csv [--json]',
  '',
  'Scores the network a `pathreg fit` run inferred (RUN_DIR/edges.csv) against known regulators the way BEELINE',
  '(Pratapa et al., Nature Methods 2020) does, and writes RUN_DIR/scores.json. Every ordered pair of distinct genes',
  'of the reference network is scored; pairs the run gave no edge count as weight 0; reference self-loops and',
  'duplicate rows are left out.',
  '',
  '  AUPRC            average precision (scikit-learn average_precision_score)',
  "  AUPRC (BEELINE)  BEELINE's own AUPRC: trapezoid through the precision-recall points; its published ratios use it",
  '  AUPRC ratio      AUPRC / density, density = reference edges / (n·(n−1)); 1 = no better than a random ranking',
  '  AUROC            area under the ROC curve (0.5 = random)',
  '  early precision  reference edges among the top-k predicted edges, k = number of reference edges; its ratio /density',
  "  sign agreement   among correctly predicted reference edges, how many have the reference's activation/repression",
  '',
  'Options:',
  formatOptionHelp(OPTIONS),
  '',
].join('\n');

/** scores.json keys: snake_case like metrics.json (the same record the app's scoring panel receives). */
export const scoresAsJson = scoresRecord;

function formatTable(scores: NetworkScores): string {
  const f = (x: number) => x.toFixed(3);
  const sign = (a: SignAgreement) => (a.fraction === null ? 'nothing to compare' : `${a.agreeing} of ${a.compared} (${f(a.fraction)})`);
  const rows: Array<[string, string]> = [
    ['genes scored', `${scores.genes} (${scores.pairs} ordered pairs)`],
    ['reference edges', `${scores.referenceEdges} (density ${f(scores.density)}; ${scores.referenceSelfLoops} self-loops left out)`],
    ['predicted edges', String(scores.predictedEdges)],
    ['AUPRC', `${f(scores.auprc)}  ratio ${f(scores.auprcRatio)}`],
    ['AUPRC (BEELINE)', `${f(scores.auprcBeeline)}  ratio ${f(scores.auprcBeelineRatio)}`],
    ['AUROC', f(scores.auroc)],
    [
      'early precision',
      `${f(scores.earlyPrecision)}  ratio ${f(scores.earlyPrecisionRatio)}  (${scores.earlyPrecisionTruePositives} of the top ${scores.earlyPrecisionSelected}; k = ${scores.earlyPrecisionK})`,
    ],
    ['sign agreement', `top k: ${sign(scores.signAgreement.early)}; all: ${sign(scores.signAgreement.all)}`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n');
}

/** `pathreg score RUN_DIR --reference refNetwork.csv`: BEELINE-style scores of a run's network. */
export const scoreCommand: Command = {
  name: 'score',
  summary: "score a run's network against known regulators (BEELINE refNetwork.csv): AUPRC, AUROC, early precision",
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(HELP);
      return 0;
    }
    const positional = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1] === '--reference'));
    if (positional.length !== 1)
      throw new UsageError(
        `needs exactly one RUN_DIR (the folder \`pathreg fit --out\` wrote), got ${positional.length} (pathreg score --help).`,
      );
    const runDir = positional[0];
    const options = parseOptions(
      'score',
      argv.filter((a) => a !== runDir),
      OPTIONS,
    );
    const referencePath = options.get('reference');
    if (typeof referencePath !== 'string')
      throw new UsageError("--reference PATH is required: the known network, e.g. BEELINE's refNetwork.csv (pathreg score --help).");

    const run = await readRunFolder(runDir, await packageVersion());
    const runGenes = run.network.nodes.map((n) => n.id);
    const reference = await readReferenceEdgeList(referencePath, referencePath);
    const referenceFile = `"${referencePath}"`;
    let scoring: ReferenceScoring;
    try {
      scoring = scoreAgainstReference(runGenes, run.network.edges, reference);
    } catch (error) {
      if (!(error instanceof ScoringRefusal)) throw error;
      const reason = error.reason;
      const message =
        reason.kind === 'no-shared-genes'
          ? `No gene of ${referenceFile} (${sample(reason.referenceGenes)}) is among the ${runGenes.length} genes of the run in "${runDir}" (${sample(runGenes)}). ` +
            'Score against the reference network of the same data set, with the same kind of gene names.'
          : reason.kind === 'no-reference-edge'
            ? `${referenceFile} lists only self-loops: add one row per known regulation between two genes (Gene1,Gene2,Type).`
            : `"${path.join(runDir, RUN_FILES.edges)}" has no edge with a non-zero weight between genes of ${referenceFile}: the run's network is empty there, so there is no ranking to score. ` +
              'Train longer or with a smaller --lambda, then score again.';
      throw new Error(message, { cause: error });
    }
    const { scores, notes } = scoring;

    const document = {
      run: path.resolve(runDir),
      reference: path.resolve(referencePath),
      reference_sha256: reference.sha256,
      scored_at: new Date().toISOString(),
      method: 'BEELINE (Pratapa et al. 2020): ordered pairs i ≠ j of the reference genes, |weight| as the score, 0 when absent',
      scores: scoresAsJson(scores),
      notes,
    };
    await writeFileAtomic(path.join(runDir, 'scores.json'), `${JSON.stringify(document, null, 2)}\n`, { overwrite: true });
    if (options.has('json')) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    else {
      process.stdout.write(`${formatTable(scores)}\n`);
      for (const note of notes) process.stdout.write(`note: ${note}\n`);
      process.stdout.write(`wrote ${path.join(runDir, 'scores.json')}\n`);
    }
    return 0;
  },
};
