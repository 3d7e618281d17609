/**
 * The Export panel of every result view: the figure as SVG, PNG or PDF at a journal size (89 mm / 183 mm / custom),
 * dpi and background; in the Network view also the network file (CSV … CX2) of the current selection or the whole
 * network, with the current layout positions; and the HTML report. Files are made in main by the export library
 * (provenance inside every one); the browser shell downloads them, the desktop app has saved them already.
 */
import { useEffect, useRef, useState } from 'react';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import type { Result } from '../../src-shared/contract/result.ts';
import { useApp, type NetworkViewState } from '../app-context.ts';
import { sliderToTopK } from '../view-logic/network-controls.ts';
import { quantileSliderToWeight } from '../view-logic/threshold-quantiles.ts';
import { describedBy, Help } from './help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { downloadExportedFile } from './download.ts';

export type ExportFigureKind = RequestOf<'export:figure'>['figure'];
type FigureFormat = RequestOf<'export:figure'>['format'];
type NetworkFormat = RequestOf<'export:network'>['format'];
type Dpi = RequestOf<'export:figure'>['dpi'];

/** What the Network view adds: its current selection, positions and layout, read at the moment of export. */
export interface NetworkExportOptions {
  selection: { threshold?: number; topK?: number };
  positions: Record<string, { x: number; y: number }>;
  layout: 'force' | 'hierarchical';
  /** The network's marks against the run's reference scoring are on: the figure draws them too. */
  referenceMarks: boolean;
  /** Genes without a drawn edge are hidden on screen: the figure and an "as shown" network file leave them out. */
  hideIsolated: boolean;
  /** Network view: the focused gene, whose strongest links are drawn below the threshold too. */
  focus: string | null;
  /** Network view: only the fitted network's edges (sign ≠ 0) are drawn; "as shown" files keep only those. */
  networkOnly: boolean;
  /** Heatmap view: rows and columns clustered on screen. */
  cluster: boolean;
  /** Trajectories view: held-out donors drawn on screen. */
  heldOut: boolean;
  /** Trajectories view: one panel per gene and lineage on screen. */
  facetByLineage: boolean;
}

interface Props {
  runId: string;
  figure: ExportFigureKind;
  /** Network and heatmap views: the selection (and for the network, positions and layout) on screen now. */
  viewOptions?: () => Partial<NetworkExportOptions>;
  /** Trajectories view: the genes drawn. */
  genes?: string[];
  /** Show the network file export (Network view). */
  networkFile?: boolean;
}

/** Height over width of each figure at the journal presets. */
const ASPECT: Record<ExportFigureKind, number> = {
  network: 0.8,
  heatmap: 0.9,
  trajectories: 0.65,
  curves: 0.55,
  metrics: 1.1,
  'precision-recall': 0.9,
};

const NETWORK_FORMAT_LABELS: Record<NetworkFormat, string> = {
  csv: 'edge list CSV',
  tsv: 'edge list TSV',
  beeline: 'BEELINE rankedEdges.csv',
  sif: 'SIF (Cytoscape)',
  graphml: 'GraphML',
  cyjs: 'Cytoscape.js JSON (.cyjs)',
  cx2: 'CX2 (NDEx)',
  adjacency: 'adjacency matrix CSV',
};

/** The Network view starts at the heaviest 300 edges; exports from other views use the same default. */
export const DEFAULT_TOP_K = 300;

/**
 * The Network view's threshold and top-k of a run (kept per run in the app) as an export selection, so other views
 * export the edges the Network view shows; its starting top 300 when it has not been opened for the run.
 */
export function selectionFromNetworkView(
  state: NetworkViewState | undefined,
  weightsDescending: readonly number[],
): NetworkExportOptions['selection'] | undefined {
  if (weightsDescending.length === 0) return undefined;
  if (!state) return { topK: Math.min(DEFAULT_TOP_K, weightsDescending.length) };
  const threshold = quantileSliderToWeight(state.thresholdSlider, weightsDescending);
  const topK = state.topKSlider === null ? undefined : sliderToTopK(state.topKSlider, weightsDescending.length);
  return { ...(threshold > 0 ? { threshold } : {}), ...(topK !== undefined ? { topK } : {}) };
}

export function ExportPanel({ runId, figure, viewOptions, genes, networkFile }: Props) {
  const app = useApp();
  const [format, setFormat] = useState<FigureFormat>('pdf');
  const [preset, setPreset] = useState<'89' | '183' | 'custom'>('183');
  const [custom, setCustom] = useState({ width: 120, height: 90, unit: 'mm' as 'mm' | 'in' });
  const [dpi, setDpi] = useState<Dpi>(300);
  const [background, setBackground] = useState<'white' | 'transparent'>('white');
  const [networkFormat, setNetworkFormat] = useState<NetworkFormat>('graphml');
  const [scope, setScope] = useState<'view' | 'all'>('view');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');

  const size =
    preset === 'custom' ? custom : { width: Number(preset), height: Math.round(Number(preset) * ASPECT[figure]), unit: 'mm' as const };

  const finish = (result: Result<ExportedFile>, doing: string) => {
    const file = app.unwrap(result, doing);
    if (!file) {
      setStatus('');
      return;
    }
    if (file.savedTo === null) {
      setStatus('Export cancelled.');
      return;
    }
    if (file.savedTo) {
      setStatus(`Saved ${file.savedTo} (${file.bytes.toLocaleString('en-US')} bytes).`);
      return;
    }
    downloadExportedFile(file);
    setStatus(
      `Downloaded ${file.fileName}${file.sidecar ? ` and ${file.sidecar.fileName}` : ''} (${file.bytes.toLocaleString('en-US')} bytes): ${file.content}.`,
    );
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setStatus('Exporting…');
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const exportFigure = () =>
    run(async () => {
      const options = viewOptions?.() ?? {};
      const request: RequestOf<'export:figure'> = {
        runId,
        figure,
        format,
        dpi,
        background,
        width: size.width,
        height: size.height,
        unit: size.unit,
        ...(options.selection ? { selection: options.selection } : {}),
        ...(figure === 'network' && options.positions ? { positions: options.positions } : {}),
        ...(figure === 'network' && options.layout ? { layout: options.layout } : {}),
        ...(figure === 'network' && options.referenceMarks ? { referenceMarks: true } : {}),
        ...(figure === 'network' && options.hideIsolated !== undefined ? { hideIsolated: options.hideIsolated } : {}),
        ...(figure === 'network' && options.focus ? { focus: options.focus } : {}),
        ...(figure === 'network' && options.networkOnly ? { networkOnly: true } : {}),
        ...(figure === 'heatmap' && options.cluster !== undefined ? { cluster: options.cluster } : {}),
        ...(figure === 'trajectories' && options.heldOut !== undefined ? { heldOut: options.heldOut } : {}),
        ...(figure === 'trajectories' && options.facetByLineage ? { facetByLineage: true } : {}),
        ...(genes && genes.length ? { genes } : {}),
      };
      finish(await app.api['export:figure'](request), `Exporting the ${figure} figure`);
    });

  const exportNetwork = () =>
    run(async () => {
      const options = viewOptions?.() ?? {};
      const request: RequestOf<'export:network'> = {
        runId,
        format: networkFormat,
        selection: scope === 'all' ? 'all' : (options.selection ?? 'all'),
        ...(options.positions ? { positions: options.positions } : {}),
        // "As shown" holds the genes the view draws; the whole network keeps every gene.
        ...(scope === 'view' && options.hideIsolated ? { hideIsolated: true } : {}),
        ...(scope === 'view' && options.focus ? { focus: options.focus } : {}),
        ...(scope === 'view' && options.networkOnly ? { networkOnly: true } : {}),
      };
      finish(await app.api['export:network'](request), `Exporting the network as ${NETWORK_FORMAT_LABELS[networkFormat]}`);
    });

  // The report plots the genes the Trajectories view shows for this run (kept per run), as on screen.
  const reportGenes = genes?.length ? genes : app.trajectoryGenes[runId];
  const exportReport = () =>
    run(async () =>
      finish(
        await app.api['export:report']({ runId, ...(reportGenes?.length ? { genes: reportGenes } : {}) }),
        'Exporting the HTML report',
      ),
    );

  // File → Export in the desktop menu exports this view's figure with the panel's settings.
  const exportRef = useRef(exportFigure);
  exportRef.current = exportFigure;
  const seenSignal = useRef(app.exportSignal);
  useEffect(() => {
    if (app.exportSignal === seenSignal.current) return;
    seenSignal.current = app.exportSignal;
    void exportRef.current();
  }, [app.exportSignal]);

  return (
    <fieldset className="panel export-panel" data-testid={TEST_IDS.export.panel} disabled={busy}>
      <legend>Export (provenance inside every file)</legend>
      <div className="row controls">
        <label>
          Figure as
          <Help control={TEST_IDS.export.figureFormat} />
          <select
            value={format}
            data-testid={TEST_IDS.export.figureFormat}
            {...describedBy(TEST_IDS.export.figureFormat)}
            onChange={(event) => setFormat(event.target.value as FigureFormat)}
          >
            <option value="pdf">PDF (vector)</option>
            <option value="svg">SVG (vector)</option>
            <option value="png">PNG</option>
          </select>
        </label>
        <label>
          Width
          <Help control={TEST_IDS.export.sizePreset} />
          <select
            value={preset}
            data-testid={TEST_IDS.export.sizePreset}
            {...describedBy(TEST_IDS.export.sizePreset)}
            onChange={(event) => setPreset(event.target.value as typeof preset)}
          >
            <option value="89">89 mm (one column)</option>
            <option value="183">183 mm (two columns)</option>
            <option value="custom">custom</option>
          </select>
        </label>
        {preset === 'custom' && (
          <>
            <label>
              W <Help control={TEST_IDS.export.width} />
              <input
                type="number"
                min={1}
                max={2000}
                step="any"
                value={custom.width}
                data-testid={TEST_IDS.export.width}
                {...describedBy(TEST_IDS.export.width)}
                onChange={(event) => setCustom({ ...custom, width: Number(event.target.value) })}
              />
            </label>
            <label>
              H <Help control={TEST_IDS.export.height} />
              <input
                type="number"
                min={1}
                max={2000}
                step="any"
                value={custom.height}
                data-testid={TEST_IDS.export.height}
                {...describedBy(TEST_IDS.export.height)}
                onChange={(event) => setCustom({ ...custom, height: Number(event.target.value) })}
              />
            </label>
            <select
              aria-label="Unit"
              value={custom.unit}
              data-testid={TEST_IDS.export.unit}
              {...describedBy(TEST_IDS.export.unit)}
              onChange={(event) => setCustom({ ...custom, unit: event.target.value as 'mm' | 'in' })}
            >
              <option value="mm">mm</option>
              <option value="in">in</option>
            </select>
            <Help control={TEST_IDS.export.unit} />
          </>
        )}
        <label>
          dpi
          <Help control={TEST_IDS.export.dpi} />
          <select
            value={dpi}
            data-testid={TEST_IDS.export.dpi}
            {...describedBy(TEST_IDS.export.dpi)}
            disabled={format !== 'png'}
            title={format === 'png' ? undefined : 'SVG and PDF are vector: no dpi'}
            onChange={(event) => setDpi(Number(event.target.value) as Dpi)}
          >
            <option value={150}>150</option>
            <option value={300}>300</option>
            <option value={600}>600</option>
          </select>
        </label>
        <label>
          Background
          <Help control={TEST_IDS.export.background} />
          <select
            value={background}
            data-testid={TEST_IDS.export.background}
            {...describedBy(TEST_IDS.export.background)}
            onChange={(event) => setBackground(event.target.value as 'white' | 'transparent')}
          >
            <option value="white">white</option>
            <option value="transparent">transparent</option>
          </select>
        </label>
        <button
          type="button"
          data-testid={TEST_IDS.export.figure}
          {...describedBy(TEST_IDS.export.figure)}
          onClick={() => void exportFigure()}
        >
          Export figure ({size.width} × {size.height} {size.unit})
        </button>
        <Help control={TEST_IDS.export.figure} />
        <button
          type="button"
          data-testid={TEST_IDS.export.report}
          {...describedBy(TEST_IDS.export.report)}
          onClick={() => void exportReport()}
        >
          HTML report
        </button>
        <Help control={TEST_IDS.export.report} />
      </div>
      {networkFile && (
        <div className="row controls">
          <label>
            Network as
            <Help control={TEST_IDS.export.networkFormat} />
            <select
              value={networkFormat}
              data-testid={TEST_IDS.export.networkFormat}
              {...describedBy(TEST_IDS.export.networkFormat)}
              onChange={(event) => setNetworkFormat(event.target.value as NetworkFormat)}
            >
              {(Object.keys(NETWORK_FORMAT_LABELS) as NetworkFormat[]).map((name) => (
                <option key={name} value={name}>
                  {NETWORK_FORMAT_LABELS[name]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Edges
            <Help control={TEST_IDS.export.networkScope} />
            <select
              value={scope}
              data-testid={TEST_IDS.export.networkScope}
              {...describedBy(TEST_IDS.export.networkScope)}
              onChange={(event) => setScope(event.target.value as 'view' | 'all')}
            >
              <option value="view">as shown (threshold, top-k, shown genes)</option>
              <option value="all">whole network</option>
            </select>
          </label>
          <button
            type="button"
            data-testid={TEST_IDS.export.network}
            {...describedBy(TEST_IDS.export.network)}
            onClick={() => void exportNetwork()}
          >
            Export network
          </button>
          <Help control={TEST_IDS.export.network} />
        </div>
      )}
      <p className="hint" role="status" data-testid={TEST_IDS.export.status}>
        {status}
      </p>
    </fieldset>
  );
}
