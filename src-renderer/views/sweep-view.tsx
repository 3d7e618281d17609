/**
 * Sweep: many fits of the open data set over λ values, seeds, subsamples of the cells and permuted-pseudotime nulls
 * (issue 16). Set up the grid, run it here or on Slurm, watch each task, cancel and resume, read the λ path (a click
 * opens that λ's run) and the consensus network drawn with each edge's confidence. The session coordinates the
 * sweep and worker processes fit; this view only asks and draws.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApp, useSession } from '../app-context.ts';
import { FigureHost } from '../components/figure-host.tsx';
import { describedBy, Help } from '../components/help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { BUNDLED_TF_LISTS } from '../../src-shared/tf-list-choice.ts';
import { FIT_METHODS, type FitMethod } from '../../src-shared/run-config.ts';
import type { SweepConsensus, SweepExecutors, SweepSnapshot } from '../../src-shared/contract/sweep.ts';
import { renderLambdaPath } from '../../src-shared/figures/render-lambda-path.ts';
import { renderConsensusNetwork } from '../../src-shared/figures/render-consensus-network.ts';
import { DEFAULT_SWEEP_FORM, sweepRequestFromForm, type SweepForm } from '../view-logic/sweep-setup.ts';
import { downloadExportedFile } from '../components/download.ts';

const EXPORT_FORMATS = [
  ['graphml', 'GraphML (Cytoscape, networkx, yEd)'],
  ['cyjs', 'Cytoscape.js JSON'],
  ['cx2', 'CX2 (NDEx, Cytoscape)'],
  ['csv', 'CSV edge list'],
  ['tsv', 'TSV edge list'],
  ['beeline', 'BEELINE rankedEdges'],
  ['sif', 'SIF (with an edge table)'],
  ['adjacency', 'Adjacency matrix (with an edge table)'],
] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number][0];

const POLL_MS = 1000;

export function SweepView() {
  const app = useApp();
  const session = useSession();
  const dataset = session.datasets.find((d) => d.datasetId === app.datasetId) ?? null;
  const [form, setForm] = useState<SweepForm>(DEFAULT_SWEEP_FORM);
  const [executors, setExecutors] = useState<SweepExecutors | null>(null);
  const [sweep, setSweep] = useState<SweepSnapshot | null>(null);
  const [consensusLambda, setConsensusLambda] = useState<number | null>(null);
  const [consensus, setConsensus] = useState<SweepConsensus | null>(null);
  const [minConfidence, setMinConfidence] = useState('0');
  const [busy, setBusy] = useState(false);
  const [exportFormat, setExportFormat] = useState<ExportFormat>('graphml');
  const [exported, setExported] = useState<string | null>(null);
  const { api, unwrap } = app;

  useEffect(() => {
    void (async () => {
      const answer = await api['sweep:executors']({});
      if (answer.ok) setExecutors(answer.value);
      // A sweep started before the view was left is picked up again.
      const list = await api['sweep:list']({});
      if (list.ok && list.value.length) setSweep((current) => current ?? list.value[list.value.length - 1]);
    })();
  }, [api]);

  // While the sweep runs, its tasks are polled; the session answers from the manifest the coordinator keeps.
  useEffect(() => {
    if (!sweep?.running) return;
    const timer = setInterval(() => {
      void api['sweep:status']({ sweepId: sweep.sweepId }).then((answer) => {
        if (answer.ok) setSweep(answer.value);
      });
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [api, sweep?.sweepId, sweep?.running]);

  const done = sweep?.progress.done ?? 0;
  const shownLambda = consensusLambda ?? sweep?.grid.lambdas[0] ?? null;
  useEffect(() => {
    if (!sweep || shownLambda === null || done === 0) return;
    void api['sweep:consensus']({ sweepId: sweep.sweepId, lambda: shownLambda }).then((answer) => {
      setConsensus(answer.ok ? answer.value : null);
    });
  }, [api, sweep?.sweepId, shownLambda, done]);

  const genes = dataset ? (app.selections[dataset.datasetId]?.genes ?? []) : [];
  const plan = useMemo(() => (dataset ? sweepRequestFromForm(form, dataset.datasetId, genes) : null), [form, dataset, genes.join(',')]);
  const set = (patch: Partial<SweepForm>) => setForm((current) => ({ ...current, ...patch }));

  const start = async () => {
    if (!plan || plan.problems.length) return;
    setBusy(true);
    try {
      const started = unwrap(await api['sweep:start'](plan.request), 'Starting the sweep');
      if (started) {
        setSweep(started);
        setConsensus(null);
        setConsensusLambda(null);
      }
    } finally {
      setBusy(false);
    }
  };
  const act = async (channel: 'sweep:cancel' | 'sweep:resume', doing: string) => {
    if (!sweep) return;
    setBusy(true);
    try {
      const answer = unwrap(await api[channel]({ sweepId: sweep.sweepId }), doing);
      if (answer) setSweep(answer);
    } finally {
      setBusy(false);
    }
  };
  const openRun = useCallback(
    async (task: number) => {
      if (!sweep) return;
      const run = unwrap(await api['sweep:open-run']({ sweepId: sweep.sweepId, task }), `Opening task ${task} of the sweep`);
      if (run) {
        app.setRunId(run.runId);
        app.setView('network');
      }
    },
    [api, app, sweep, unwrap],
  );

  const exportConsensus = async (lambda: number) => {
    if (!sweep) return;
    const least = Number(minConfidence);
    const file = unwrap(
      await api['export:sweep-network']({
        sweepId: sweep.sweepId,
        lambda,
        format: exportFormat,
        ...(Number.isFinite(least) && least > 0 && least <= 1 ? { minConfidence: least } : {}),
      }),
      'Exporting the consensus network',
    );
    if (!file) return;
    if (file.savedTo === undefined) downloadExportedFile(file);
    const extra = [file.sidecar?.fileName, file.edgeTable?.fileName].filter(Boolean).join(' and ');
    setExported(`${file.savedTo ?? file.fileName}${extra ? ` (with ${extra})` : ''}: ${file.content}.`);
  };

  if (!dataset)
    return (
      <section className="view sweep-view">
        <h2>Sweep</h2>
        <p className="hint" data-testid={TEST_IDS.sweep.empty}>
          Open a data set in the Data view first: a sweep fits it many times, over λ values, seeds and subsamples of its cells.
        </p>
      </section>
    );

  const slurmOffered = executors?.slurm.available === true;
  const failed = sweep?.tasks.filter((t) => t.state === 'failed') ?? [];
  const threshold = Number(minConfidence);
  return (
    <section className="view sweep-view">
      <h2>Sweep</h2>
      <p className="hint">
        Fits {dataset.name} many times with {genes.length ? `the Data view’s ${genes.length} genes` : 'the default genes'} and the default
        choices of time, lineages and donors. Each fit is an ordinary run; together they give each edge a confidence (how many fits select
        it) and a false discovery rate from fits on shuffled pseudotime.
      </p>
      <form
        className="panel sweep-setup"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label>
          Method <Help control={TEST_IDS.sweep.method} />
          <select
            data-testid={TEST_IDS.sweep.method}
            value={form.method}
            onChange={(e) => set({ method: e.target.value as FitMethod })}
            {...describedBy(TEST_IDS.sweep.method)}
          >
            {FIT_METHODS.map((method) => (
              <option key={method} value={method}>
                {method}
              </option>
            ))}
          </select>
        </label>
        <label>
          Iterations <Help control={TEST_IDS.sweep.iterations} />
          <input
            data-testid={TEST_IDS.sweep.iterations}
            value={form.iterations}
            onChange={(e) => set({ iterations: e.target.value })}
            inputMode="numeric"
            {...describedBy(TEST_IDS.sweep.iterations)}
          />
        </label>
        <label>
          TF list <Help control={TEST_IDS.sweep.tfList} />
          <select
            data-testid={TEST_IDS.sweep.tfList}
            value={form.tfList}
            onChange={(e) => set({ tfList: e.target.value as SweepForm['tfList'] })}
            {...describedBy(TEST_IDS.sweep.tfList)}
          >
            <option value="none">none</option>
            {BUNDLED_TF_LISTS.map((list) => (
              <option key={list.name} value={list.name}>
                {list.description}
              </option>
            ))}
          </select>
        </label>
        <label>
          λ values <Help control={TEST_IDS.sweep.lambdas} />
          <input
            data-testid={TEST_IDS.sweep.lambdas}
            value={form.lambdas}
            onChange={(e) => set({ lambdas: e.target.value })}
            {...describedBy(TEST_IDS.sweep.lambdas)}
          />
        </label>
        <label>
          Seeds <Help control={TEST_IDS.sweep.seeds} />
          <input
            data-testid={TEST_IDS.sweep.seeds}
            value={form.seeds}
            onChange={(e) => set({ seeds: e.target.value })}
            {...describedBy(TEST_IDS.sweep.seeds)}
          />
        </label>
        <label>
          Subsamples <Help control={TEST_IDS.sweep.subsamples} />
          <input
            data-testid={TEST_IDS.sweep.subsamples}
            value={form.subsamples}
            onChange={(e) => set({ subsamples: e.target.value })}
            inputMode="numeric"
            {...describedBy(TEST_IDS.sweep.subsamples)}
          />
        </label>
        <label>
          Null fits <Help control={TEST_IDS.sweep.nulls} />
          <input
            data-testid={TEST_IDS.sweep.nulls}
            value={form.nulls}
            onChange={(e) => set({ nulls: e.target.value })}
            inputMode="numeric"
            {...describedBy(TEST_IDS.sweep.nulls)}
          />
        </label>
        <label>
          Run on <Help control={TEST_IDS.sweep.executor} />
          <select
            data-testid={TEST_IDS.sweep.executor}
            value={form.executor}
            onChange={(e) => set({ executor: e.target.value as SweepForm['executor'] })}
            {...describedBy(TEST_IDS.sweep.executor)}
          >
            <option value="local">this computer{executors ? ` (${executors.local.cores} cores)` : ''}</option>
            <option value="slurm" disabled={!slurmOffered}>
              Slurm cluster{slurmOffered ? '' : ' (sbatch not found)'}
            </option>
          </select>
        </label>
        {executors && (
          <p className="hint" data-testid={TEST_IDS.sweep.executorNote}>
            {executors.slurm.reason}
          </p>
        )}
        {form.executor === 'local' ? (
          <label>
            Workers <Help control={TEST_IDS.sweep.workers} />
            <input
              data-testid={TEST_IDS.sweep.workers}
              value={form.workers}
              placeholder={executors ? String(executors.local.workers) : ''}
              onChange={(e) => set({ workers: e.target.value })}
              inputMode="numeric"
              {...describedBy(TEST_IDS.sweep.workers)}
            />
          </label>
        ) : (
          <>
            <label>
              Partition <Help control={TEST_IDS.sweep.partition} />
              <input
                data-testid={TEST_IDS.sweep.partition}
                value={form.partition}
                onChange={(e) => set({ partition: e.target.value })}
                {...describedBy(TEST_IDS.sweep.partition)}
              />
            </label>
            <label>
              Time limit <Help control={TEST_IDS.sweep.time} />
              <input
                data-testid={TEST_IDS.sweep.time}
                value={form.time}
                placeholder="1:00:00"
                onChange={(e) => set({ time: e.target.value })}
                {...describedBy(TEST_IDS.sweep.time)}
              />
            </label>
            <label>
              Account <Help control={TEST_IDS.sweep.account} />
              <input
                data-testid={TEST_IDS.sweep.account}
                value={form.account}
                onChange={(e) => set({ account: e.target.value })}
                {...describedBy(TEST_IDS.sweep.account)}
              />
            </label>
          </>
        )}
        <p
          className={plan && plan.problems.length ? 'hint warning' : 'hint'}
          data-testid={TEST_IDS.sweep.plan}
          role={plan?.problems.length ? 'alert' : undefined}
        >
          {plan && plan.problems.length ? plan.problems.join(' ') : `${plan?.tasks ?? 0} fits.`}
        </p>
        <button
          type="submit"
          data-testid={TEST_IDS.sweep.start}
          disabled={busy || !plan || plan.problems.length > 0 || sweep?.running === true}
          {...describedBy(TEST_IDS.sweep.start)}
        >
          Start sweep
        </button>
        <Help control={TEST_IDS.sweep.start} />
      </form>

      {sweep && (
        <div className="panel sweep-run">
          <h3>{sweep.label}</h3>
          <p data-testid={TEST_IDS.sweep.progress} data-running={String(sweep.running)}>
            {sweep.progress.done} of {sweep.progress.total} fits done
            {sweep.progress.running ? `, ${sweep.progress.running} running` : ''}
            {sweep.progress.failed ? `, ${sweep.progress.failed} failed` : ''}
            {sweep.progress.cancelled ? `, ${sweep.progress.cancelled} cancelled` : ''}
            {sweep.running ? ' …' : ''} ({sweep.executor === 'slurm' ? 'Slurm' : 'this computer'})
          </p>
          {sweep.error && (
            <p className="hint warning" role="alert">
              {sweep.error}
            </p>
          )}
          <button
            type="button"
            data-testid={TEST_IDS.sweep.cancel}
            disabled={busy || !sweep.running}
            onClick={() => void act('sweep:cancel', 'Cancelling the sweep')}
            {...describedBy(TEST_IDS.sweep.cancel)}
          >
            Cancel
          </button>
          <Help control={TEST_IDS.sweep.cancel} />
          <button
            type="button"
            data-testid={TEST_IDS.sweep.resume}
            disabled={busy || sweep.running || sweep.progress.done === sweep.progress.total}
            onClick={() => void act('sweep:resume', 'Resuming the sweep')}
            {...describedBy(TEST_IDS.sweep.resume)}
          >
            Resume
          </button>
          <Help control={TEST_IDS.sweep.resume} />
          <table className="sweep-tasks" data-testid={TEST_IDS.sweep.tasks}>
            <thead>
              <tr>
                <th>Task</th>
                <th>λ</th>
                <th>Seed</th>
                <th>Cells</th>
                <th>State</th>
                <th>Seconds</th>
                <th>Ran as</th>
              </tr>
            </thead>
            <tbody>
              {sweep.tasks.map((task) => (
                <tr
                  key={task.index}
                  data-testid={TEST_IDS.sweep.task}
                  data-task={task.index}
                  data-state={task.state}
                  className={`task-${task.state}`}
                >
                  <td>{task.index}</td>
                  <td>{task.lambda}</td>
                  <td>{task.seed}</td>
                  <td>{task.cells}</td>
                  <td>{task.state}</td>
                  <td>{task.seconds === null ? '' : task.seconds.toFixed(1)}</td>
                  <td>{task.job ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {failed.map((task) => (
            <details key={task.index} data-testid={TEST_IDS.sweep.taskLog} data-task={task.index} open={failed.length === 1}>
              <summary>
                Task {task.index} failed: {task.message?.split('\n')[0]}
              </summary>
              <pre>{task.logTail ?? task.message ?? ''}</pre>
            </details>
          ))}
        </div>
      )}

      {sweep && done > 0 && (
        <div className="panel sweep-results">
          <h3>λ path</h3>
          <Help control={TEST_IDS.sweep.lambdaPath} />
          <div
            onClick={(event) => {
              const point = (event.target as Element).closest('[data-task]');
              if (point) void openRun(Number(point.getAttribute('data-task')));
            }}
          >
            <FigureHost
              testId={TEST_IDS.sweep.lambdaPath}
              label={`λ path of ${sweep.label}`}
              version={JSON.stringify(sweep.lambdaPath)}
              render={(doc) => renderLambdaPath(sweep.lambdaPath, { width: 760, height: 240 }, doc)}
            />
          </div>
          <h3>Consensus network</h3>
          <label>
            λ <Help control={TEST_IDS.sweep.consensusLambda} />
            <select
              data-testid={TEST_IDS.sweep.consensusLambda}
              value={String(shownLambda)}
              onChange={(e) => setConsensusLambda(Number(e.target.value))}
              {...describedBy(TEST_IDS.sweep.consensusLambda)}
            >
              {sweep.grid.lambdas.map((lambda) => (
                <option key={lambda} value={String(lambda)}>
                  {lambda}
                </option>
              ))}
            </select>
          </label>
          <label>
            Least confidence <Help control={TEST_IDS.sweep.minConfidence} />
            <input
              data-testid={TEST_IDS.sweep.minConfidence}
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={minConfidence}
              onChange={(e) => setMinConfidence(e.target.value)}
              {...describedBy(TEST_IDS.sweep.minConfidence)}
            />
          </label>
          {consensus && consensus.lambda === shownLambda && (
            <>
              <FigureHost
                testId={TEST_IDS.sweep.consensus}
                label={`Consensus network at λ ${consensus.lambda}`}
                version={`${consensus.sweepId}:${consensus.lambda}:${consensus.fits}:${consensus.nullFits}:${consensus.edges.length}:${minConfidence}`}
                render={(doc) =>
                  renderConsensusNetwork(
                    consensus,
                    { width: 640, height: 560, minConfidence: Number.isFinite(threshold) ? threshold : 0 },
                    doc,
                  )
                }
              />
              <div className="row">
                <label>
                  Format <Help control={TEST_IDS.sweep.exportFormat} />
                  <select
                    data-testid={TEST_IDS.sweep.exportFormat}
                    value={exportFormat}
                    onChange={(e) => setExportFormat(e.target.value as ExportFormat)}
                    {...describedBy(TEST_IDS.sweep.exportFormat)}
                  >
                    {EXPORT_FORMATS.map(([value, label]) => (
                      <option key={value} value={value}>
                        {label}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  data-testid={TEST_IDS.sweep.export}
                  onClick={() => void exportConsensus(consensus.lambda)}
                  {...describedBy(TEST_IDS.sweep.export)}
                >
                  Export consensus network
                </button>
                <Help control={TEST_IDS.sweep.export} />
              </div>
              {exported && (
                <p className="hint" data-testid={TEST_IDS.sweep.exportStatus}>
                  {exported}
                </p>
              )}
              <table className="sweep-consensus" data-testid={TEST_IDS.sweep.consensusTable}>
                <thead>
                  <tr>
                    <th>Regulator</th>
                    <th>Target</th>
                    <th>Confidence</th>
                    <th>FDR</th>
                    <th>Sign</th>
                  </tr>
                </thead>
                <tbody>
                  {consensus.edges
                    .filter((e) => e.confidence >= (Number.isFinite(threshold) ? threshold : 0))
                    .slice(0, 20)
                    .map((edge) => (
                      <tr key={`${edge.source}\u0000${edge.target}`}>
                        <td>{edge.source}</td>
                        <td>{edge.target}</td>
                        <td>{(edge.confidence * 100).toFixed(0)}%</td>
                        <td>{edge.fdr === null ? 'no null fits' : edge.fdr.toFixed(3)}</td>
                        <td>{edge.sign > 0 ? 'activates' : edge.sign < 0 ? 'represses' : 'unsure'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
