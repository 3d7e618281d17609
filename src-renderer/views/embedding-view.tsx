/**
 * The Embedding view: the open data set's cells by UMAP, PCA or diffusion map (computed in the dataset worker),
 * coloured by any obs column (pseudotime, lineage, donor, …) or a gene's expression, on a canvas that pans and
 * zooms 100,000 cells. The lasso excludes the enclosed cells from the next training run, through the selection.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import type { CellColumn, CellEmbedding, DatasetInfo, EmbeddingKind } from '../../src-shared/contract/types.ts';
import { completeGeneName, geneNamesOf } from '../../src-shared/gene-names.ts';
import { cellsInLasso, withExcludedCells } from '../../src-shared/lasso.ts';
import { useApp, useSession } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { initialSelection } from '../view-logic/selection.ts';
import { canUndoExcludedCells, setExcludedCells, undoExcludedCells } from '../view-logic/cell-exclusion.ts';
import { colourCells, colourNumbers, EXCLUDED_COLOUR, packColour, type CellColouring } from './embedding/cell-colours.ts';
import { fitTransform, rasterCells, toData, type ViewTransform } from './embedding/point-raster.ts';

/** Embeddings already computed this session, per data set: switching views does not recompute them. */
const computed = new Map<string, CellEmbedding>();
const CANVAS_HEIGHT = 560;
const BACKGROUND = packColour('#ffffff');
const GENE_CHOICE = '\u0000gene';

export function EmbeddingView() {
  const app = useApp();
  const session = useSession();
  const dataset = session.datasets.find((entry) => entry.datasetId === app.datasetId) ?? null;
  return (
    <section className="view embedding-view">
      <h2>Embedding</h2>
      {dataset ? (
        <EmbeddingOfDataset key={dataset.datasetId} dataset={dataset} />
      ) : (
        <p className="hint">Open a data set in the Data view first.</p>
      )}
    </section>
  );
}

function EmbeddingOfDataset({ dataset }: { dataset: DatasetInfo }) {
  const app = useApp();
  const [embedding, setEmbedding] = useState<CellEmbedding | null>(computed.get(dataset.datasetId) ?? null);
  const [busy, setBusy] = useState(false);
  const [kind, setKind] = useState<EmbeddingKind>('umap');
  const selection = app.selections[dataset.datasetId] ?? initialSelection(dataset);
  const [colourBy, setColourBy] = useState<string>(selection.pseudotimeColumn);
  const [gene, setGene] = useState<{ name: string; values: number[] } | null>(null);

  const compute = useCallback(async () => {
    setBusy(true);
    try {
      const value = app.unwrap(await app.api['dataset:embedding']({ datasetId: dataset.datasetId, seed: 0 }), 'Computing the embedding');
      if (value) {
        computed.set(dataset.datasetId, value);
        setEmbedding(value);
      }
    } finally {
      setBusy(false);
    }
  }, [app, dataset.datasetId]);

  const column: CellColumn | null = useMemo(() => {
    if (!embedding) return null;
    if (colourBy === GENE_CHOICE) return gene ? { name: gene.name, type: 'numeric', values: gene.values } : null;
    return embedding.obs.find((entry) => entry.name === colourBy) ?? embedding.obs[0] ?? null;
  }, [embedding, colourBy, gene]);
  const colouring = useMemo(
    () => (column ? colourCells(column) : embedding ? colourNumbers('no colour', new Array(embedding.cells).fill(null)) : null),
    [column, embedding],
  );

  if (!embedding) {
    return (
      <div className="panel">
        <p>
          {dataset.cells.toLocaleString('en-US')} cells of "{dataset.name}": PCA, diffusion map and UMAP (seeded, so the same data gives the
          same picture) are computed in the background; 100,000 cells take minutes.
        </p>
        <button type="button" disabled={busy} data-testid={TEST_IDS.embedding.compute} onClick={() => void compute()}>
          {busy ? 'Computing the embedding…' : 'Compute the embedding'}
        </button>
      </div>
    );
  }
  const layout = embedding.layouts.find((entry) => entry.kind === kind) ?? embedding.layouts[0];
  const roles = new Map<string, string>([
    [selection.pseudotimeColumn, 'pseudotime'],
    ...(selection.lineageColumn ? ([[selection.lineageColumn, 'lineage']] as const) : []),
    ...(selection.donorColumn ? ([[selection.donorColumn, 'donor']] as const) : []),
  ]);
  const excluded = selection.excludedCells ?? [];

  return (
    <div className="panel embedding-panel">
      <div className="embedding-controls">
        <label>
          Picture
          <select value={kind} data-testid={TEST_IDS.embedding.kind} onChange={(event) => setKind(event.target.value as EmbeddingKind)}>
            {embedding.layouts.map((entry) => (
              <option key={entry.kind} value={entry.kind}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Colour by
          <select
            value={column && colourBy !== GENE_CHOICE ? column.name : colourBy}
            data-testid={TEST_IDS.embedding.colourBy}
            onChange={(event) => setColourBy(event.target.value)}
          >
            {embedding.obs.map((entry) => (
              <option key={entry.name} value={entry.name}>
                {entry.name}
                {roles.has(entry.name) ? ` (${roles.get(entry.name)})` : ''}
              </option>
            ))}
            <option value={GENE_CHOICE}>a gene's expression…</option>
          </select>
        </label>
        {colourBy === GENE_CHOICE && (
          <GeneColourField
            dataset={dataset}
            geneNameColumn={selection.geneNameColumn}
            onValues={(name, values) => setGene({ name, values })}
          />
        )}
      </div>
      <div className="embedding-body">
        {colouring && (
          <CellCanvas
            xy={layout.xy}
            axes={layout.axes}
            colouring={colouring}
            cellNames={embedding.cellNames}
            excluded={excluded}
            onLasso={(enclosed) => {
              const next = withExcludedCells(excluded, embedding.cellNames, enclosed);
              if (next.length === excluded.length) return;
              app.setSelection(dataset.datasetId, setExcludedCells(dataset.datasetId, selection, next));
            }}
          />
        )}
        {colouring && <Legend colouring={colouring} />}
      </div>
      <p className="hint" data-testid={TEST_IDS.embedding.excluded} data-excluded={excluded.length}>
        {excluded.length > 0
          ? `${excluded.length.toLocaleString('en-US')} of ${embedding.cells.toLocaleString('en-US')} cells excluded from the next training run (grey).`
          : 'Draw around cells with the lasso to exclude them from the next training run.'}{' '}
        <button
          type="button"
          disabled={!canUndoExcludedCells(dataset.datasetId)}
          data-testid={TEST_IDS.embedding.undo}
          onClick={() => {
            const previous = undoExcludedCells(dataset.datasetId, selection);
            if (previous) app.setSelection(dataset.datasetId, previous);
          }}
        >
          Undo
        </button>
      </p>
      <p className="hint" data-testid={TEST_IDS.embedding.notes}>
        {embedding.notes.join(' · ')} · computed in{' '}
        {Object.values(embedding.seconds)
          .reduce((a, b) => a + b, 0)
          .toFixed(1)}{' '}
        s
      </p>
    </div>
  );
}

/** Completes a gene name (symbols when the Data view names genes by them) and fetches its expression per cell. */
function GeneColourField({
  dataset,
  geneNameColumn,
  onValues,
}: {
  dataset: DatasetInfo;
  geneNameColumn: string | null | undefined;
  onValues: (name: string, values: number[]) => void;
}) {
  const app = useApp();
  const names = useMemo(() => geneNamesOf(dataset, geneNameColumn), [dataset, geneNameColumn]);
  const [typed, setTyped] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const matches = completeGeneName(names, typed);
  const show = async () => {
    const text = typed.trim();
    let index = names.indexOf(text);
    if (index < 0) index = names.findIndex((name) => name.toLowerCase() === text.toLowerCase());
    if (index < 0) {
      setMessage(
        `"${text}" is not a gene of "${dataset.name}"${matches.length ? `; did you mean ${matches.slice(0, 3).join(', ')}?` : '.'}`,
      );
      return;
    }
    setMessage(null);
    const result = app.unwrap(
      await app.api['dataset:gene-values']({ datasetId: dataset.datasetId, gene: index }),
      `Reading ${names[index]}`,
    );
    if (result) onValues(names[index], result.values);
  };
  return (
    <label className="gene-add">
      Gene
      <input
        type="text"
        list="embedding-gene-options"
        value={typed}
        autoComplete="off"
        placeholder={names[0] ? `e.g. ${names[0]}` : ''}
        data-testid={TEST_IDS.embedding.gene}
        onChange={(event) => setTyped(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void show();
          }
        }}
      />
      <datalist id="embedding-gene-options">
        {matches.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button type="button" data-testid={TEST_IDS.embedding.geneShow} onClick={() => void show()}>
        Colour
      </button>
      {message && (
        <span className="hint" role="status">
          {message}
        </span>
      )}
    </label>
  );
}

type Mode = 'pan' | 'lasso';

/** The canvas: drag pans (or draws the lasso in lasso mode), the wheel zooms about the pointer. */
function CellCanvas({
  xy,
  axes,
  colouring,
  cellNames,
  excluded,
  onLasso,
}: {
  xy: number[];
  axes: [string, string];
  colouring: CellColouring;
  cellNames: string[];
  excluded: string[];
  onLasso: (enclosed: number[]) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [mode, setMode] = useState<Mode>('pan');
  const [width, setWidth] = useState(720);
  const transform = useRef<ViewTransform | null>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const lasso = useRef<number[]>([]);
  const frame = useRef<number | null>(null);
  const image = useRef<ImageData | null>(null);
  const xyArray = useMemo(() => Float64Array.from(xy), [xy]);
  const excludedMask = useMemo(() => {
    if (excluded.length === 0) return null;
    const set = new Set(excluded);
    return Uint8Array.from(cellNames, (name) => (set.has(name) ? 1 : 0));
  }, [cellNames, excluded]);
  const ratio = typeof window === 'undefined' ? 1 : Math.min(2, window.devicePixelRatio || 1);
  const pixelsWide = Math.round(width * ratio);
  const pixelsHigh = Math.round(CANVAS_HEIGHT * ratio);

  const draw = useCallback(() => {
    frame.current = null;
    const started = performance.now();
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    if (!transform.current) transform.current = fitTransform(xyArray, pixelsWide, pixelsHigh, 16 * ratio);
    if (!image.current || image.current.width !== pixelsWide || image.current.height !== pixelsHigh)
      image.current = context.createImageData(pixelsWide, pixelsHigh);
    rasterCells(new Uint32Array(image.current.data.buffer), pixelsWide, pixelsHigh, transform.current, {
      xy: xyArray,
      colours: colouring.colours,
      order: colouring.order,
      excluded: excludedMask,
      excludedColour: EXCLUDED_COLOUR,
      background: BACKGROUND,
      size: Math.max(2, Math.round((xyArray.length > 80_000 ? 2 : xyArray.length > 10_000 ? 3 : 5) * ratio)),
    });
    context.putImageData(image.current, 0, 0);
    if (lasso.current.length >= 4) {
      context.beginPath();
      context.moveTo(lasso.current[0], lasso.current[1]);
      for (let i = 2; i < lasso.current.length; i += 2) context.lineTo(lasso.current[i], lasso.current[i + 1]);
      context.closePath();
      context.strokeStyle = '#d62728';
      context.lineWidth = 1.5 * ratio;
      context.setLineDash([6 * ratio, 4 * ratio]);
      context.stroke();
      context.setLineDash([]);
    }
    canvas.dataset.frames = String(Number(canvas.dataset.frames ?? '0') + 1);
    // The draw's cost, for scripts/bench-embedding.ts (Performance panel too).
    performance.measure('embedding:draw', { start: started });
  }, [xyArray, colouring, excludedMask, pixelsWide, pixelsHigh, ratio]);
  // The frame draws with the latest colours and exclusions, even when it was requested before they changed.
  const latestDraw = useRef(draw);
  latestDraw.current = draw;
  const requestDraw = useCallback(() => {
    if (frame.current === null) frame.current = requestAnimationFrame(() => latestDraw.current());
  }, []);

  // A new picture (another layout) starts fitted to the window.
  useEffect(() => {
    transform.current = null;
  }, [xyArray, pixelsWide]);
  useEffect(() => {
    requestDraw();
  }, [requestDraw, draw]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas?.parentElement) return;
    const observer = new ResizeObserver((entries) => {
      const available = Math.floor(entries[0].contentRect.width);
      if (available > 100) setWidth(Math.min(available, 1400));
    });
    observer.observe(canvas.parentElement);
    return () => observer.disconnect();
  }, []);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const at = (event: PointerEvent<HTMLCanvasElement> | WheelEvent<HTMLCanvasElement>): [number, number] => {
    const box = event.currentTarget.getBoundingClientRect();
    return [(event.clientX - box.left) * ratio, (event.clientY - box.top) * ratio];
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    event.currentTarget.setPointerCapture(event.pointerId);
    const [x, y] = at(event);
    if (mode === 'lasso') lasso.current = [x, y];
    else drag.current = { x, y };
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const [x, y] = at(event);
    if (mode === 'lasso' && lasso.current.length >= 2) {
      lasso.current.push(x, y);
      requestDraw();
    } else if (drag.current && transform.current) {
      transform.current = {
        ...transform.current,
        tx: transform.current.tx + x - drag.current.x,
        ty: transform.current.ty + y - drag.current.y,
      };
      drag.current = { x, y };
      requestDraw();
    }
  };
  const onPointerUp = () => {
    drag.current = null;
    if (mode !== 'lasso' || !transform.current) return;
    const outline = lasso.current;
    lasso.current = [];
    requestDraw();
    if (outline.length < 6) return;
    const polygon: number[] = [];
    for (let i = 0; i < outline.length; i += 2) polygon.push(...toData(transform.current, outline[i], outline[i + 1]));
    onLasso(cellsInLasso(xyArray, polygon));
  };
  const onWheel = (event: WheelEvent<HTMLCanvasElement>) => {
    if (!transform.current) return;
    const [x, y] = at(event);
    const factor = Math.exp(-event.deltaY * 0.0015);
    const t = transform.current;
    // Zoom about the pointer: the data point under it stays under it.
    transform.current = { scale: t.scale * factor, tx: x - (x - t.tx) * factor, ty: y - (y - t.ty) * factor };
    requestDraw();
  };

  return (
    <div className="embedding-canvas-host">
      <div className="embedding-modes" role="group" aria-label="Mouse mode">
        <button type="button" aria-pressed={mode === 'pan'} data-testid={TEST_IDS.embedding.pan} onClick={() => setMode('pan')}>
          Pan and zoom
        </button>
        <button type="button" aria-pressed={mode === 'lasso'} data-testid={TEST_IDS.embedding.lasso} onClick={() => setMode('lasso')}>
          Lasso: exclude cells
        </button>
        <button
          type="button"
          data-testid={TEST_IDS.embedding.reset}
          onClick={() => {
            transform.current = null;
            requestDraw();
          }}
        >
          Fit to window
        </button>
      </div>
      <canvas
        ref={canvasRef}
        width={pixelsWide}
        height={pixelsHigh}
        style={{ width, height: CANVAS_HEIGHT, cursor: mode === 'lasso' ? 'crosshair' : 'grab', touchAction: 'none' }}
        data-testid={TEST_IDS.embedding.canvas}
        data-cells={xy.length / 2}
        aria-label={`${xy.length / 2} cells; ${axes[0]} across, ${axes[1]} up`}
        role="img"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      />
      <div className="embedding-axes">
        <span>{axes[0]} →</span>
        <span>↑ {axes[1]}</span>
      </div>
    </div>
  );
}

function Legend({ colouring }: { colouring: CellColouring }) {
  const legend = colouring.legend;
  return (
    <div className="embedding-legend" data-testid={TEST_IDS.embedding.legend} data-legend={legend.kind} data-title={legend.title}>
      <h4>{legend.title}</h4>
      {legend.kind === 'numeric' ? (
        <div>
          <div className="colour-bar" style={{ background: `linear-gradient(to right, ${legend.stops.join(', ')})` }} />
          <div className="colour-bar-labels">
            <span>{formatValue(legend.min)}</span>
            <span>{formatValue(legend.max)}</span>
          </div>
        </div>
      ) : (
        <ul>
          {legend.levels.slice(0, 40).map((level) => (
            <li key={level.name}>
              <span className="swatch" style={{ background: level.colour }} /> {level.name} ({level.cells.toLocaleString('en-US')})
            </li>
          ))}
          {legend.levels.length > 40 && <li>… and {legend.levels.length - 40} more</li>}
        </ul>
      )}
      {legend.missing > 0 && <p className="hint">{legend.missing.toLocaleString('en-US')} cells without a value (grey)</p>}
    </div>
  );
}

function formatValue(value: number): string {
  return Math.abs(value) >= 1000 || (value !== 0 && Math.abs(value) < 0.01) ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}
