/**
 * Network: the inferred regulatory network with threshold and top-k sliders, gene search, focus on a gene's
 * regulators and targets, force or hierarchical layout, and SVG export of exactly what is on screen.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../app-context.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import { useElementWidth, useRunResult } from '../components/hooks.ts';
import {
  neighbours,
  searchGenes,
  selectFromSorted,
  sortEdges,
  withFocusEdges,
  type NetworkData,
} from '../../src-shared/figures/network-data.ts';
import type { Positions } from '../../src-shared/figures/network-layout.ts';
import type { NetworkLayoutKind } from '../../src-shared/figures/render-network.ts';
import { formatValue } from '../../src-shared/figures/svg.ts';
import { TEST_IDS } from '../test-ids.ts';
import { networkFromResult } from '../../src-shared/figures/run-adapters.ts';
import { NetworkCanvas } from './network/network-canvas.tsx';
import { ReferenceScorePanel } from '../components/reference-score-panel.tsx';
import { PerturbationPanel } from '../components/perturbation-panel.tsx';
import { REFERENCE_MARK_COLORS } from '../../src-shared/figures/reference-marks.ts';
import { SLIDER_STEPS, sliderToTopK, topKToSlider } from '../view-logic/network-controls.ts';
import { quantileSliderToWeight } from '../view-logic/threshold-quantiles.ts';
import { EdgeTablePanel } from './network/edge-table-panel.tsx';
import { edgeKey, genesOfPicked, withPickedEdges } from '../view-logic/edge-selection.ts';
import type { EdgeTableRow } from '../../src-shared/contract/edge-table.ts';

export function NetworkView() {
  const { run, result, reason } = useRunResult();
  // Memoised on the result: a new object would restart the layout on every session update.
  const data = useMemo(() => (result ? networkFromResult(result) : null), [result]);
  if (!run || !data)
    return (
      <section className="view">
        <h2>Network</h2>
        <p className="hint" data-testid={TEST_IDS.network.empty}>
          {reason}
        </p>
      </section>
    );
  if (data.edges.length === 0) {
    return (
      <section className="view">
        <h2>Network</h2>
        <p className="hint" data-testid={TEST_IDS.network.empty}>
          {run.label} has no edge above 1e-5: the regularizer closed every path (all {data.nodes.length} genes are unconnected). Train with
          a smaller λ or fewer iterations.
        </p>
      </section>
    );
  }
  return (
    <NetworkPanel
      key={run.runId}
      runId={run.runId}
      runLabel={run.label}
      data={data}
      seed={run.config.seed}
      hasTFList={result!.isTF.some((flag) => flag !== null)}
      edgeTotal={result!.edgeTotal ?? result!.edges.length}
    />
  );
}

function NetworkPanel({
  runId,
  runLabel,
  data,
  seed,
  hasTFList,
  edgeTotal,
}: {
  runId: string;
  runLabel: string;
  data: NetworkData;
  seed: number;
  hasTFList: boolean;
  edgeTotal: number;
}) {
  const app = useApp();
  const saved = app.networkViews[runId];
  // A velocity fit ranks every pair and gives those outside its cut-off network sign 0: "network only" (on by
  // default) draws the fitted network, the unsigned grey pairs only when asked for.
  const unsignedCount = useMemo(() => data.edges.filter((edge) => edge.sign === 0 && edge.source !== edge.target).length, [data]);
  const [networkOnlyChoice, setNetworkOnly] = useState(saved?.networkOnly ?? true);
  const networkOnly = networkOnlyChoice && unsignedCount > 0;
  const sorted = useMemo(() => sortEdges(networkOnly ? data.edges.filter((edge) => edge.sign !== 0) : data.edges), [data, networkOnly]);
  const genes = useMemo(() => data.nodes.map((node) => node.id), [data]);
  // Start with the 300 heaviest edges: readable at 529 genes, and the sliders widen it.
  const [slider, setSlider] = useState(saved?.thresholdSlider ?? 0);
  const [topKSlider, setTopKSlider] = useState(saved?.topKSlider ?? topKToSlider(Math.min(300, sorted.length), sorted.length));
  const topK = sliderToTopK(topKSlider, sorted.length);
  const [layout, setLayout] = useState<NetworkLayoutKind>(saved?.layout ?? 'force');
  const [query, setQuery] = useState('');
  const [hideIsolated, setHideIsolated] = useState(saved?.hideIsolated ?? true);
  const [focus, setFocus] = useState<string | null>(saved?.focus ?? null);
  const [resetSignal, setResetSignal] = useState(0);
  const [relayoutSignal, setRelayoutSignal] = useState(0);
  // Remembered per run (switching views keeps them; project files save them).
  const setNetworkView = app.setNetworkView;
  useEffect(() => {
    setNetworkView(runId, { thresholdSlider: slider, topKSlider, layout, focus, hideIsolated, networkOnly: networkOnlyChoice });
  }, [runId, slider, topKSlider, layout, focus, hideIsolated, networkOnlyChoice, setNetworkView]);
  const positionsRef = useRef<() => Positions>(() => ({}));
  const [ref, width] = useElementWidth<HTMLDivElement>(900);
  // Over the run's weight quantiles: every step of the slider changes what is drawn.
  const weightsDescending = useMemo(() => sorted.map((edge) => edge.weight), [sorted]);
  const threshold = quantileSliderToWeight(slider, weightsDescending);
  const selected = useMemo(() => selectFromSorted(sorted, { threshold, topK }), [sorted, threshold, topK]);
  // Rows picked in the edge table: drawn even below the threshold, on top, with both genes marked.
  const [picked, setPicked] = useState<ReadonlyMap<string, EdgeTableRow>>(new Map());
  // The layout is made from the sliders' and the table's edges; the focused gene's extra links are only drawn, so
  // focusing a gene (e.g. to knock it out) restyles the picture instead of setting the whole layout in motion again.
  const layoutEdges = useMemo(() => withPickedEdges(selected, picked.values()), [selected, picked]);
  const edges = useMemo(() => withPickedEdges(withFocusEdges(selected, sorted, focus), picked.values()), [selected, sorted, focus, picked]);
  const pickedKeys = useMemo(() => new Set([...picked.values()].map(edgeKey)), [picked]);
  const matches = useMemo(() => searchGenes(data.nodes, query, 12), [data, query]);
  // The last perturbation's strongest responders are coloured on the network with the search's matches.
  const [responders, setResponders] = useState<string[]>([]);
  const highlighted = useMemo(
    () => [...new Set([...matches.map((node) => node.id), ...responders, ...genesOfPicked(picked.values())])],
    [matches, responders, picked],
  );
  // The focus lists come from the whole network (strongest first), not only from the edges drawn.
  const focusLinks = useMemo(() => (focus ? neighbours(sorted, focus) : null), [sorted, focus]);
  const focusSelected = focus ? selected.filter((edge) => edge.source === focus || edge.target === focus).length : 0;
  const canvasWidth = Math.max(360, width - 290);
  const scoring = app.referenceScores[runId];
  const reference = useMemo(() => (scoring?.marks ? scoring.score.referenceEdges : null), [scoring]);

  return (
    <section className="view network-view" ref={ref}>
      <h2>Network</h2>
      <div className="panel row controls">
        <label>
          Weight threshold {formatValue(threshold)}
          <input
            type="range"
            min={0}
            max={SLIDER_STEPS}
            value={slider}
            data-testid={TEST_IDS.network.threshold}
            aria-valuetext={formatValue(threshold)}
            onChange={(event) => setSlider(Number(event.target.value))}
          />
        </label>
        <label>
          Top {topK >= sorted.length ? 'all' : topK.toLocaleString('en-US')} edges
          <input
            type="range"
            min={0}
            max={SLIDER_STEPS}
            value={topKSlider}
            data-testid={TEST_IDS.network.topK}
            aria-valuetext={String(topK)}
            onChange={(event) => setTopKSlider(Number(event.target.value))}
          />
        </label>
        <label>
          Layout
          <select
            value={layout}
            data-testid={TEST_IDS.network.layout}
            onChange={(event) => setLayout(event.target.value as NetworkLayoutKind)}
          >
            <option value="force">force-directed</option>
            <option value="hierarchical">hierarchical (TF → target)</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={hideIsolated}
            data-testid={TEST_IDS.network.hideIsolated}
            onChange={(event) => setHideIsolated(event.target.checked)}
          />{' '}
          hide genes without edges
        </label>
        {unsignedCount > 0 && (
          <label title="Edges with sign 0 are ranked pairs outside the fitted (cut-off) network: drawn grey as unsigned when shown">
            <input
              type="checkbox"
              checked={networkOnlyChoice}
              data-testid={TEST_IDS.network.networkOnly}
              data-unsigned={unsignedCount}
              onChange={(event) => {
                // Keep the number of edges drawn (the top-k slider is logarithmic over the edges it selects from);
                // "all" stays all, up to the 300 the view starts with, so hundreds of thousands never appear at once.
                const total = sorted.length + (event.target.checked ? -unsignedCount : unsignedCount);
                const keep = topK >= sorted.length ? Math.max(topK, 300) : topK;
                setTopKSlider(topKToSlider(Math.min(keep, total), total));
                setNetworkOnly(event.target.checked);
              }}
            />{' '}
            network only (hide {unsignedCount.toLocaleString('en-US')} ranked pairs outside it, sign 0)
          </label>
        )}
        <button type="button" data-testid={TEST_IDS.network.resetView} onClick={() => setResetSignal((n) => n + 1)}>
          Fit view
        </button>
        <button
          type="button"
          data-testid={TEST_IDS.network.relayout}
          onClick={() => setRelayoutSignal((n) => n + 1)}
          disabled={layout !== 'force'}
        >
          New layout
        </button>
      </div>
      <p className="counts">
        <b data-testid={TEST_IDS.network.edgeCount} data-count={selected.length}>
          {selected.length.toLocaleString('en-US')}
        </b>{' '}
        of {sorted.length.toLocaleString('en-US')} edges
        {edgeTotal > sorted.length ? ` (the heaviest of ${edgeTotal.toLocaleString('en-US')}; all are in the run folder)` : ''} ·{' '}
        <b data-testid={TEST_IDS.network.nodeCount} data-count={data.nodes.length}>
          {data.nodes.length}
        </b>{' '}
        genes ({hasTFList ? `${data.nodes.filter((node) => node.isTF).length} TFs` : 'no TF list given'})
        <span className="legend-inline">
          <span className="swatch tf" /> TF <span className="swatch target" /> target <span className="swatch activation" /> activation{' '}
          <span className="swatch repression" /> repression · width = weight
        </span>
        {reference && (
          <span className="legend-inline" data-testid={TEST_IDS.score.legend}>
            <span className="swatch mark" style={{ background: REFERENCE_MARK_COLORS['true-positive'] }} /> in the reference{' '}
            <span className="swatch mark" style={{ background: REFERENCE_MARK_COLORS['false-positive'] }} /> not in it{' '}
            <span className="swatch mark missed" style={{ borderColor: REFERENCE_MARK_COLORS.missed }} /> missed (dashed)
          </span>
        )}
      </p>
      <div className="network-layout">
        <NetworkCanvas
          data={data}
          edges={edges}
          layoutEdges={layoutEdges}
          layout={layout}
          seed={seed}
          focus={focus}
          highlighted={highlighted}
          hideIsolated={hideIsolated}
          width={canvasWidth}
          height={560}
          onFocus={setFocus}
          positionsRef={positionsRef}
          resetSignal={resetSignal}
          relayoutSignal={relayoutSignal}
          reference={reference}
          highlightedEdges={pickedKeys}
        />
        <aside className="network-side">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (matches[0]) setFocus(matches[0].id);
              else if (query.trim())
                app.notify({ kind: 'error', message: `No gene named like "${query.trim()}" in this run's ${data.nodes.length} genes.` });
            }}
          >
            <label>
              Find a gene{' '}
              <input
                type="search"
                value={query}
                data-testid={TEST_IDS.network.search}
                placeholder="e.g. Gata1"
                onChange={(event) => setQuery(event.target.value)}
              />
            </label>
          </form>
          {query.trim() && (
            <ul className="search-results">
              {matches.length === 0 && <li className="hint">No match.</li>}
              {matches.map((node) => (
                <li key={node.id}>
                  <button
                    type="button"
                    className="link"
                    data-testid={TEST_IDS.network.searchResult}
                    data-gene={node.id}
                    onClick={() => setFocus(node.id)}
                  >
                    {node.id}
                    {node.isTF ? ' (TF)' : ''}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div data-testid={TEST_IDS.network.focus} data-gene={focus ?? ''}>
            {focus && focusLinks ? (
              <>
                <h3>
                  {focus}{' '}
                  <button type="button" className="link" data-testid={TEST_IDS.network.clearFocus} onClick={() => setFocus(null)}>
                    clear
                  </button>
                </h3>
                <p className="hint">
                  {focusSelected} of its edges pass the threshold and top-k; its 10 strongest regulators and targets are drawn in any case.
                </p>
                <NeighbourList
                  title="Regulators"
                  items={focusLinks.regulators.map((edge) => ({ gene: edge.source, weight: edge.weight, sign: edge.sign }))}
                  onPick={setFocus}
                />
                <NeighbourList
                  title="Targets"
                  items={focusLinks.targets.map((edge) => ({ gene: edge.target, weight: edge.weight, sign: edge.sign }))}
                  onPick={setFocus}
                />
              </>
            ) : (
              <p className="hint">Click a gene (or search) to see its regulators and targets.</p>
            )}
          </div>
          <ReferenceScorePanel runId={runId} runLabel={runLabel} />
        </aside>
      </div>
      {/* Below the canvas: on a 1024×700 screen the network itself comes first, above the fold. */}
      <EdgeTablePanel runId={runId} runLabel={runLabel} genes={genes} hasTFList={hasTFList} selected={picked} onSelect={setPicked} />
      <PerturbationPanel key={focus ?? ''} runId={runId} runLabel={runLabel} focus={focus} width={width} onResponders={setResponders} />
      <ExportPanel
        runId={runId}
        figure="network"
        networkFile
        viewOptions={() => ({
          // Both apply on screen; the whole list counts as no top-k.
          selection: { ...(threshold > 0 ? { threshold } : {}), ...(topK < sorted.length ? { topK } : {}) },
          positions: positionsRef.current(),
          layout,
          referenceMarks: reference !== null,
          hideIsolated,
          networkOnly,
          // The focused gene's strongest links are drawn below the threshold too: "as shown" exports hold them.
          focus,
        })}
      />
    </section>
  );
}

function NeighbourList({
  title,
  items,
  onPick,
}: {
  title: string;
  items: { gene: string; weight: number; sign: number }[];
  onPick(gene: string): void;
}) {
  return (
    <div data-list={title.toLowerCase()}>
      <h4>
        {title} ({items.length})
      </h4>
      <ul className="neighbours">
        {items.slice(0, 40).map((item) => (
          <li key={item.gene}>
            <button
              type="button"
              className="link"
              data-testid={TEST_IDS.network.neighbour}
              data-gene={item.gene}
              onClick={() => onPick(item.gene)}
            >
              {item.gene}
            </button>{' '}
            <span className={item.sign > 0 ? 'activation' : item.sign < 0 ? 'repression' : ''}>
              {item.sign > 0 ? '→ activates' : item.sign < 0 ? '⊣ represses' : '— unsigned'}
            </span>{' '}
            <span className="hint">{formatValue(item.weight)}</span>
          </li>
        ))}
        {items.length > 40 && <li className="hint">and {items.length - 40} more (raise the threshold)</li>}
      </ul>
    </div>
  );
}
