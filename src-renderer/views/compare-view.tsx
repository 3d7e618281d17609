/**
 * Compare: two or more finished runs of the session (trained here, reopened with a project, or imported run
 * folders) side by side: their metrics, how far their networks agree (Jaccard of the top-k edges, Spearman's rank
 * correlation over the pairs both have), and the difference network of the first two (A and B), exportable. The
 * numbers are computed in main over every edge of each run folder (runs:compare).
 */
import { useEffect, useState } from 'react';
import type { ComparisonExportFormat, RunComparison } from '../../src-shared/contract/run-comparison.ts';
import {
  DIFFERENCE_CLASSES,
  differenceFigureData,
  renderDifferenceNetwork,
  type DifferenceClass,
} from '../../src-shared/figures/render-difference-network.ts';
import { formatValue } from '../../src-shared/figures/svg.ts';
import { useApp, useSession } from '../app-context.ts';
import { downloadExportedFile } from '../components/download.ts';
import { FigureHost } from '../components/figure-host.tsx';
import { TEST_IDS } from '../test-ids.ts';

const DEFAULT_TOP_K = 300;
const SHOWN_DIFFERENCE_ROWS = 500;
/** The figure on screen, in CSS px: 4:3, as the exported 89 × 67 mm and 183 × 137 mm figures. */
const FIGURE_WIDTH = 720;
const FIGURE_HEIGHT = 540;
/** Past this many edges the drawing is a hairball: the view asks for a smaller top-k (the table and exports keep all). */
const MAX_DRAWN_EDGES = 2000;

const CLASS_WORDS: Record<DifferenceClass, string> = { a: 'only in A', b: 'only in B', both: 'in both' };
const EXPORT_FORMATS: Array<{ value: ComparisonExportFormat; label: string }> = [
  { value: 'csv', label: 'CSV table (provenance in a sidecar)' },
  { value: 'graphml', label: 'GraphML (Cytoscape, yEd, networkx)' },
  { value: 'cyjs', label: 'Cytoscape.js JSON (.cyjs)' },
  { value: 'svg', label: 'Figure: SVG' },
  { value: 'png', label: 'Figure: PNG, 300 dpi' },
];

/** A metric's value for the table: numbers to 4 significant digits, missing as a dash. */
function cell(value: number | string | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? formatValue(value) : value;
}

export function CompareView() {
  const app = useApp();
  const session = useSession();
  const finished = session.runs.filter((run) => run.hasResult);
  // In the order picked: the first two are A and B of the difference network.
  const [picked, setPicked] = useState<string[]>([]);
  const [topKText, setTopKText] = useState(String(DEFAULT_TOP_K));
  const [comparison, setComparison] = useState<RunComparison | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [classes, setClasses] = useState<DifferenceClass[]>([...DIFFERENCE_CLASSES]);
  const [format, setFormat] = useState<ComparisonExportFormat>('csv');
  const [widthMm, setWidthMm] = useState<'89' | '183'>('183');
  const chosen = picked.filter((id) => finished.some((run) => run.runId === id));
  const topK = Number(topKText);
  const topKValid = Number.isInteger(topK) && topK >= 1;
  const key = `${chosen.join(',')}|${topKValid ? topK : ''}`;

  useEffect(() => {
    if (chosen.length < 2 || !topKValid) {
      setComparison(null);
      return;
    }
    let cancelled = false;
    setMessage(null);
    void app.api['runs:compare']({ runIds: chosen, topK }).then((answer) => {
      if (cancelled) return;
      if (answer.ok) setComparison(answer.value);
      else {
        setComparison(null);
        setMessage(answer.error.message);
      }
    });
    return () => {
      cancelled = true;
    };
    // `key` stands for the chosen runs and k.
  }, [key]);

  const toggle = (runId: string, on: boolean) =>
    setPicked((all) => (on ? [...all.filter((id) => id !== runId), runId] : all.filter((id) => id !== runId)));

  const exportDifference = async () => {
    setStatus('Exporting…');
    // The figure keeps the screen's 4:3 at a journal width; every format keeps only the classes shown.
    const width = Number(widthMm);
    const figure = {
      width,
      height: Math.round((width * FIGURE_HEIGHT) / FIGURE_WIDTH),
      unit: 'mm' as const,
      dpi: 300 as const,
      background: 'white' as const,
    };
    const file = app.unwrap(
      await app.api['export:comparison']({
        runIds: chosen,
        topK,
        format,
        classes,
        ...(format === 'svg' || format === 'png' ? { figure } : {}),
      }),
      'Exporting the comparison',
    );
    if (!file) return setStatus('');
    if (file.savedTo === null) return setStatus('Export cancelled.');
    if (file.savedTo) return setStatus(`Saved ${file.savedTo}: ${file.content}.`);
    downloadExportedFile(file);
    setStatus(`Downloaded ${file.fileName}${file.sidecar ? ` and ${file.sidecar.fileName}` : ' (provenance inside)'}: ${file.content}.`);
  };

  if (finished.length < 2)
    return (
      <section className="view">
        <h2>Compare runs</h2>
        <p className="hint" data-testid={TEST_IDS.compare.empty}>
          Comparing needs two finished runs: train another (a different seed or λ), open a project, or import a run folder in the Data view.
          This session has {finished.length === 0 ? 'none' : 'one'}.
        </p>
      </section>
    );

  const labelOf = (index: number) => comparison?.runs[index]?.label ?? '';
  const counts = comparison
    ? {
        a: comparison.difference.filter((edge) => edge.in === 'a').length,
        b: comparison.difference.filter((edge) => edge.in === 'b').length,
        both: comparison.difference.filter((edge) => edge.in === 'both').length,
      }
    : null;

  const drawnTotal = comparison ? comparison.difference.filter((edge) => classes.includes(edge.in)).length : 0;

  return (
    <section className="view compare-view">
      <h2>Compare runs</h2>
      <fieldset className="panel">
        <legend>Runs (the first two picked are A and B of the difference network)</legend>
        <ul className="compare-runs">
          {finished.map((run) => {
            const at = chosen.indexOf(run.runId);
            return (
              <li key={run.runId}>
                <label>
                  <input
                    type="checkbox"
                    checked={at >= 0}
                    data-testid={TEST_IDS.compare.runToggle}
                    data-run={run.runId}
                    onChange={(event) => toggle(run.runId, event.target.checked)}
                  />{' '}
                  {run.label}
                  {at === 0 ? ' (A)' : at === 1 ? ' (B)' : ''}{' '}
                  <span className="hint">
                    seed {run.config.seed}, λ {run.config.regularizer.lambda}, {run.config.iterations} iterations
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
        <label>
          Top-k edges for the overlap{' '}
          <input
            type="number"
            min={1}
            step={1}
            value={topKText}
            data-testid={TEST_IDS.compare.topK}
            onChange={(event) => setTopKText(event.target.value)}
          />
        </label>
        {!topKValid && <span className="field-error"> Type a whole number of edges, 1 or more.</span>}
      </fieldset>
      {chosen.length < 2 && <p className="hint">Pick two or more runs.</p>}
      {message && (
        <p className="field-error" role="alert" data-testid={TEST_IDS.compare.message}>
          {message}
        </p>
      )}
      {comparison && counts && (
        <>
          <h3>Edge overlap (top {comparison.topK.toLocaleString('en-US')} edges of each)</h3>
          <table className="compare-table" data-testid={TEST_IDS.compare.overlap}>
            <thead>
              <tr>
                <th>run</th>
                <th>against</th>
                <th title="shared top-k pairs / pairs in either top-k">Jaccard</th>
                <th>shared / either</th>
                <th title="Spearman's rank correlation of the weights over the pairs both whole networks have">Spearman ρ</th>
                <th>pairs in both networks</th>
              </tr>
            </thead>
            <tbody>
              {comparison.overlaps.map((pair) => (
                <tr
                  key={`${pair.a}-${pair.b}`}
                  data-testid={TEST_IDS.compare.pair}
                  data-a={comparison.runs[pair.a].runId}
                  data-b={comparison.runs[pair.b].runId}
                  data-jaccard={pair.jaccard ?? ''}
                  data-spearman={pair.spearman ?? ''}
                >
                  <td>{labelOf(pair.a)}</td>
                  <td>{labelOf(pair.b)}</td>
                  <td>{pair.jaccard === null ? '—' : pair.jaccard.toFixed(3)}</td>
                  <td>
                    {pair.sharedTopK} / {pair.unionTopK}
                  </td>
                  <td>{pair.spearman === null ? '—' : pair.spearman.toFixed(3)}</td>
                  <td>{pair.sharedPairs.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Metrics</h3>
          <table className="compare-table" data-testid={TEST_IDS.compare.metrics}>
            <thead>
              <tr>
                <th />
                {comparison.runs.map((run) => (
                  <th key={run.runId}>{run.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {comparison.metrics.map((metric) => (
                <tr key={metric.key} data-metric={metric.key}>
                  <th scope="row">{metric.label}</th>
                  {metric.values.map((value, i) => (
                    <td key={comparison.runs[i].runId}>{cell(value)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <h3>
            Difference network: A = {labelOf(0)}, B = {labelOf(1)}
          </h3>
          <p className="counts" data-testid={TEST_IDS.compare.differenceCounts} data-a={counts.a} data-b={counts.b} data-both={counts.both}>
            <span className="swatch mark diff-a" /> only in A: {counts.a} · <span className="swatch mark diff-b" /> only in B: {counts.b} ·{' '}
            <span className="swatch mark diff-both" /> in both: {counts.both} (of the top {comparison.topK.toLocaleString('en-US')} edges of
            each)
          </p>
          <fieldset className="panel row controls" data-testid={TEST_IDS.compare.classFilter}>
            <legend>Edges drawn and exported</legend>
            {DIFFERENCE_CLASSES.map((kind) => (
              <label key={kind}>
                <input
                  type="checkbox"
                  checked={classes.includes(kind)}
                  data-testid={TEST_IDS.compare.classToggle}
                  data-class={kind}
                  // At least one class stays: an empty figure and an empty file say nothing.
                  disabled={classes.length === 1 && classes.includes(kind)}
                  onChange={(event) =>
                    setClasses((all) => DIFFERENCE_CLASSES.filter((c) => (c === kind ? event.target.checked : all.includes(c))))
                  }
                />{' '}
                <span className={`swatch mark diff-${kind}`} /> {CLASS_WORDS[kind]}
              </label>
            ))}
          </fieldset>
          {drawnTotal > MAX_DRAWN_EDGES ? (
            <p className="hint" data-testid={TEST_IDS.compare.figureTooLarge}>
              {drawnTotal.toLocaleString('en-US')} edges are too many to draw readably: lower the top-k (or show fewer classes) to
              {` ${MAX_DRAWN_EDGES.toLocaleString('en-US')}`} or fewer edges to see the network. The table and the exports hold them all.
            </p>
          ) : (
            <FigureHost
              testId={TEST_IDS.compare.figure}
              label={`Difference network of ${labelOf(0)} (A) and ${labelOf(1)} (B), edges coloured by where they are`}
              version={`${key}|${classes.join(',')}|${comparison.difference.length}`}
              render={(doc) =>
                renderDifferenceNetwork(
                  differenceFigureData(comparison),
                  { size: { width: FIGURE_WIDTH, height: FIGURE_HEIGHT }, classes, seed: 0, background: '#ffffff' },
                  doc,
                )
              }
            />
          )}
          <div className="compare-difference">
            <table className="compare-table" data-testid={TEST_IDS.compare.difference}>
              <thead>
                <tr>
                  <th>source</th>
                  <th>target</th>
                  <th>in</th>
                  <th>weight in A</th>
                  <th>weight in B</th>
                </tr>
              </thead>
              <tbody>
                {comparison.difference.slice(0, SHOWN_DIFFERENCE_ROWS).map((edge) => (
                  <tr key={`${edge.source}\u0000${edge.target}`} className={`diff-${edge.in}`}>
                    <td>{edge.source}</td>
                    <td>{edge.target}</td>
                    <td>{edge.in === 'both' ? 'both' : edge.in === 'a' ? 'only A' : 'only B'}</td>
                    <td>{edge.weightA === null ? '—' : formatValue(edge.weightA)}</td>
                    <td>{edge.weightB === null ? '—' : formatValue(edge.weightB)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {comparison.difference.length > SHOWN_DIFFERENCE_ROWS && (
              <p className="hint">
                The first {SHOWN_DIFFERENCE_ROWS} of {comparison.difference.length.toLocaleString('en-US')} edges; the export holds them
                all.
              </p>
            )}
          </div>
          <div className="row controls">
            <label>
              Format{' '}
              <select
                value={format}
                data-testid={TEST_IDS.compare.exportFormat}
                onChange={(event) => setFormat(event.target.value as ComparisonExportFormat)}
              >
                {EXPORT_FORMATS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            </label>
            {(format === 'svg' || format === 'png') && (
              <label>
                Width{' '}
                <select
                  value={widthMm}
                  data-testid={TEST_IDS.compare.exportWidth}
                  onChange={(event) => setWidthMm(event.target.value as '89' | '183')}
                >
                  <option value="89">89 mm (one column)</option>
                  <option value="183">183 mm (two columns)</option>
                </select>
              </label>
            )}
            <button type="button" data-testid={TEST_IDS.compare.export} onClick={() => void exportDifference()}>
              Export the difference network (with both runs&apos; provenance)
            </button>
            <span className="hint" role="status" data-testid={TEST_IDS.compare.status}>
              {status}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
