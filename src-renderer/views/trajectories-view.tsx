/**
 * Trajectories: observed cells and the model's prediction along pseudotime for chosen genes, one panel per gene and
 * lineage (or the lineages overlaid), for training and held-out donors; text at 9 pt or more.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrajectoryComparison } from '../../src-shared/contract/types.ts';
import { useApp } from '../app-context.ts';
import { FigureHost } from '../components/figure-host.tsx';
import { useElementWidth, useRunResult } from '../components/hooks.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { renderTrajectories, type DonorSplit } from '../../src-shared/figures/render-trajectories.ts';
import { TEST_IDS } from '../test-ids.ts';
import { trajectoryDataFromComparison } from '../../src-shared/figures/run-adapters.ts';
import { chooseTrajectoryGenes } from '../view-logic/trajectory-genes.ts';
import { strongestRegulators } from '../view-logic/network-controls.ts';
import { GeneAddField } from '../components/gene-name-fields.tsx';
import { parseGeneList } from '../view-logic/selection.ts';

/** The Trajectories view's own ids for the shared gene completion field. */
const GENE_ADD_IDS = {
  field: TEST_IDS.trajectories.geneAdd,
  button: TEST_IDS.trajectories.geneAddButton,
  options: TEST_IDS.trajectories.geneOptions,
};

/** Default genes: the strongest regulators (largest total outgoing weight), the ones worth looking at first. */
function defaultGenes(result: NonNullable<ReturnType<typeof useRunResult>['result']>): string[] {
  return strongestRegulators(result.edges, 4, result.genes);
}

export function TrajectoriesView() {
  const app = useApp();
  const { run, result, reason } = useRunResult();
  const [text, setText] = useState('');
  const [genes, setGenes] = useState<string[]>([]);
  const [showHeldOut, setShowHeldOut] = useState(true);
  const [facet, setFacet] = useState(true);
  const [comparison, setComparison] = useState<TrajectoryComparison | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [ref, width] = useElementWidth<HTMLDivElement>(900);

  // The genes chosen for this run before (kept per run when the view changes), else the strongest regulators.
  const keptGenes = run ? app.trajectoryGenes[run.runId] : undefined;
  const keptRef = useRef(keptGenes);
  keptRef.current = keptGenes;
  useEffect(() => {
    if (!result) return;
    const initial = keptRef.current?.length ? keptRef.current : defaultGenes(result);
    setText(initial.join(', '));
    setGenes(initial);
  }, [result]);

  useEffect(() => {
    if (!run || genes.length === 0) return;
    let cancelled = false;
    void app.api['run:trajectories']({ runId: run.runId, genes }).then((answer) => {
      if (cancelled) return;
      // A success leaves the message alone: apply() clears it, and an answer for the genes shown before must not wipe
      // what the user's newer input was told (an unknown gene typed while the first curves were still loading).
      if (answer.ok) setComparison(answer.value);
      else setMessage(answer.error.message);
    });
    return () => {
      cancelled = true;
    };
  }, [app.api, run, genes]);

  if (!run || !result)
    return (
      <section className="view" ref={ref}>
        <h2>Trajectories</h2>
        <p className="hint">{reason}</p>
      </section>
    );
  const apply = (typed = text) => {
    const choice = chooseTrajectoryGenes(typed, result.genes, run.label);
    setMessage(choice.message);
    if (!choice.genes) return;
    setGenes(choice.genes);
    app.setTrajectoryGenes(run.runId, choice.genes);
  };
  const splits: DonorSplit[] = showHeldOut ? ['train', 'held-out'] : ['train'];
  const data = comparison ? trajectoryDataFromComparison(comparison) : null;
  const lineages = new Set(result.trajectories.map((trajectory) => trajectory.lineage)).size;
  const faceted = facet && lineages > 1;
  const rows = faceted ? genes.length || 1 : Math.ceil(genes.length / 3) || 1;
  // 9 pt text on screen, tick labels and legend included: smaller text was hard to read at a panel's size.
  const size = { width: Math.max(480, width - 20), height: (faceted ? 220 : 260) * rows + 70, fontSizePt: 9 };
  return (
    <section className="view trajectories-view" ref={ref}>
      <h2>Trajectories</h2>
      <form
        className="panel row controls"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <label>
          Genes{' '}
          <input
            type="text"
            size={50}
            value={text}
            data-testid={TEST_IDS.trajectories.genes}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <button type="submit" data-testid={TEST_IDS.trajectories.apply}>
          Show
        </button>
        <GeneAddField
          names={result.genes}
          ids={GENE_ADD_IDS}
          help={false}
          onAdd={(gene) => {
            // The completed name joins the genes typed (once) and the panels redraw at once.
            const typed = parseGeneList(text);
            const next = typed.includes(gene) ? typed : [...typed, gene];
            setText(next.join(', '));
            apply(next.join(', '));
          }}
        />
        <label>
          <input
            type="checkbox"
            checked={showHeldOut}
            data-testid={TEST_IDS.trajectories.showHeldOut}
            onChange={(event) => setShowHeldOut(event.target.checked)}
          />{' '}
          held-out donors
        </label>
        <label>
          <input
            type="checkbox"
            checked={facet}
            disabled={lineages < 2}
            data-testid={TEST_IDS.trajectories.facet}
            onChange={(event) => setFacet(event.target.checked)}
          />{' '}
          one panel per lineage
        </label>
      </form>
      {data && (
        <ExportPanel
          runId={run.runId}
          figure="trajectories"
          genes={genes}
          viewOptions={() => ({ heldOut: showHeldOut, facetByLineage: faceted })}
        />
      )}
      {message && (
        <p className="field-error" role="alert" data-testid={TEST_IDS.trajectories.message}>
          {message}
        </p>
      )}
      {data && (
        <FigureHost
          testId={TEST_IDS.trajectories.figure}
          label={`Observed and predicted expression of ${genes.join(', ')}`}
          version={`${run.runId}:${genes.join(',')}:${showHeldOut}:${faceted}:${size.width}:${comparison?.genes.join(',')}`}
          render={(doc) => renderTrajectories(data, { size, splits, facetByLineage: faceted, minTextPt: 9 }, doc)}
        />
      )}
    </section>
  );
}
