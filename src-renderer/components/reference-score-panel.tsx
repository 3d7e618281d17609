/**
 * Scoring panel of the Network view: the run's network scored against a known network (BEELINE's refNetwork.csv or
 * any regulator–target list, by path or upload) with BEELINE's numbers, the precision–recall curve, and a switch
 * that marks true positives, false positives and missed reference edges on the network beside it. It sits in the
 * Network view rather than the Metrics view because its marks are read on that network, next to the numbers.
 */
import { useState } from 'react';
import type { ReferenceScore } from '../../src-shared/contract/reference-score.ts';
import type { Result } from '../../src-shared/contract/result.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import { renderPrecisionRecall } from '../../src-shared/figures/render-precision-recall.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { downloadExportedFile } from './download.ts';
import { fileToBase64 } from './file-base64.ts';
import { FigureHost } from './figure-host.tsx';
import { describedBy, Help } from './help.tsx';

const f3 = (value: number) => value.toFixed(3);

/** The numbers of scores.json the panel shows, each with how a biologist reads it. */
function scoreRows(score: ReferenceScore): Array<{ metric: string; label: string; value: number; shown: string; hint: string }> {
  const s = score.scores;
  return [
    {
      metric: 'auprc_ratio',
      label: 'AUPRC ratio',
      value: s.auprc_ratio,
      shown: f3(s.auprc_ratio),
      hint: `AUPRC ${f3(s.auprc)} / density; 1 = random`,
    },
    {
      metric: 'auprc_beeline_ratio',
      label: 'AUPRC ratio (BEELINE)',
      value: s.auprc_beeline_ratio,
      shown: f3(s.auprc_beeline_ratio),
      hint: `trapezoid AUPRC ${f3(s.auprc_beeline)}, as BEELINE publishes`,
    },
    {
      metric: 'early_precision_ratio',
      label: 'EPR',
      value: s.early_precision_ratio,
      shown: f3(s.early_precision_ratio),
      hint: `early precision ${f3(s.early_precision)} / density`,
    },
    { metric: 'auroc', label: 'AUROC', value: s.auroc, shown: f3(s.auroc), hint: '0.5 = random' },
    {
      metric: 'early_precision_true_positives',
      label: 'True positives in the top k',
      value: s.early_precision_true_positives,
      shown: `${s.early_precision_true_positives} of ${s.early_precision_selected}`,
      hint: `k = ${s.early_precision_k} reference edges`,
    },
    {
      metric: 'missed_in_top_k',
      label: 'Missed in the top k',
      value: score.missedInTopK,
      shown: String(score.missedInTopK),
      hint: `${score.unpredicted} have no edge at all`,
    },
  ];
}

function signLine(score: ReferenceScore): string {
  const { early, all } = score.scores.sign_agreement;
  const part = (a: typeof early) => (a.fraction === null ? 'nothing to compare' : `${a.agreeing} of ${a.compared}`);
  return `Sign agreement on true positives: top k ${part(early)}; all ${part(all)}.`;
}

export function ReferenceScorePanel({ runId, runLabel }: { runId: string; runLabel: string }) {
  const app = useApp();
  const state = app.referenceScores[runId];
  const score = state?.score ?? null;
  const [file, setFile] = useState('');
  const [busy, setBusy] = useState(false);

  const scored = (result: Result<ReferenceScore>, doing: string) => {
    const value = app.unwrap(result, doing);
    if (value) app.setReferenceScore(runId, { score: value, marks: true });
  };
  const scoreByPath = async () => {
    if (!file.trim()) {
      app.notify({ kind: 'error', message: 'Type the path of a reference network first (e.g. …/refNetwork.csv), or upload one.' });
      return;
    }
    setBusy(true);
    try {
      scored(await app.api['run:score']({ runId, path: file.trim() }), `Scoring against "${file.trim()}"`);
    } finally {
      setBusy(false);
    }
  };
  const scoreUpload = async (upload: File) => {
    setBusy(true);
    try {
      scored(
        await app.api['run:score']({ runId, fileName: upload.name, contentBase64: await fileToBase64(upload) }),
        `Scoring against "${upload.name}"`,
      );
    } finally {
      setBusy(false);
    }
  };
  const exportCurve = async (format: 'svg' | 'pdf') => {
    const result: Result<ExportedFile> = await app.api['export:figure']({
      runId,
      figure: 'precision-recall',
      format,
      width: 89,
      height: 80,
      unit: 'mm',
      dpi: 300,
      background: 'white',
    });
    const exported = app.unwrap(result, 'Exporting the precision–recall figure');
    if (exported && exported.savedTo === undefined) downloadExportedFile(exported);
  };

  return (
    <div className="reference-score" data-testid={TEST_IDS.score.panel}>
      <h3>Score against a known network</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void scoreByPath();
        }}
      >
        <label htmlFor="score-path">
          Reference file <Help control={TEST_IDS.score.path} />
        </label>
        <div className="row">
          <input
            id="score-path"
            type="text"
            value={file}
            placeholder="…/refNetwork.csv"
            data-testid={TEST_IDS.score.path}
            {...describedBy(TEST_IDS.score.path)}
            onChange={(event) => setFile(event.target.value)}
          />
          <button type="submit" disabled={busy} data-testid={TEST_IDS.score.run} {...describedBy(TEST_IDS.score.run)}>
            Score
          </button>
          <Help control={TEST_IDS.score.run} />
        </div>
      </form>
      <label className="upload">
        or upload <Help control={TEST_IDS.score.upload} />
        <input
          type="file"
          accept=".csv,.tsv,.txt"
          disabled={busy}
          data-testid={TEST_IDS.score.upload}
          {...describedBy(TEST_IDS.score.upload)}
          onChange={(event) => {
            const chosen = event.target.files?.[0];
            if (chosen) void scoreUpload(chosen);
            event.target.value = '';
          }}
        />
      </label>
      {score && (
        <div data-testid={TEST_IDS.score.result} data-reference={score.reference.fileName} data-scored-at={score.scoredAt}>
          <p className="hint">
            {runLabel} against “{score.reference.fileName}”: {score.scores.reference_edges} reference edges among {score.scores.genes} genes
            ({score.scores.pairs.toLocaleString('en-US')} ordered pairs, density {f3(score.scores.density)}).
          </p>
          <table className="score-table">
            <tbody>
              {scoreRows(score).map((row) => (
                <tr key={row.metric} title={row.hint}>
                  <th>{row.label}</th>
                  <td data-testid={TEST_IDS.score.value} data-metric={row.metric} data-value={String(row.value)}>
                    {row.shown}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">{signLine(score)}</p>
          <p className="hint" data-testid={TEST_IDS.score.genesMissing} data-count={score.genesNotInRunCount}>
            {score.genesNotInRunCount === 0
              ? 'Every reference gene is in the run.'
              : `${score.genesNotInRunCount} reference gene${score.genesNotInRunCount === 1 ? ' is' : 's are'} not in the run (scored as no edge): ${score.genesNotInRun.slice(0, 12).join(', ')}${score.genesNotInRunCount > 12 ? ', …' : ''}.`}
          </p>
          {score.notes
            .filter((note) => !/not in the run/.test(note))
            .map((note) => (
              <p className="hint" key={note}>
                {note}
              </p>
            ))}
          <label>
            <input
              type="checkbox"
              checked={state!.marks}
              data-testid={TEST_IDS.score.marks}
              {...describedBy(TEST_IDS.score.marks)}
              onChange={(event) => app.setReferenceScore(runId, { score, marks: event.target.checked })}
            />{' '}
            mark on the network <Help control={TEST_IDS.score.marks} />
          </label>
          <FigureHost
            testId={TEST_IDS.score.curve}
            label={`Precision–recall curve of ${runLabel} against ${score.reference.fileName}`}
            version={score}
            render={(doc) =>
              renderPrecisionRecall(
                {
                  recall: score.curve.recall,
                  precision: score.curve.precision,
                  density: score.scores.density,
                  label: runLabel,
                  summary: [`AUPRC ratio ${f3(score.scores.auprc_ratio)}, AUROC ${f3(score.scores.auroc)}`],
                },
                { size: { width: 266, height: 280, fontSizePt: 8 } },
                doc,
              )
            }
          />
          <button type="button" data-testid={TEST_IDS.score.exportSvg} onClick={() => void exportCurve('svg')}>
            Save curve as SVG
          </button>{' '}
          <button type="button" data-testid={TEST_IDS.score.exportPdf} onClick={() => void exportCurve('pdf')}>
            PDF
          </button>
        </div>
      )}
    </div>
  );
}
