/**
 * Heatmap: the TF × target effect matrix clustered on both axes, with zoom and the value under the pointer.
 * Clustering runs once per run (it is the slow part) and the orders are handed to the render function.
 */
import { useMemo, useState } from 'react';
import { FigureHost } from '../components/figure-host.tsx';
import { downloadSvg } from '../components/download.ts';
import { useElementWidth, useRunResult } from '../components/hooks.ts';
import { clusterHeatmap, heatmapCellAt, layoutHeatmap, renderHeatmap, type HeatmapFigureOptions } from '../figures/render-heatmap.ts';
import { formatValue } from '../figures/svg.ts';
import { TEST_IDS } from '../test-ids.ts';
import { heatmapFromResult } from '../view-logic/run-adapters.ts';

export function HeatmapView() {
  const { run, result, reason } = useRunResult();
  const [zoom, setZoom] = useState(1);
  const [cluster, setCluster] = useState(true);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  const [ref, width] = useElementWidth<HTMLDivElement>(900);
  const data = useMemo(() => (result ? heatmapFromResult(result) : null), [result]);
  const orders = useMemo(() => (data ? clusterHeatmap(data, cluster) : null), [data, cluster]);
  if (!run || !result || !data || !orders) return <section className="view"><h2>Heatmap</h2><p className="hint" data-testid={TEST_IDS.heatmap.empty}>{reason}</p></section>;
  if (data.rows.length === 0) return <section className="view"><h2>Heatmap</h2><p className="hint" data-testid={TEST_IDS.heatmap.empty}>{run.label} has no edges above 1e-5: the model regularised every path away. Try a smaller λ.</p></section>;

  const base = Math.max(480, width - 20);
  const options: HeatmapFigureOptions = {
    size: { width: base * zoom, height: Math.max(360, Math.min(2400, data.rows.length * 14 + 220)) * zoom },
    rowOrder: orders.rowOrder,
    columnOrder: orders.columnOrder,
    dendrograms: false,
    // Above ~40,000 cells a rectangle per cell makes the page slow; the screen draws them as one image then.
    rasterCells: data.rows.length * data.columns.length > 40_000,
  };
  const layout = layoutHeatmap(data, options);
  return (
    <section className="view heatmap-view" ref={ref}>
      <h2>Heatmap</h2>
      <div className="panel row controls">
        <label>Zoom {zoom.toFixed(1)}×
          <input type="range" min={1} max={6} step={0.5} value={zoom} data-testid={TEST_IDS.heatmap.zoom} onChange={(event) => setZoom(Number(event.target.value))} />
        </label>
        <label><input type="checkbox" checked={cluster} data-testid={TEST_IDS.heatmap.cluster} onChange={(event) => setCluster(event.target.checked)} /> cluster rows and columns (average linkage)</label>
        <button type="button" data-testid={TEST_IDS.heatmap.exportSvg} onClick={() => downloadSvg(renderHeatmap(data, { size: { width: 183, height: 150, unit: 'mm' }, cluster, title: `${run.label}: regulator × target effects` }, document), `${run.label.replace(/\W+/g, '-')}-heatmap.svg`)}>Save as SVG</button>
        <span className="hint">{data.rows.length} regulators × {data.columns.length} targets; red activates, blue represses.</span>
      </div>
      <p className="hover-value" data-testid={TEST_IDS.heatmap.hover} aria-live="polite">{hover ? hover.text : 'Point at a cell to read its value.'}</p>
      <div className="heatmap-scroll">
        <FigureHost
          testId={TEST_IDS.heatmap.figure}
          label={`Effect matrix of ${data.rows.length} regulators on ${data.columns.length} targets`}
          version={`${run.runId}:${zoom}:${cluster}:${base}`}
          render={(doc) => renderHeatmap(data, options, doc)}
          onPointerMove={(event) => {
            const rect = event.currentTarget.getBoundingClientRect();
            const x = event.clientX - rect.left;
            const y = event.clientY - rect.top;
            const cell = heatmapCellAt(layout, x, y);
            if (!cell) { setHover(null); return; }
            const value = data.values[cell.row * data.columns.length + cell.column];
            setHover({ text: `${data.rows[cell.row]} → ${data.columns[cell.column]}: ${value === 0 ? 'no edge (< 1e-5)' : `${value > 0 ? 'activation' : 'repression'}, weight ${formatValue(Math.abs(value))}`}`, x, y });
          }}
          onPointerLeave={() => setHover(null)}
        />
      </div>
    </section>
  );
}
