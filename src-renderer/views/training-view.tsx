/**
 * Training: start a run with the Data and Model choices, watch the data term, penalty and sparsities live with
 * iteration rate and ETA, and pause, resume or cancel; continue a finished or cancelled run from its checkpoint.
 * Every run of the session is listed and can be compared.
 */
import { useState } from 'react';
import { useApp, useSession } from '../app-context.ts';
import { FigureHost } from '../components/figure-host.tsx';
import { downloadPng, downloadSvg } from '../components/download.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { useElementWidth } from '../components/hooks.ts';
import { renderLossCurves } from '../../src-shared/figures/render-loss-curves.ts';
import { formatValue } from '../../src-shared/figures/svg.ts';
import { runControls, upsertRun } from '../state/session-state.ts';
import { describedBy, Help } from '../components/help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { lossPointsFromHistory } from '../../src-shared/figures/run-adapters.ts';
import { initialSelection, selectionProblems } from '../view-logic/selection.ts';
import { tfListChoiceOf, tfListSettingFor } from '../view-logic/tf-list-setting.ts';
import { FitStagesPanel } from '../components/fit-stages-panel.tsx';
import { runTimeText as timeText } from '../view-logic/run-time-text.ts';

export function TrainingView() {
  const app = useApp();
  const session = useSession();
  const [label, setLabel] = useState('');
  const [compare, setCompare] = useState(false);
  const [busy, setBusy] = useState(false);
  const [continueTo, setContinueTo] = useState('');
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const dataset = session.datasets.find((entry) => entry.datasetId === app.datasetId) ?? null;
  const run = session.runs.find((entry) => entry.runId === app.runId) ?? null;
  const history = run ? (session.histories[run.runId] ?? []) : [];
  const controls = runControls(run);
  const last = run?.last ?? null;

  const start = async () => {
    if (!dataset) {
      app.notify({ kind: 'error', message: 'Open a data set first (Data view).' });
      return;
    }
    const selection = app.selections[dataset.datasetId] ?? initialSelection(dataset);
    const problems = selectionProblems(selection, dataset);
    if (problems.length) {
      app.notify({ kind: 'error', message: `Cannot start training on "${dataset.name}": ${problems[0]}`, details: problems.slice(1) });
      return;
    }
    const tfList = tfListChoiceOf(tfListSettingFor(app.tfLists, dataset));
    if ('problem' in tfList) {
      app.notify({ kind: 'error', message: `Cannot start training on "${dataset.name}": ${tfList.problem}` });
      return;
    }
    setBusy(true);
    try {
      const started = app.unwrap(
        await app.api['training:start']({
          datasetId: dataset.datasetId,
          label: label.trim() || undefined,
          selection,
          config: app.config,
          tfList: tfList.choice,
        }),
        `Starting training on "${dataset.name}"`,
      );
      if (!started) return;
      app.store.set((s) => ({ ...s, runs: upsertRun(s.runs, started), histories: { ...s.histories, [started.runId]: [] } }));
      app.setRunId(started.runId);
      app.notify(null);
    } finally {
      setBusy(false);
    }
  };
  const command = async (channel: 'training:pause' | 'training:resume' | 'training:cancel', doing: string) => {
    if (!run) return;
    const summary = app.unwrap(await app.api[channel]({ runId: run.runId }), `${doing} ${run.label}`);
    if (summary)
      app.store.set((s) => ({
        ...s,
        runs: upsertRun(s.runs, {
          ...summary,
          last: run.last && summary.last && run.last.iteration > summary.last.iteration ? run.last : summary.last,
        }),
      }));
  };

  // A stopped run goes on in a new run from its checkpoint; by default for as many iterations again.
  const canContinue = run !== null && (run.state === 'completed' || run.state === 'cancelled');
  const continueDefault = run ? run.iteration + run.iterations : 0;
  const continueRun = async () => {
    if (!run) return;
    const text = continueTo.trim();
    const iterations = text === '' ? continueDefault : Number(text);
    if (!Number.isInteger(iterations) || iterations <= run.iteration || iterations > 10_000_000) {
      app.notify({
        kind: 'error',
        message: `To continue ${run.label}, give the new total number of iterations: a whole number above ${run.iteration} and at most 10,000,000 (not "${text}").`,
      });
      return;
    }
    setBusy(true);
    try {
      const started = app.unwrap(await app.api['training:continue']({ runId: run.runId, iterations }), `Continuing ${run.label}`);
      if (!started) return;
      app.store.set((s) => ({ ...s, runs: upsertRun(s.runs, started), histories: { ...s.histories, [started.runId]: [] } }));
      app.setRunId(started.runId);
      setContinueTo('');
      app.notify(null);
    } finally {
      setBusy(false);
    }
  };

  // A run whose GPU failed goes on from its kept checkpoint on the CPU, to the total it was asked for.
  const continueOnCpu = async () => {
    if (!run?.deviceFailure) return;
    setBusy(true);
    try {
      const started = app.unwrap(
        await app.api['training:continue']({ runId: run.runId, iterations: run.iterations, engine: 'cpu' }),
        `Continuing ${run.label} on the CPU`,
      );
      if (!started) return;
      app.store.set((s) => ({ ...s, runs: upsertRun(s.runs, started), histories: { ...s.histories, [started.runId]: [] } }));
      app.setRunId(started.runId);
      app.notify(null);
    } finally {
      setBusy(false);
    }
  };

  const figureSize = { width: Math.max(320, width), height: 300 };
  // Other runs of the session, for comparison (at most three, the most recent first).
  const others = compare
    ? session.runs
        .filter((entry) => entry.runId !== run?.runId && (session.histories[entry.runId]?.length ?? 0) > 0)
        .slice(-3)
        .reverse()
        .map((entry) => ({ label: entry.label, history: lossPointsFromHistory(session.histories[entry.runId]) }))
    : [];
  const curvesFigure = (dpi: number) =>
    renderLossCurves(
      { history: lossPointsFromHistory(history), others },
      { size: { width: 183, height: 80, unit: 'mm', dpi }, title: run?.label },
      document,
    );
  const exportPanelShown = Boolean(run?.hasResult && session.histories[run.runId]?.length);
  const othersVersion = others.map((other) => `${other.label}:${other.history.length}`).join(',');
  return (
    <section className="view training-view">
      <h2>Training</h2>
      <div className="panel row">
        <label>
          Run name <Help control={TEST_IDS.training.label} />
          <input
            type="text"
            value={label}
            placeholder={`run ${session.runs.length + 1}`}
            data-testid={TEST_IDS.training.label}
            {...describedBy(TEST_IDS.training.label)}
            onChange={(event) => setLabel(event.target.value)}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={busy || !dataset}
          data-testid={TEST_IDS.training.start}
          {...describedBy(TEST_IDS.training.start)}
          onClick={() => void start()}
        >
          Start training
        </button>
        <Help control={TEST_IDS.training.start} />
        <button
          type="button"
          disabled={!controls.pause}
          data-testid={TEST_IDS.training.pause}
          {...describedBy(TEST_IDS.training.pause)}
          onClick={() => void command('training:pause', 'Pausing')}
        >
          Pause
        </button>
        <Help control={TEST_IDS.training.pause} />
        <button
          type="button"
          disabled={!controls.resume}
          data-testid={TEST_IDS.training.resume}
          {...describedBy(TEST_IDS.training.resume)}
          onClick={() => void command('training:resume', 'Resuming')}
        >
          Resume
        </button>
        <Help control={TEST_IDS.training.resume} />
        <button
          type="button"
          disabled={!controls.cancel}
          data-testid={TEST_IDS.training.cancel}
          {...describedBy(TEST_IDS.training.cancel)}
          onClick={() => void command('training:cancel', 'Cancelling')}
        >
          Cancel
        </button>
        <Help control={TEST_IDS.training.cancel} />
        {!dataset && <span className="hint">Open a data set first.</span>}
      </div>
      {run && (
        <div className="panel stats">
          <span>
            Run <b>{run.label}</b>:{' '}
            <b data-testid={TEST_IDS.training.status} data-state={run.state}>
              {run.state}
            </b>
          </span>
          <span data-testid={TEST_IDS.training.iteration}>
            iteration {last?.iteration ?? run.iteration} / {run.iterations}
          </span>
          <span data-testid={TEST_IDS.training.loss} data-loss={last ? last.loss.total : ''}>
            loss{' '}
            {last
              ? `${formatValue(last.loss.total)} (data ${formatValue(last.loss.data)}, penalty ${formatValue(last.loss.penalty)})`
              : '—'}
          </span>
          <span data-testid={TEST_IDS.training.rate}>{last ? `${last.rate.toFixed(1)} it/s` : '—'}</span>
          <span data-testid={TEST_IDS.training.eta}>{timeText(run, last)}</span>
          <span data-testid={TEST_IDS.training.engine}>
            engine {run.engine ?? '…'}
            {run.engineReason ? ` (${run.engineReason})` : ''}
          </span>
          {run.stages && <FitStagesPanel stages={run.stages} />}
          {run.message && !run.deviceFailure && <p className="hint">{run.message}</p>}
          {run.state === 'failed' && run.deviceFailure && (
            <span className="row" data-testid={TEST_IDS.training.deviceFailure}>
              <span className="hint">{run.message}</span>
              <button
                type="button"
                className="primary"
                disabled={busy}
                data-testid={TEST_IDS.training.continueOnCpu}
                {...describedBy(TEST_IDS.training.continueOnCpu)}
                onClick={() => void continueOnCpu()}
              >
                Continue on CPU from iteration {run.deviceFailure.checkpointIteration}
              </button>
              <Help control={TEST_IDS.training.continueOnCpu} />
            </span>
          )}
          {canContinue && (
            <span className="row">
              <label>
                continue to <Help control={TEST_IDS.training.continueIterations} />
                <input
                  type="number"
                  min={run.iteration + 1}
                  max={10_000_000}
                  step={1}
                  value={continueTo}
                  placeholder={String(continueDefault)}
                  data-testid={TEST_IDS.training.continueIterations}
                  {...describedBy(TEST_IDS.training.continueIterations)}
                  onChange={(event) => setContinueTo(event.target.value)}
                />{' '}
                iterations in total
              </label>
              <button
                type="button"
                disabled={busy}
                data-testid={TEST_IDS.training.continue}
                {...describedBy(TEST_IDS.training.continue)}
                onClick={() => void continueRun()}
              >
                Continue training
              </button>
              <Help control={TEST_IDS.training.continue} />
            </span>
          )}
        </div>
      )}
      <div ref={ref} className="panel">
        {run ? (
          <>
            <FigureHost
              testId={TEST_IDS.training.curves}
              label="Loss and sparsity curves"
              version={`${run.runId}:${history.length}:${history[history.length - 1]?.iteration ?? 0}:${figureSize.width}:${othersVersion}`}
              render={(doc) => renderLossCurves({ history: lossPointsFromHistory(history), others }, { size: figureSize }, doc)}
            />
            {session.runs.length > 1 && (
              <label>
                <input
                  type="checkbox"
                  checked={compare}
                  data-testid={TEST_IDS.training.compare}
                  {...describedBy(TEST_IDS.training.compare)}
                  onChange={(event) => setCompare(event.target.checked)}
                />{' '}
                compare with the other runs (grey: their total loss)
              </label>
            )}
            {session.runs.length > 1 && <Help control={TEST_IDS.training.compare} />}
            {/* Quick files while the run trains; once it has a result, the Export panel below is the one way out. */}
            {!exportPanelShown && (
              <>
                <button
                  type="button"
                  data-testid={TEST_IDS.training.exportSvg}
                  {...describedBy(TEST_IDS.training.exportSvg)}
                  onClick={() => downloadSvg(curvesFigure(96), `${run.label.replace(/\W+/g, '-')}-curves.svg`)}
                >
                  Save curves as SVG
                </button>
                <Help control={TEST_IDS.training.exportSvg} />
                <button
                  type="button"
                  data-testid={TEST_IDS.training.exportPng}
                  {...describedBy(TEST_IDS.training.exportPng)}
                  onClick={() =>
                    void downloadPng(curvesFigure(300), `${run.label.replace(/\W+/g, '-')}-curves.png`).catch((error: unknown) =>
                      app.notify({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
                    )
                  }
                >
                  PNG, 300 dpi
                </button>
                <Help control={TEST_IDS.training.exportPng} />
              </>
            )}
          </>
        ) : (
          <p className="hint">No run yet.</p>
        )}
      </div>
      {exportPanelShown && run ? <ExportPanel runId={run.runId} figure="curves" /> : null}
      {session.runs.length > 0 && (
        <div className="panel">
          <h3>
            Runs in this session <Help control={TEST_IDS.training.selectRun} />
          </h3>
          <table className="runs">
            <thead>
              <tr>
                <th>run</th>
                <th>data</th>
                <th>state</th>
                <th>iteration</th>
                <th>loss</th>
                <th>engine</th>
              </tr>
            </thead>
            <tbody>
              {session.runs.map((entry) => (
                <tr
                  key={entry.runId}
                  data-testid={TEST_IDS.training.runRow}
                  data-run={entry.runId}
                  data-state={entry.state}
                  className={entry.runId === app.runId ? 'selected' : ''}
                >
                  <td>
                    <button
                      type="button"
                      className="link"
                      data-testid={TEST_IDS.training.selectRun}
                      {...describedBy(TEST_IDS.training.selectRun)}
                      data-run={entry.runId}
                      onClick={() => app.setRunId(entry.runId)}
                    >
                      {entry.label}
                    </button>
                  </td>
                  <td>{entry.datasetName}</td>
                  <td>{entry.state}</td>
                  <td>
                    {entry.last?.iteration ?? entry.iteration} / {entry.iterations}
                  </td>
                  <td>{entry.last ? formatValue(entry.last.loss.total) : '—'}</td>
                  <td>{entry.engine ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
