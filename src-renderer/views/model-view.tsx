/**
 * Model: regularizer, λ, hidden sizes, solver, bins, iterations, engine (and what `auto` chose and why), seed,
 * with a time and memory estimate before starting.
 */
import { useState } from 'react';
import {
  fitMethodOf,
  PAPER_DEFAULTS,
  type EngineChoice,
  type FitMethod,
  type RegularizerKind,
  type TrainingConfig,
} from '../../src-shared/run-config.ts';
import { useApp, useSession } from '../app-context.ts';
import { describedBy, Help } from '../components/help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { formatDuration } from '../../src-shared/figures/run-adapters.ts';
import { estimateRun, formatBytes, genesToTrain, velocityEstimateForSelection } from '../view-logic/estimate.ts';
import { initialSelection, levelsOf } from '../view-logic/selection.ts';

const METHODS: { method: FitMethod; label: string }[] = [
  { method: 'velocity', label: 'velocity (the default: per-cell velocities, one term per gene pair)' },
  { method: 'trajectory', label: 'trajectory (the paper: follow each lineage)' },
  { method: 'linear', label: 'linear (sparse linear baseline on the same velocities)' },
];

/** The method, without velocity settings when it is the trajectory method (they would be refused there). */
export function withMethod(config: TrainingConfig, method: FitMethod): TrainingConfig {
  const { velocity, ...rest } = config;
  return method === 'trajectory' ? { ...rest, method } : { ...rest, method, ...(velocity ? { velocity } : {}) };
}

/**
 * The velocity method's network cut-off from its input: empty = chosen on held-out cells (the setting left out),
 * else a fraction of λ_max held within [0, 1], the range the schema accepts.
 */
export function withVelocityCutoff(config: TrainingConfig, text: string): TrainingConfig {
  const { lambda: _previous, ...others } = config.velocity ?? {};
  const value = Number(text);
  const velocity = text.trim() === '' || !Number.isFinite(value) ? others : { ...others, lambda: Math.min(1, Math.max(0, value)) };
  const { velocity: _old, ...rest } = config;
  return Object.keys(velocity).length > 0 ? { ...rest, velocity } : rest;
}

const REGULARIZERS: { kind: RegularizerKind; label: string }[] = [
  { kind: 'pathreg', label: 'PathReg (paths through gates and weights)' },
  { kind: 'l1', label: 'L1 on weights' },
  { kind: 'l0', label: 'L0 (expected open gates)' },
  { kind: 'group-lasso', label: 'group lasso (per input gene)' },
  { kind: 'none', label: 'none' },
];

/** Parses "100, 100" into hidden sizes; null with a reason for anything else. */
export function parseHiddenSizes(text: string): { sizes: number[] | null; error: string | null } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  const sizes = parts.map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 4096)) {
    return {
      sizes: null,
      error: `Hidden sizes must be whole numbers from 1 to 4096 separated by commas (e.g. "100, 100"); got "${text}".`,
    };
  }
  if (sizes.length > 8) return { sizes: null, error: 'At most 8 hidden layers.' };
  return { sizes, error: null };
}

export function ModelView() {
  const app = useApp();
  const session = useSession();
  const config = app.config;
  const set = (patch: Partial<TrainingConfig>) => app.setConfig({ ...config, ...patch });
  const dataset = session.datasets.find((entry) => entry.datasetId === app.datasetId) ?? null;
  const selection = dataset ? (app.selections[dataset.datasetId] ?? initialSelection(dataset)) : null;
  const genes = dataset && selection ? genesToTrain(dataset, selection) : 0;
  const lineages =
    dataset && selection
      ? selection.lineages.length || selection.lineagePseudotimeColumns?.length || levelsOf(dataset, selection.lineageColumn).length || 1
      : 1;
  const donors = selection ? Math.max(1, selection.trainDonors.length) : 1;
  const evaluatedDonors = selection ? Math.max(1, selection.trainDonors.length + selection.testDonors.length) : 1;
  const estimate = genes > 0 ? estimateRun(config, genes, lineages * donors, config.engine, evaluatedDonors) : null;
  const run = session.runs.find((entry) => entry.runId === app.runId) ?? null;
  const hiddenText = config.model.hidden.join(', ');
  // Bumped when settings are replaced wholesale, so inputs holding their own text start again from the config.
  const [formKey, setFormKey] = useState(0);
  const method = fitMethodOf(config);
  const trajectory = method === 'trajectory';
  const velocityEstimate =
    method === 'velocity' && dataset && selection && genes > 0 ? velocityEstimateForSelection(config, dataset, selection, lineages) : null;

  return (
    <section className="view model-view">
      <h2>Model</h2>
      <div className="panel grid">
        <label>
          Method
          <Help control={TEST_IDS.model.method} />
          <select
            value={method}
            data-testid={TEST_IDS.model.method}
            {...describedBy(TEST_IDS.model.method)}
            onChange={(event) => app.setConfig(withMethod(config, event.target.value as FitMethod))}
          >
            {METHODS.map((entry) => (
              <option key={entry.method} value={entry.method}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Regulators
          <Help control={TEST_IDS.model.regulators} />
          <select
            value={config.regulators ?? 'default'}
            data-testid={TEST_IDS.model.regulators}
            {...describedBy(TEST_IDS.model.regulators)}
            onChange={(event) => {
              const { regulators: _previous, ...rest } = config;
              const value = event.target.value;
              app.setConfig(value === 'tfs' || value === 'all' ? { ...rest, regulators: value } : rest);
            }}
          >
            <option value="default">
              the method’s default (velocity: TFs when the TF list matches, every gene on an automatic list’s panel of ≤ 30 genes;
              trajectory: every gene)
            </option>
            <option value="tfs">transcription factors only</option>
            <option value="all">every gene (paper)</option>
          </select>
        </label>
        {!trajectory && (
          <p className="hint" data-testid={TEST_IDS.model.methodNote}>
            The {method} method uses its own tested settings (shown in the run's metrics); of the settings here only the seed
            {method === 'velocity' ? ' and the network cut-off apply' : ' applies'}, and it runs on the CPU whatever the engine.
            {method === 'linear' ? ' It predicts no trajectories, so the run has no MSE.' : ''}
          </p>
        )}
        {method === 'velocity' && (
          <label>
            Network cut-off (λ/λ_max)
            <Help control={TEST_IDS.model.velocityCutoff} />
            <input
              type="number"
              min={0}
              max={1}
              step={0.01}
              placeholder="chosen on held-out cells"
              value={config.velocity?.lambda ?? ''}
              data-testid={TEST_IDS.model.velocityCutoff}
              {...describedBy(TEST_IDS.model.velocityCutoff)}
              onChange={(event) => app.setConfig(withVelocityCutoff(config, event.target.value))}
            />
          </label>
        )}
        {trajectory && (
          <>
            <label>
              Regularizer
              <Help control={TEST_IDS.model.regularizer} />
              <select
                value={config.regularizer.kind}
                data-testid={TEST_IDS.model.regularizer}
                {...describedBy(TEST_IDS.model.regularizer)}
                onChange={(event) => set({ regularizer: { ...config.regularizer, kind: event.target.value as RegularizerKind } })}
              >
                {REGULARIZERS.map((entry) => (
                  <option key={entry.kind} value={entry.kind}>
                    {entry.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              λ (strength)
              <Help control={TEST_IDS.model.lambda} />
              <input
                type="number"
                min={0}
                step="any"
                value={config.regularizer.lambda}
                data-testid={TEST_IDS.model.lambda}
                {...describedBy(TEST_IDS.model.lambda)}
                onChange={(event) => set({ regularizer: { ...config.regularizer, lambda: Math.max(0, Number(event.target.value) || 0) } })}
              />
            </label>
            <label>
              Hidden sizes
              <Help control={TEST_IDS.model.hidden} />
              <HiddenSizesInput key={formKey} value={hiddenText} onChange={(sizes) => set({ model: { ...config.model, hidden: sizes } })} />
            </label>
            <label>
              ELU after
              <Help control={TEST_IDS.model.activation} />
              <select
                value={config.model.activation}
                data-testid={TEST_IDS.model.activation}
                {...describedBy(TEST_IDS.model.activation)}
                onChange={(event) => set({ model: { ...config.model, activation: event.target.value as 'first' | 'all' } })}
              >
                <option value="first">the first layer (paper)</option>
                <option value="all">every hidden layer</option>
              </select>
            </label>
            <label>
              Solver
              <Help control={TEST_IDS.model.solver} />
              <select
                value={config.solver.kind}
                data-testid={TEST_IDS.model.solver}
                {...describedBy(TEST_IDS.model.solver)}
                onChange={(event) =>
                  set({
                    solver:
                      event.target.value === 'rk4'
                        ? { kind: 'rk4', bins: 50, substeps: 1 }
                        : { kind: 'dopri5', rtol: 1e-3, atol: 1e-4, maxSteps: 10_000 },
                  })
                }
              >
                <option value="rk4">RK4 on binned pseudotime (fast)</option>
                <option value="dopri5">Dormand–Prince on every cell (the paper)</option>
              </select>
            </label>
            {config.solver.kind === 'rk4' && (
              <label>
                Bins
                <Help control={TEST_IDS.model.bins} />
                <input
                  type="number"
                  min={2}
                  max={10000}
                  value={config.solver.bins}
                  data-testid={TEST_IDS.model.bins}
                  {...describedBy(TEST_IDS.model.bins)}
                  onChange={(event) =>
                    set({
                      solver: {
                        kind: 'rk4',
                        substeps: config.solver.kind === 'rk4' ? config.solver.substeps : 1,
                        bins: clampInt(event.target.value, 2, 10_000),
                      },
                    })
                  }
                />
              </label>
            )}
            <label>
              Iterations
              <Help control={TEST_IDS.model.iterations} />
              <input
                type="number"
                min={1}
                value={config.iterations}
                data-testid={TEST_IDS.model.iterations}
                {...describedBy(TEST_IDS.model.iterations)}
                onChange={(event) => set({ iterations: clampInt(event.target.value, 1, 10_000_000) })}
              />
            </label>
            <label>
              Learning rate
              <Help control={TEST_IDS.model.learningRate} />
              <input
                type="number"
                min={0}
                step="any"
                value={config.optimizer.learningRate}
                data-testid={TEST_IDS.model.learningRate}
                {...describedBy(TEST_IDS.model.learningRate)}
                onChange={(event) =>
                  set({
                    optimizer: {
                      ...config.optimizer,
                      learningRate: Number(event.target.value) > 0 ? Number(event.target.value) : config.optimizer.learningRate,
                    },
                  })
                }
              />
            </label>
          </>
        )}
        <label>
          Engine
          <Help control={TEST_IDS.model.engine} />
          <select
            value={config.engine}
            data-testid={TEST_IDS.model.engine}
            {...describedBy(TEST_IDS.model.engine)}
            onChange={(event) => set({ engine: event.target.value as EngineChoice })}
          >
            <option value="auto">auto (fastest available)</option>
            <option value="cpu">cpu (fastest without a GPU)</option>
            {app.engines.map((engine) => (
              <option key={engine.name} value={engine.name} disabled={!engine.available}>
                {engine.name}
                {engine.available ? '' : ' (not available)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Seed
          <Help control={TEST_IDS.model.seed} />
          <input
            type="number"
            min={0}
            value={config.seed}
            data-testid={TEST_IDS.model.seed}
            {...describedBy(TEST_IDS.model.seed)}
            onChange={(event) => set({ seed: clampInt(event.target.value, 0, 2 ** 32 - 1) })}
          />
        </label>
        <button
          type="button"
          data-testid={TEST_IDS.model.paperDefaults}
          {...describedBy(TEST_IDS.model.paperDefaults)}
          onClick={() => {
            app.setConfig(PAPER_DEFAULTS);
            setFormKey((k) => k + 1);
          }}
        >
          Use the paper's settings
        </button>
        <Help control={TEST_IDS.model.paperDefaults} />
      </div>
      <div className="panel" data-testid={TEST_IDS.model.engineReason}>
        <h3>Engines on this machine</h3>
        {(config.engine === 'auto' || config.engine === 'cpu') && <AutoEngineChoice engines={app.engines} choice={config.engine} />}
        <ul>
          {app.engines.map((engine) => (
            <li key={engine.name}>
              <b>{engine.name}</b>: {engine.available ? 'available' : 'not available'} — {engine.reason}
            </li>
          ))}
        </ul>
        {run?.engine && (
          <p>
            The selected run ({run.label}) uses <b>{run.engine}</b>
            {run.engineReason ? `: ${run.engineReason}` : '.'}
          </p>
        )}
      </div>
      <div className="panel" data-testid={TEST_IDS.model.estimate}>
        <h3>Estimate</h3>
        {method === 'linear' ? (
          <p className="hint">The estimate covers the velocity and trajectory methods; the linear baseline takes seconds.</p>
        ) : velocityEstimate ? (
          <p data-testid={TEST_IDS.model.estimateSeconds} data-seconds={Math.round(velocityEstimate.totalSeconds)}>
            About <b>{formatDuration(velocityEstimate.totalSeconds)}</b> with the velocity method on an idle machine: the group-lasso path{' '}
            {formatDuration(velocityEstimate.targetsSeconds + velocityEstimate.pathSeconds)} at{' '}
            {(velocityEstimate.secondsPerIteration * 1000).toFixed(1)} ms per iteration, choosing the cut-off{' '}
            {formatDuration(velocityEstimate.cutoffSeconds)}, refining on the trajectories {formatDuration(velocityEstimate.refineSeconds)},
            then evaluating every cell and writing {formatDuration(velocityEstimate.evaluationSeconds + velocityEstimate.writingSeconds)}.{' '}
            <span className="hint">{velocityEstimate.explanation} A rough estimate: expect within a factor of two.</span>
          </p>
        ) : !trajectory ? (
          <p className="hint">Open a data set to see an estimate.</p>
        ) : estimate ? (
          <p data-testid={TEST_IDS.model.estimateSeconds} data-seconds={Math.round(estimate.totalSeconds)}>
            About <b>{formatDuration(estimate.totalSeconds)}</b> (training {formatDuration(estimate.trainingSeconds)} at{' '}
            {(estimate.secondsPerIteration * 1000).toFixed(1)} ms per iteration, then evaluating and writing{' '}
            {formatDuration(estimate.evaluationSeconds + estimate.writingSeconds)}) and <b>{formatBytes(estimate.memoryBytes)}</b> of memory
            for {genes.toLocaleString('en-US')} genes.{' '}
            <span className="hint">{estimate.explanation} A rough estimate: expect within a factor of two.</span>
          </p>
        ) : (
          <p className="hint">Open a data set to see an estimate.</p>
        )}
      </div>
    </section>
  );
}

function clampInt(text: string, min: number, max: number): number {
  const value = Math.floor(Number(text));
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** Keeps the typed text while it is being edited, applies it when it parses and says why when it does not. */
function HiddenSizesInput({ value, onChange }: { value: string; onChange: (sizes: number[]) => void }) {
  const [text, setText] = useState(value);
  const parsed = parseHiddenSizes(text);
  return (
    <>
      <input
        type="text"
        value={text}
        aria-invalid={parsed.error !== null}
        data-testid={TEST_IDS.model.hidden}
        {...describedBy(TEST_IDS.model.hidden)}
        onChange={(event) => {
          setText(event.target.value);
          const next = parseHiddenSizes(event.target.value);
          if (next.sizes) onChange(next.sizes);
        }}
      />
      {parsed.error && (
        <span className="field-error" role="alert">
          {parsed.error}
        </span>
      )}
    </>
  );
}

/**
 * What `auto` or `cpu` will take, before anything starts: the server lists engines fastest first (the registry's
 * speed ranking) and both take the first CPU engine that can run here. auto weighs the GPU engine against it only
 * when the run starts, from the problem's size (src-main/engine/engine-registry.ts), so that is said, not guessed.
 */
function AutoEngineChoice({
  engines,
  choice,
}: {
  engines: Array<{ name: string; available: boolean; reason: string }>;
  choice: 'auto' | 'cpu';
}) {
  const pick = engines.find((engine) => engine.available && engine.name !== 'webgpu');
  const gpu = engines.find((engine) => engine.name === 'webgpu' && engine.available);
  if (engines.length === 0) return null;
  if (!pick)
    return (
      <p data-testid={TEST_IDS.model.autoEngine}>
        No CPU engine can run on this machine: {engines.map((e) => `${e.name}: ${e.reason}`).join('; ')}.
      </p>
    );
  const gpuNote =
    choice === 'auto' && gpu
      ? ' On a hardware GPU it takes webgpu instead when the problem is large enough to gain; the Training view says which engine the run took and why.'
      : '';
  return (
    <p data-testid={TEST_IDS.model.autoEngine}>
      {choice} will train on <b>{pick.name}</b>, the fastest {choice === 'cpu' ? 'engine without a GPU' : 'CPU engine'} available here:{' '}
      {pick.reason}.{gpuNote}
    </p>
  );
}
