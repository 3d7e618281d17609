/**
 * The app's run:score: a run's network scored against a reference network by the same procedure as `pathreg score`
 * (scoreAgainstReference on the run folder as readRunFolder reads it), with the refusals worded for the app.
 */
import { JSDOM } from 'jsdom';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import { renderPrecisionRecall } from '../../src-shared/figures/render-precision-recall.ts';
import { figureBytes } from '../export/figure-export.ts';
import type { Provenance } from '../export/provenance.ts';
import { exportBaseName, sessionRunFolder, type SessionRun } from './session-exports.ts';
import { MAX_CURVE_POINTS, MAX_REFERENCE_EDGES_SENT, type ReferenceScore } from '../../src-shared/contract/reference-score.ts';
import { DataInputError } from '../data/paper-tables/data-input-error.ts';
import { readRunFolder } from '../export/run-folder-reader.ts';
import type { ReferenceEdgeList } from '../scoring/reference-edge-list.ts';
import { sampleGeneNames, scoreAgainstReference, ScoringRefusal, type ReferenceScoring } from '../scoring/score-against-reference.ts';
import { scoresRecord } from '../scoring/scores-record.ts';

/** Evenly spaced indices into n points, the first and the last always kept. */
function thinned(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  for (let i = 0; i < max; i++) picked.add(Math.round((i * (n - 1)) / (max - 1)));
  return [...picked].sort((a, b) => a - b);
}

function refusalMessage(reason: ScoringRefusal['reason'], runLabel: string, runGenes: string[], referenceName: string): string {
  const file = JSON.stringify(referenceName);
  switch (reason.kind) {
    case 'no-shared-genes':
      return (
        `No gene of ${file} (${sampleGeneNames(reason.referenceGenes)}) is among the ${runGenes.length} genes of ${runLabel} (${sampleGeneNames(runGenes)}). ` +
        'Choose the reference network of the same data set, with the same kind of gene names (symbols or IDs).'
      );
    case 'no-reference-edge':
      return `${file} lists only self-loops: a reference needs at least one regulation between two different genes (regulator, target).`;
    case 'empty-network':
      return (
        `${runLabel} has no edge with a non-zero weight between genes of ${file}: its network is empty there, so there is no ranking to score. ` +
        'Train longer or with a smaller λ (Model view), then score again.'
      );
  }
}

/** The answer of run:score from a scoring of the run. */
export function referenceScoreAnswer(
  run: { runId: string; label: string },
  reference: ReferenceEdgeList,
  scoring: ReferenceScoring,
  scoredAt = new Date().toISOString(),
): ReferenceScore {
  const points = thinned(scoring.curve.recall.length, MAX_CURVE_POINTS);
  return {
    runId: run.runId,
    runLabel: run.label,
    reference: { fileName: reference.fileName, sha256: reference.sha256, layout: reference.layout },
    scoredAt,
    scores: scoresRecord(scoring.scores),
    missedInTopK: scoring.missedInTopK,
    unpredicted: scoring.unpredicted,
    genesNotInRun: scoring.genesNotInRun.slice(0, 200),
    genesNotInRunCount: scoring.genesNotInRun.length,
    referenceEdges: scoring.referenceEdges.slice(0, MAX_REFERENCE_EDGES_SENT).map((edge) => ({
      source: edge.source,
      target: edge.target,
      sign: edge.sign === '+' ? 1 : edge.sign === '-' ? -1 : 0,
    })),
    referenceEdgesTotal: scoring.referenceEdges.length,
    curve: { recall: points.map((i) => scoring.curve.recall[i]), precision: points.map((i) => scoring.curve.precision[i]) },
    notes: scoring.notes,
  };
}

/**
 * Scores the run whose folder is `folder` (edges.csv holds every edge, more than the window receives).
 * Throws UserError with a message for the user when the folder or the reference cannot be scored.
 */
export async function scoreSessionRun(
  run: { runId: string; label: string; folder: string },
  reference: ReferenceEdgeList,
  appVersion: string,
): Promise<ReferenceScore> {
  let folder;
  try {
    folder = await readRunFolder(run.folder, appVersion);
  } catch (error) {
    throw new UserError('conflict', `${run.label} cannot be scored: ${error instanceof Error ? error.message : String(error)}`);
  }
  const runGenes = folder.network.nodes.map((node) => node.id);
  try {
    return referenceScoreAnswer(run, reference, scoreAgainstReference(runGenes, folder.network.edges, reference));
  } catch (error) {
    if (error instanceof ScoringRefusal)
      throw new UserError('bad-input', refusalMessage(error.reason, run.label, runGenes, reference.fileName));
    throw error;
  }
}

/** A reference file that cannot be read, as the app's error. */
export function referenceInputError(error: unknown): never {
  if (error instanceof DataInputError) throw new UserError('bad-input', error.message);
  throw error;
}

/** The legend lines of the precision–recall figure: the numbers of the scoring panel. */
export function precisionRecallSummary(score: ReferenceScore): string[] {
  const s = score.scores;
  const f = (x: number) => x.toFixed(3);
  return [
    `AUPRC ${f(s.auprc)} (ratio ${f(s.auprc_ratio)}); BEELINE's AUPRC ${f(s.auprc_beeline)} (ratio ${f(s.auprc_beeline_ratio)})`,
    `AUROC ${f(s.auroc)}; early precision ${f(s.early_precision)} (ratio ${f(s.early_precision_ratio)}, ${s.early_precision_true_positives} of the top ${s.early_precision_selected})`,
    `reference: ${score.reference.fileName}, ${s.reference_edges} edges among ${s.genes} genes`,
  ];
}

/**
 * The precision–recall figure of a run's latest scoring as an SVG/PNG/PDF file, with the run's provenance plus the
 * reference file (name and SHA-256) in its content line.
 */
export async function exportPrecisionRecallFromSession(
  run: SessionRun,
  score: ReferenceScore | null,
  request: RequestOf<'export:figure'>,
): Promise<ExportedFile> {
  if (!score)
    throw new UserError(
      'conflict',
      `${run.summary.label} has not been scored against a reference network yet: choose a reference in the Network view's scoring panel, then export the figure.`,
    );
  const folder = sessionRunFolder(run);
  const size = { width: request.width, height: request.height, unit: request.unit };
  const provenance: Provenance = {
    ...folder.provenance,
    exportedAt: new Date().toISOString(),
    content: `precision-recall figure against "${score.reference.fileName}" (SHA-256 ${score.reference.sha256}), scored ${score.scoredAt}, ${size.width} × ${size.height} ${size.unit}`,
  };
  const draw = (dpi: number) =>
    renderPrecisionRecall(
      {
        recall: score.curve.recall,
        precision: score.curve.precision,
        density: score.scores.density,
        label: run.summary.label,
        summary: precisionRecallSummary(score),
      },
      { size: { ...size, dpi }, background: request.background === 'white' ? '#ffffff' : null },
      new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document,
    );
  const bytes = await figureBytes(
    draw,
    provenance,
    `Precision–recall against a reference network (${provenance.app} ${provenance.appVersion})`,
    {
      format: request.format,
      dpi: request.dpi,
      size,
      background: request.background,
    },
  );
  const mime = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' }[request.format];
  return {
    fileName: `${exportBaseName(run.summary)}-precision-recall.${request.format}`,
    mimeType: mime,
    contentBase64: Buffer.from(bytes).toString('base64'),
    bytes: bytes.byteLength,
    content: provenance.content,
  };
}
