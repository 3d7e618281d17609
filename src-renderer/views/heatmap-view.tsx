/**
 * Heatmap: the TF × target effect matrix clustered on both axes, with zoom and the value under the pointer.
 * Clustering runs once per run (it is the slow part) and the orders are handed to the render function.
 */
import { useMemo, useState } from 'react';
import { FigureHost } from '../components/figure-host.tsx';
import { useElementWidth, useRunResult } from '../components/hooks.ts';
import { ExportPanel } from '../components/export-panel.tsx';
import {
  clusterHeatmap,
  heatmapCellAt,
  layoutHeatmap,
  renderHeatmap,
  robustColorMax,
  type HeatmapFigureOptions,
} from '../../src-shared/figures/render-heatmap.ts';
import { formatValue } from '../../src-shared/figures/svg.ts';
import { TEST_IDS } from '../test-ids.ts';
import { heatmapFromResult } from '../../src-shared/figures/run-adapters.ts';

export function HeatmapView() {
  const { run, result, reason } = useRunResult();
  const [zoom, setZoom] = useState(1);
  const [cluster, setCluster] = useState(true);
  const [hover, setHover] = useState<{ text: string; x: number; y: number } | null>(null);
  // Keyboard cursor, in drawn (clustered) order.
  const [cursor, setCursor] = useState<{ r: number; c: number } | null>(null);
  const [ref, width] = useElementWidth<HTMLDivElement>(900);
  const data = useMemo(() => (result ? heatmapFromResult(result) : null), [result]);
  const orders = useMemo(() => (data ? clusterHeatmap(data, cluster) : null), [data, cluster]);
  const colorMax = useMemo(() => (data ? robustColorMax(data.values) : 1), [data]);
  if (!run || !result || !data || !orders)
    return (
      <section className="view">
        <h2>Heatmap</h2>
        <p className="hint" data-testid={TEST_IDS.heatmap.empty}>
          {reason}
        </p>
      </section>
    );
  if (data.rows.length === 0)
    return (
      <section className="view">
        <h2>Heatmap</h2>
        <p className="hint" data-testid={TEST_IDS.heatmap.empty}>
          {run.label} has no edges above 1e-5: the model regularised every path away. Try a smaller λ.
        </p>
      </section>
    );

  const base = Math.max(480, width - 20);
  const options: HeatmapFigureOptions = {
    size: { width: base * zoom, height: Math.max(360, Math.min(2400, data.rows.length * 14 + 220)) * zoom },
    rowOrder: orders.rowOrder,
    columnOrder: orders.columnOrder,
    colorMax,
    dendrograms: false,
    // Above ~40,000 cells a rectangle per cell makes the page slow; the screen draws them as one image then.
    rasterCells: data.rows.length * data.columns.length > 40_000,
  };
  const layout = layoutHeatmap(data, options);
  const describe = (row: number, column: number) => {
    const value = data.values[row * data.columns.length + column];
    return `${data.rows[row]} → ${data.columns[column]}: ${value === 0 ? 'no edge (< 1e-5)' : `${value > 0 ? 'activation' : 'repression'}, weight ${formatValue(Math.abs(value))}`}`;
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const current = cursor ?? { r: 0, c: 0 };
    const next = cursor
      ? {
          r: Math.min(layout.rowOrder.length - 1, Math.max(0, current.r + move[0])),
          c: Math.min(layout.columnOrder.length - 1, Math.max(0, current.c + move[1])),
        }
      : current;
    setCursor(next);
    setHover({ text: describe(layout.rowOrder[next.r], layout.columnOrder[next.c]), x: 0, y: 0 });
  };
  return (
    <section className="view heatmap-view" ref={ref}>
      <h2>Heatmap</h2>
      <div className="panel row controls">
        <label>
          Zoom {zoom.toFixed(1)}×
          <input
            type="range"
            min={1}
            max={6}
            step={0.5}
            value={zoom}
            data-testid={TEST_IDS.heatmap.zoom}
            onChange={(event) => setZoom(Number(event.target.value))}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={cluster}
            data-testid={TEST_IDS.heatmap.cluster}
            onChange={(event) => setCluster(event.target.checked)}
          />{' '}
          cluster rows and columns (average linkage)
        </label>
        <span className="hint">
          {data.rows.length} regulators × {data.columns.length} targets; red activates, blue represses.
        </span>
      </div>
      {/* The file draws the same matrix (the run's whole effect matrix) with the same clustering and colour range. */}
      <ExportPanel runId={run.runId} figure="heatmap" viewOptions={() => ({ cluster })} />
      <p className="hover-value" data-testid={TEST_IDS.heatmap.hover} aria-live="polite">
        {hover ? hover.text : 'Point at a cell, or focus the matrix and use the arrow keys, to read its value.'}
      </p>
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
            if (!cell) {
              setHover(null);
              return;
            }
            setHover({ text: describe(cell.row, cell.column), x, y });
          }}
          onPointerLeave={() => setHover(null)}
          onKeyDown={onKeyDown}
          overlay={
            cursor && (
              <div
                className="cell-cursor"
                style={{
                  left: layout.plot.x + cursor.c * layout.cellWidth - 1,
                  top: layout.plot.y + cursor.r * layout.cellHeight - 1,
                  width: Math.max(3, layout.cellWidth) + 2,
                  height: Math.max(3, layout.cellHeight) + 2,
                }}
              />
            )
          }
        />
      </div>
    </section>
  );
}
