/**
 * The Data view's "diffusion pseudotime from a root": the root (any form `pathreg fit --root` takes), the neighbours
 * per cell, and a button that has the server compute it in its dataset worker. The computed values come back as a
 * column description (histogram, cells not reached) and are kept per data set and settings while the app is open, so
 * switching views does not recompute; the training job recomputes them from the same settings.
 */
import { useState } from 'react';
import type { ComputedPseudotime, DatasetInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { useApp } from '../app-context.ts';
import { describedBy, Help } from './help.tsx';
import { TEST_IDS } from '../test-ids.ts';

export type DiffusionSettings = NonNullable<TrajectorySelection['diffusionPseudotime']>;

/** scanpy's default neighbours per cell; the server uses it when the setting is absent. */
export const DEFAULT_NEIGHBORS = 15;

const previews = new Map<string, ComputedPseudotime>();
const previewKey = (datasetId: string, settings: DiffusionSettings) =>
  `${datasetId}\u0000${settings.root}\u0000${settings.neighbors ?? DEFAULT_NEIGHBORS}\u0000${settings.pcs ?? ''}`;

/** The computed pseudotime for exactly these settings, if it was computed in this window. */
export function pseudotimePreview(datasetId: string, settings: DiffusionSettings): ComputedPseudotime | null {
  return previews.get(previewKey(datasetId, settings)) ?? null;
}

/** A first root: the earliest cells of a numeric column that looks like a time course, else the first cell. */
export function suggestedRoot(dataset: DatasetInfo): string {
  const time = dataset.obs.find((c) => c.type === 'numeric' && /time|hour|day|age|stage/i.test(c.name));
  return time ? `earliest:${time.name}` : '0';
}

export function DiffusionPseudotimePanel({
  dataset,
  settings,
  onChange,
}: {
  dataset: DatasetInfo;
  settings: DiffusionSettings;
  onChange: (settings: DiffusionSettings) => void;
}) {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [, setComputedAt] = useState(0);
  const preview = pseudotimePreview(dataset.datasetId, settings);
  const numeric = dataset.obs.filter((c) => c.type === 'numeric');
  const tooMany = dataset.cells > 30_000;

  const compute = async () => {
    if (!settings.root.trim()) {
      app.notify({
        kind: 'error',
        message: `Type the root cell of "${dataset.name}" first: a cell name, a 0-based index, or earliest:COLUMN.`,
      });
      return;
    }
    setBusy(true);
    try {
      const result = app.unwrap(
        await app.api['dataset:pseudotime']({ datasetId: dataset.datasetId, settings }),
        `Computing diffusion pseudotime of "${dataset.name}"`,
      );
      if (!result) return;
      previews.set(previewKey(dataset.datasetId, settings), result);
      setComputedAt(Date.now());
      app.notify({ kind: 'info', message: `Computed ${result.description}.` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="dpt-panel">
      <div className="grid">
        <label>
          Root cell
          <Help control={TEST_IDS.data.dptRoot} />
          <input
            type="text"
            value={settings.root}
            list="dpt-root-suggestions"
            data-testid={TEST_IDS.data.dptRoot}
            {...describedBy(TEST_IDS.data.dptRoot)}
            placeholder="earliest:Hours"
            onChange={(event) => onChange({ ...settings, root: event.target.value })}
          />
          <datalist id="dpt-root-suggestions">
            {numeric.map((column) => (
              <option key={column.name} value={`earliest:${column.name}`} />
            ))}
            {dataset.geneNames.length > 0 && <option value={`high:${dataset.geneNames[0]}`} />}
          </datalist>
        </label>
        <label>
          Neighbours per cell
          <Help control={TEST_IDS.data.dptNeighbors} />
          <input
            type="number"
            min={2}
            max={100}
            value={settings.neighbors ?? DEFAULT_NEIGHBORS}
            data-testid={TEST_IDS.data.dptNeighbors}
            {...describedBy(TEST_IDS.data.dptNeighbors)}
            onChange={(event) => {
              const value = Math.floor(Number(event.target.value));
              onChange({ ...settings, neighbors: Number.isFinite(value) ? Math.min(100, Math.max(2, value)) : DEFAULT_NEIGHBORS });
            }}
          />
        </label>
        <button
          type="button"
          disabled={busy || tooMany}
          data-testid={TEST_IDS.data.dptCompute}
          {...describedBy(TEST_IDS.data.dptCompute)}
          onClick={() => void compute()}
        >
          {busy ? 'Computing…' : 'Compute pseudotime'}
        </button>
        <Help control={TEST_IDS.data.dptCompute} />
      </div>
      <p className="hint">
        The root is where the process starts: a cell name (its barcode or id in the file), a 0-based cell index, earliest:COLUMN (the most
        typical cell at the smallest value of a time column), or high:GENE / low:GENE (a marker gene). Computed as scanpy does (PCA, nearest
        neighbours, diffusion map, DPT); training recomputes it from these settings.
      </p>
      {tooMany && (
        <p className="field-error" role="alert">
          "{dataset.name}" has {dataset.cells.toLocaleString('en-US')} cells; diffusion pseudotime here handles up to 30,000. Compute it in
          scanpy (sc.tl.dpt), save it as an obs column and choose that column.
        </p>
      )}
      {preview && (
        <div className="hint" data-testid={TEST_IDS.data.dptResult}>
          <p>Computed: {preview.description}.</p>
          <ul>
            {preview.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
