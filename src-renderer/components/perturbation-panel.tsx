/**
 * Perturb panel of the Network view: knock genes out, down or up in the run's trained model and read the ranked
 * responders, the top responders' curves wild type vs perturbed, and how far each lineage's end moves. The solve
 * runs in the session's perturbation worker (run:perturb), never in this window; the exported files carry provenance.
 */
import { useMemo, useState } from 'react';
import type { GenePerturbation, PerturbationKind, PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { PERTURBATION_CURVE_LABELS, perturbationTrajectoryData } from '../../src-shared/figures/perturbation-figure-data.ts';
import { renderTrajectories } from '../../src-shared/figures/render-trajectories.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { chooseStartCells, MAX_START_CELLS, type TrajectoryCells } from '../view-logic/start-cells.ts';
import { downloadExportedFile } from './download.ts';
import { FigureHost } from './figure-host.tsx';
import { useRunResult } from './hooks.ts';

/** Responders listed and coloured on the network. */
export const RESPONDERS_SHOWN = 15;

const KIND_LABELS: Record<PerturbationKind, string> = {
  knockout: 'knock out (held at 0)',
  knockdown: 'knock down (× factor)',
  overexpression: 'overexpress (held at level)',
};

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

/** The strongest signed effect of a response over the starts (what the ranking uses). */
function strongest(effects: number[]): number {
  return effects.reduce((best, e) => (Math.abs(e) > Math.abs(best) ? e : best), 0);
}

export function PerturbationPanel({
  runId,
  runLabel,
  focus,
  width,
  onResponders,
}: {
  runId: string;
  runLabel: string;
  /** The gene focused in the network, offered as the one to perturb. */
  focus: string | null;
  width: number;
  onResponders: (genes: string[]) => void;
}) {
  const app = useApp();
  const [genes, setGenes] = useState(focus ?? '');
  const [kind, setKind] = useState<PerturbationKind>('knockout');
  const [value, setValue] = useState('0.5');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PerturbationResult | null>(null);
  const [request, setRequest] = useState<RequestOf<'run:perturb'> | null>(null);
  const { result: run } = useRunResult();
  const lineages = useMemo(() => [...new Set((run?.trajectories ?? []).filter((t) => t.split === 'train').map((t) => t.lineage))], [run]);
  const [startFrom, setStartFrom] = useState<'lineages' | 'cells'>('lineages');
  const [lineage, setLineage] = useState('');
  const [from, setFrom] = useState('0.3');
  const [to, setTo] = useState('0.5');
  const [cellTimes, setCellTimes] = useState<TrajectoryCells[] | null>(null);
  const [startsNote, setStartsNote] = useState<string | null>(null);

  /** Where the integration starts: each lineage's initial state, or the chosen cells (null after telling why not). */
  const chosenStarts = async (): Promise<{ starts: NonNullable<RequestOf<'run:perturb'>['starts']>; note: string | null } | null> => {
    if (startFrom === 'lineages') return { starts: { kind: 'lineages' }, note: null };
    let times = cellTimes;
    if (!times) {
      // The cells' pseudotimes come with any gene's stored trajectories; the first gene is as good as any.
      const answer = app.unwrap(
        await app.api['run:trajectories']({ runId, genes: (run?.genes ?? []).slice(0, 1) }),
        `Reading the cells of ${runLabel}`,
      );
      if (!answer) return null;
      times = answer.trajectories.filter((t) => t.split === 'train').map((t) => ({ name: t.name, lineage: t.lineage, times: t.times }));
      setCellTimes(times);
    }
    const choice = chooseStartCells(times, lineage || lineages[0] || '', from, to, runLabel);
    if ('error' in choice) {
      app.notify({ kind: 'error', message: choice.error });
      return null;
    }
    return { starts: { kind: 'cells', cells: choice.cells }, note: `Started from ${choice.description}.` };
  };

  const perturb = async (perturbations: GenePerturbation[]) => {
    setBusy(true);
    try {
      const chosen = await chosenStarts();
      if (!chosen) return;
      const asked = { runId, perturbations, starts: chosen.starts };
      const answer = app.unwrap(await app.api['run:perturb'](asked), `Perturbing ${runLabel}`);
      if (answer) {
        setResult(answer);
        setRequest(asked);
        setStartsNote(chosen.note);
        onResponders(
          answer.responses
            .filter((r) => !r.perturbed)
            .slice(0, RESPONDERS_SHOWN)
            .map((r) => r.gene),
        );
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    const names = genes
      .split(/[\s,;]+/)
      .map((g) => g.trim())
      .filter((g) => g !== '');
    if (names.length === 0) {
      app.notify({ kind: 'error', message: 'Type the gene(s) to perturb first, e.g. GATA1 (several: GATA1, KLF1).' });
      return;
    }
    const level = kind === 'knockout' ? 0 : Number(value);
    if (!Number.isFinite(level)) {
      app.notify({
        kind: 'error',
        message: `"${value}" is not a number: give a knockdown factor from 0 to below 1 (e.g. 0.5) or an overexpression level (1 = the highest level seen).`,
      });
      return;
    }
    void perturb(names.map((gene) => ({ gene, kind, value: level })));
  };

  const exportFile = async (file: RequestOf<'export:perturbation'>['file']) => {
    if (!request) return;
    const exported = app.unwrap(await app.api['export:perturbation']({ ...request, file }), 'Exporting the perturbation');
    if (exported && exported.savedTo === undefined) downloadExportedFile(exported);
  };

  const figureData = result ? perturbationTrajectoryData(result) : null;
  const columns = Math.min(3, figureData?.genes.length ?? 1);
  const rows = Math.ceil((figureData?.genes.length ?? 1) / columns);
  const size = { width: Math.max(480, width - 20), height: 200 * rows + 90 };

  return (
    <div className="perturbation panel" data-testid={TEST_IDS.perturb.panel}>
      <h3>Perturb (in silico)</h3>
      <p className="hint">
        Integrates the trained model from each lineage&apos;s start (or from chosen cells) with the gene(s) held, beside the wild type, and
        ranks every other gene by how much its course changes.
      </p>
      <div className="row">
        <label>
          Start from
          <select
            value={startFrom}
            data-testid={TEST_IDS.perturb.startFrom}
            onChange={(event) => setStartFrom(event.target.value as 'lineages' | 'cells')}
          >
            <option value="lineages">each lineage&apos;s first cells</option>
            <option value="cells">chosen cells (lineage and pseudotime)</option>
          </select>
        </label>
        {startFrom === 'cells' && (
          <>
            <label>
              Lineage
              <select
                value={lineage || lineages[0] || ''}
                data-testid={TEST_IDS.perturb.lineage}
                onChange={(event) => setLineage(event.target.value)}
              >
                {lineages.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Pseudotime from
              <input
                value={from}
                inputMode="decimal"
                size={5}
                data-testid={TEST_IDS.perturb.from}
                onChange={(event) => setFrom(event.target.value)}
              />
            </label>
            <label>
              to
              <input
                value={to}
                inputMode="decimal"
                size={5}
                data-testid={TEST_IDS.perturb.to}
                onChange={(event) => setTo(event.target.value)}
              />
            </label>
            <span className="hint">
              0 = where the lineage starts, 1 = where it ends; up to {MAX_START_CELLS} of the cells the model was trained on, spread over
              the range, each simulated from its measured state.
            </span>
          </>
        )}
      </div>
      {focus && (
        <button
          type="button"
          disabled={busy}
          data-testid={TEST_IDS.perturb.knockoutFocus}
          onClick={() => void perturb([{ gene: focus, kind: 'knockout', value: 0 }])}
        >
          Knock out {focus}
        </button>
      )}
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label>
          Genes
          <input
            value={genes}
            placeholder="GATA1, KLF1"
            data-testid={TEST_IDS.perturb.genes}
            onChange={(event) => setGenes(event.target.value)}
          />
        </label>
        <label>
          Perturbation
          <select value={kind} data-testid={TEST_IDS.perturb.kind} onChange={(event) => setKind(event.target.value as PerturbationKind)}>
            {(Object.keys(KIND_LABELS) as PerturbationKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
        {kind !== 'knockout' && (
          <label>
            {kind === 'knockdown' ? 'Factor (0–1)' : 'Level (1 = highest seen)'}
            <input
              value={value}
              inputMode="decimal"
              data-testid={TEST_IDS.perturb.value}
              onChange={(event) => setValue(event.target.value)}
            />
          </label>
        )}
        <button type="submit" disabled={busy} data-testid={TEST_IDS.perturb.run}>
          {busy ? 'Simulating…' : 'Perturb'}
        </button>
      </form>
      {result && (
        <div
          data-testid={TEST_IDS.perturb.result}
          data-description={result.description}
          data-seconds={String(result.solve.seconds)}
          data-starts={result.starts.map((s) => s.name).join('|')}
        >
          <p>
            <strong>{result.description}</strong> ({result.method} model; {result.solve.steps} solver steps,{' '}
            {result.solve.seconds.toFixed(2)} s). <span className="hint">{result.effectMeaning}</span>
          </p>
          {startsNote && (
            <p className="hint" data-testid={TEST_IDS.perturb.startsNote}>
              {startsNote}
            </p>
          )}
          <table className="responders">
            <thead>
              <tr>
                <th>Rank</th>
                <th>Gene</th>
                {result.starts.map((s) => (
                  <th key={s.name}>effect in {s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.responses
                .filter((r) => !r.perturbed)
                .slice(0, RESPONDERS_SHOWN)
                .map((r) => (
                  <tr
                    key={r.gene}
                    data-testid={TEST_IDS.perturb.responder}
                    data-gene={r.gene}
                    data-rank={r.rank}
                    data-effect={String(strongest(r.effects))}
                  >
                    <td>{r.rank}</td>
                    <td>{r.gene}</td>
                    {r.effects.map((e, s) => (
                      <td key={result.starts[s].name} title={`rank ${r.ranksByStart[s]} in ${result.starts[s].name}`}>
                        {signed(e)}
                      </td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
          <ul className="shifts">
            {result.shifts.map((shift) => (
              <li key={shift.start} data-testid={TEST_IDS.perturb.shift} data-start={shift.start} data-towards={shift.towards ?? ''}>
                {shift.summary}
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" data-testid={TEST_IDS.perturb.exportTable} onClick={() => void exportFile('table')}>
              Export table (CSV + provenance)
            </button>
            <button type="button" data-testid={TEST_IDS.perturb.exportTrajectories} onClick={() => void exportFile('trajectories-pdf')}>
              Export curves (PDF)
            </button>
            <button type="button" data-testid={TEST_IDS.perturb.exportNetwork} onClick={() => void exportFile('network-svg')}>
              Export network (SVG)
            </button>
          </div>
          {figureData && (
            <FigureHost
              testId={TEST_IDS.perturb.trajectories}
              label={`Wild type and perturbed expression of ${figureData.genes.join(', ')}`}
              version={`${result.description}:${result.solve.seconds}:${size.width}`}
              render={(doc) =>
                renderTrajectories(
                  figureData,
                  {
                    size,
                    genes: figureData.genes,
                    columns,
                    curveLabels: PERTURBATION_CURVE_LABELS,
                    title: `${result.description}: wild type and perturbed`,
                  },
                  doc,
                )
              }
            />
          )}
        </div>
      )}
    </div>
  );
}
