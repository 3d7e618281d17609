/**
 * Data: open a file (by path on the server's machine, by upload, or an example), see what is in it, and choose the
 * genes, pseudotime, lineages and the train/held-out split — with cells per lineage and the pseudotime distribution.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DatasetInfo, ExampleInfo, ObsColumnInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { useApp, useSession } from '../app-context.ts';
import { upsertDataset } from '../state/session-state.ts';
import { ProjectPanel } from '../components/project-panel.tsx';
import { ImportPanel } from '../components/import-panel.tsx';
import { fileToBase64 } from '../components/file-base64.ts';
import { describedBy, Help } from '../components/help.tsx';
import { HelpPanel } from '../components/help-panel.tsx';
import { TfListPicker } from '../components/tf-list-picker.tsx';
import type { TfListSetting } from '../view-logic/tf-list-setting.ts';
import { DEFAULT_TF_LIST } from '../../src-shared/tf-list-choice.ts';
import { TEST_IDS } from '../test-ids.ts';
import {
  categoricalColumns,
  checkGenes,
  initialSelection,
  levelsOf,
  lineageColumnCells,
  numericColumns,
  parseGeneList,
  selectionProblems,
  selectionWarnings,
  defaultGenesInWords,
} from '../view-logic/selection.ts';
import { FEW_DISTINCT_TIMES, timeDefaults } from '../../src-shared/selection-rules.ts';
import { ExcludedCellsNote } from '../components/excluded-cells-note.tsx';
import { GeneAddField, GeneNameSourceSelect } from '../components/gene-name-fields.tsx';
import { geneNamesOf, translateGeneNames } from '../../src-shared/gene-names.ts';
import { DiffusionPseudotimePanel, pseudotimePreview, suggestedRoot } from '../components/diffusion-pseudotime-panel.tsx';

/** The selection without the given optional fields (a mode switched off leaves no trace in the request). */
function without(selection: TrajectorySelection, ...keys: Array<'diffusionPseudotime' | 'lineagePseudotimeColumns'>): TrajectorySelection {
  const copy = { ...selection };
  for (const key of keys) delete copy[key];
  return copy;
}

export function DataView() {
  const app = useApp();
  const session = useSession();
  const [examples, setExamples] = useState<ExampleInfo[]>([]);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const dataset = session.datasets.find((entry) => entry.datasetId === app.datasetId) ?? null;

  useEffect(() => {
    void app.api['dataset:examples']({}).then((result) => {
      if (result.ok) setExamples(result.value);
    });
  }, [app.api]);

  const opened = (info: DatasetInfo | null, tfList?: TfListSetting) => {
    if (!info) return;
    if (tfList && !app.tfLists[info.datasetId]) app.setTfList(info.datasetId, tfList);
    app.store.set((s) => ({ ...s, datasets: upsertDataset(s.datasets, info) }));
    app.setDatasetId(info.datasetId);
    if (!app.selections[info.datasetId]) app.setSelection(info.datasetId, initialSelection(info));
    app.notify({
      kind: 'info',
      message: `Opened "${info.name}": ${info.cells.toLocaleString('en-US')} cells × ${info.genes.toLocaleString('en-US')} genes.`,
    });
  };
  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    try {
      await action();
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="view data-view">
      <h2>Data</h2>
      <HelpPanel />
      <div className="panel open-panel">
        <h3>Open</h3>
        {examples.length > 0 && (
          <div className="examples">
            {examples.map((example) => (
              <button
                key={example.exampleId}
                type="button"
                disabled={busy !== null}
                data-testid={TEST_IDS.data.openExample}
                {...describedBy(TEST_IDS.data.openExample)}
                data-example={example.exampleId}
                title={`${example.description} (license: ${example.license})`}
                onClick={() =>
                  run('example', async () =>
                    opened(
                      app.unwrap(
                        await app.api['dataset:open-example']({ exampleId: example.exampleId }),
                        `Opening the example "${example.title}"`,
                      ),
                      // The example is the paper's data: its TF list, bundled beside it.
                      { kind: 'bundled', name: DEFAULT_TF_LIST },
                    ),
                  )
                }
              >
                Open example: {example.title}
              </button>
            ))}
            <Help control={TEST_IDS.data.openExample} />
          </div>
        )}
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            if (!path.trim()) {
              app.notify({ kind: 'error', message: "Type the path of an .h5ad, .loom, 10x or table file on the server's machine first." });
              return;
            }
            void run('path', async () =>
              opened(app.unwrap(await app.api['dataset:open']({ path: path.trim() }), `Opening "${path.trim()}"`)),
            );
          }}
        >
          <label>
            File or folder path <Help control={TEST_IDS.data.path} />
            <input
              type="text"
              value={path}
              onChange={(event) => setPath(event.target.value)}
              placeholder="/data/pbmc.h5ad"
              data-testid={TEST_IDS.data.path}
              {...describedBy(TEST_IDS.data.path)}
              size={48}
            />
          </label>
          <button type="submit" disabled={busy !== null} data-testid={TEST_IDS.data.open} {...describedBy(TEST_IDS.data.open)}>
            Open
          </button>
          <Help control={TEST_IDS.data.open} />
        </form>
        {app.transport === 'http' && (
          <label className="row">
            Or upload a file <Help control={TEST_IDS.data.upload} />
            <input
              type="file"
              disabled={busy !== null}
              data-testid={TEST_IDS.data.upload}
              {...describedBy(TEST_IDS.data.upload)}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (!file) return;
                void run('upload', async () => {
                  const contentBase64 = await fileToBase64(file);
                  opened(app.unwrap(await app.api['dataset:upload']({ fileName: file.name, contentBase64 }), `Uploading "${file.name}"`));
                });
              }}
            />
          </label>
        )}
        {busy && (
          <p className="busy" role="status">
            Reading the file…
          </p>
        )}
        {session.datasets.length > 1 && (
          <label>
            Data set <Help control={TEST_IDS.data.datasetSelect} />
            <select
              value={app.datasetId ?? ''}
              data-testid={TEST_IDS.data.datasetSelect}
              {...describedBy(TEST_IDS.data.datasetSelect)}
              onChange={(event) => app.setDatasetId(event.target.value)}
            >
              {session.datasets.map((entry) => (
                <option key={entry.datasetId} value={entry.datasetId}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {/* Keyed by data set: the typed gene list belongs to one file and must not carry over to the next. */}
      {dataset ? <DatasetPanels key={dataset.datasetId} dataset={dataset} /> : <p className="hint">Open a file or an example to begin.</p>}
      <ImportPanel />
      <ProjectPanel />
    </section>
  );
}

function DatasetPanels({ dataset }: { dataset: DatasetInfo }) {
  const app = useApp();
  const selection = app.selections[dataset.datasetId] ?? initialSelection(dataset);
  const update = (patch: Partial<TrajectorySelection>) => app.setSelection(dataset.datasetId, { ...selection, ...patch });
  const replace = (next: TrajectorySelection) => app.setSelection(dataset.datasetId, next);
  const [genesText, setGenesText] = useState(selection.genes.join(', '));
  // The names genes go by (a var column of symbols, or the file's own), in every gene field and check.
  const geneNames = useMemo(() => geneNamesOf(dataset, selection.geneNameColumn), [dataset, selection.geneNameColumn]);
  const geneCheck = useMemo(() => checkGenes(parseGeneList(genesText), geneNames, dataset.name), [genesText, geneNames, dataset]);
  const setGenes = (text: string, names = geneNames, patch: Partial<TrajectorySelection> = {}) => {
    setGenesText(text);
    update({ ...patch, genes: checkGenes(parseGeneList(text), names, dataset.name).known });
  };
  const problems = selectionProblems(selection, dataset);
  const warnings = selectionWarnings(selection, dataset);
  const lineageColumns = selection.lineagePseudotimeColumns ?? null;
  const diffusion = lineageColumns ? null : (selection.diffusionPseudotime ?? null);
  const preview = diffusion ? pseudotimePreview(dataset.datasetId, diffusion) : null;
  const pseudotime = diffusion ? preview?.column : dataset.obs.find((column) => column.name === selection.pseudotimeColumn);
  const lineages = lineageColumns ? lineageColumnCells(dataset, lineageColumns) : levelsOf(dataset, selection.lineageColumn);
  const numeric = numericColumns(dataset);
  const donors = selection.donorColumn ? levelsOf(dataset, selection.donorColumn) : [];
  const categorical = categoricalColumns(dataset);

  return (
    <>
      <div className="panel" data-testid={TEST_IDS.data.summary}>
        <h3>{dataset.name}</h3>
        <dl className="facts">
          <dt>Format</dt>
          <dd>{dataset.format}</dd>
          <dt>Cells</dt>
          <dd>{dataset.cells.toLocaleString('en-US')}</dd>
          <dt>Genes</dt>
          <dd>{dataset.genes.toLocaleString('en-US')}</dd>
          <dt>Zeros</dt>
          <dd>{dataset.sparsity === null ? 'unknown' : `${(dataset.sparsity * 100).toFixed(1)} %`}</dd>
          <dt>Values</dt>
          <dd>
            {dataset.valueKind} <span className="hint">({dataset.valueKindReason})</span>
          </dd>
          {dataset.layers.length > 0 && (
            <>
              <dt>Layers</dt>
              <dd>{dataset.layers.join(', ')}</dd>
            </>
          )}
          <dt>Files</dt>
          <dd>
            {dataset.sources.map((source) => (
              <div key={source.path} className="mono">
                {source.path} · {source.sha256.slice(0, 12)}…
              </div>
            ))}
          </dd>
        </dl>
      </div>
      <div className="panel">
        <h3>Cell annotations (obs)</h3>
        <table className="obs-table" data-testid={TEST_IDS.data.obsTable}>
          <thead>
            <tr>
              <th>column</th>
              <th>type</th>
              <th>values</th>
              <th>missing</th>
            </tr>
          </thead>
          <tbody>
            {dataset.obs.map((column) => (
              <tr key={column.name}>
                <td>{column.name}</td>
                <td>{column.type}</td>
                <td>{describeColumn(column)}</td>
                <td>{column.missing}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="panel selection-panel">
        <h3>Trajectories to train on</h3>
        {/* First in the panel: a warning below the choices would go unseen on a laptop screen. */}
        {warnings.length > 0 && (
          <ul className="warnings" data-testid={TEST_IDS.data.warnings}>
            {warnings.map((warning) => (
              <li key={warning.kind} data-warning={warning.kind}>
                {warning.message}
              </li>
            ))}
          </ul>
        )}
        <div className="grid">
          {!lineageColumns && (
            <fieldset className="choice">
              <legend>
                Pseudotime <Help control={TEST_IDS.data.pseudotimeSource} />
              </legend>
              <label>
                <input
                  type="radio"
                  name="pseudotime-source"
                  checked={!diffusion}
                  data-testid={TEST_IDS.data.pseudotimeSource}
                  {...describedBy(TEST_IDS.data.pseudotimeSource)}
                  data-source="column"
                  onChange={() => replace(without(selection, 'diffusionPseudotime'))}
                />{' '}
                from a column
              </label>
              <label>
                <input
                  type="radio"
                  name="pseudotime-source"
                  checked={diffusion !== null}
                  data-testid={TEST_IDS.data.pseudotimeSource}
                  {...describedBy(TEST_IDS.data.pseudotimeSource)}
                  data-source="diffusion"
                  onChange={() =>
                    replace({ ...selection, pseudotimeColumn: 'dpt_pseudotime', diffusionPseudotime: { root: suggestedRoot(dataset) } })
                  }
                />{' '}
                diffusion pseudotime from a root
              </label>
              {!diffusion && (
                <label>
                  Pseudotime column
                  <Help control={TEST_IDS.data.pseudotime} />
                  <select
                    value={selection.pseudotimeColumn}
                    data-testid={TEST_IDS.data.pseudotime}
                    {...describedBy(TEST_IDS.data.pseudotime)}
                    onChange={(event) => {
                      const column = dataset.obs.find((c) => c.name === event.target.value);
                      update({ pseudotimeColumn: event.target.value, ...timeDefaults(column) });
                    }}
                  >
                    {!selection.pseudotimeColumn && <option value="">(choose)</option>}
                    {dataset.obs.map((column) => (
                      <option key={column.name} value={column.name}>
                        {column.name} ({column.type})
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </fieldset>
          )}
          <fieldset className="choice">
            <legend>
              Lineages <Help control={TEST_IDS.data.lineageSource} />
            </legend>
            <label>
              <input
                type="radio"
                name="lineage-source"
                checked={!lineageColumns}
                data-testid={TEST_IDS.data.lineageSource}
                {...describedBy(TEST_IDS.data.lineageSource)}
                data-source="label"
                onChange={() => replace({ ...without(selection, 'lineagePseudotimeColumns'), lineages: [] })}
              />{' '}
              from a label column
            </label>
            <label>
              <input
                type="radio"
                name="lineage-source"
                checked={lineageColumns !== null}
                data-testid={TEST_IDS.data.lineageSource}
                {...describedBy(TEST_IDS.data.lineageSource)}
                data-source="columns"
                onChange={() =>
                  replace({
                    ...without(selection, 'diffusionPseudotime'),
                    lineageColumn: null,
                    lineages: [],
                    lineagePseudotimeColumns: numeric.filter((c) => /pseudo.?time/i.test(c.name)).map((c) => c.name),
                  })
                }
              />{' '}
              one pseudotime column per lineage
            </label>
            {!lineageColumns ? (
              <label>
                Lineage column
                <Help control={TEST_IDS.data.lineageColumn} />
                <select
                  value={selection.lineageColumn ?? ''}
                  data-testid={TEST_IDS.data.lineageColumn}
                  {...describedBy(TEST_IDS.data.lineageColumn)}
                  onChange={(event) => update({ lineageColumn: event.target.value || null, lineages: [] })}
                >
                  <option value="">(one lineage)</option>
                  {categorical.map((column) => (
                    <option key={column.name} value={column.name}>
                      {column.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <div>
                <span className="hint">
                  Each chosen column is one lineage's pseudotime; cells with no value in it are not in that lineage (BEELINE's
                  PseudoTime.csv).
                </span>
                <Help control={TEST_IDS.data.lineageTimeColumn} />
                {numeric.map((column) => (
                  <label key={column.name}>
                    <input
                      type="checkbox"
                      checked={lineageColumns.includes(column.name)}
                      data-testid={TEST_IDS.data.lineageTimeColumn}
                      {...describedBy(TEST_IDS.data.lineageTimeColumn)}
                      data-column={column.name}
                      onChange={() => {
                        const next = lineageColumns.includes(column.name)
                          ? lineageColumns.filter((name) => name !== column.name)
                          : [...lineageColumns, column.name];
                        update({ lineagePseudotimeColumns: next, lineages: [] });
                      }}
                    />{' '}
                    {column.name}
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <label>
            Donor column
            <Help control={TEST_IDS.data.donorColumn} />
            <select
              value={selection.donorColumn ?? ''}
              data-testid={TEST_IDS.data.donorColumn}
              {...describedBy(TEST_IDS.data.donorColumn)}
              onChange={(event) => {
                const donorColumn = event.target.value || null;
                const names = donorColumn ? levelsOf(dataset, donorColumn).map((level) => level.name) : [];
                update({
                  donorColumn,
                  trainDonors: names.slice(0, Math.max(1, names.length - 1)),
                  testDonors: names.length > 1 ? names.slice(-1) : [],
                });
              }}
            >
              <option value="">(one donor)</option>
              {categorical.map((column) => (
                <option key={column.name} value={column.name}>
                  {column.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Trim start (cells)
            <Help control={TEST_IDS.data.trimStart} />
            <input
              type="number"
              min={0}
              value={selection.trimStart}
              data-testid={TEST_IDS.data.trimStart}
              {...describedBy(TEST_IDS.data.trimStart)}
              onChange={(event) => update({ trimStart: Math.max(0, Math.floor(Number(event.target.value) || 0)) })}
            />
          </label>
          <label>
            Trim end (cells)
            <Help control={TEST_IDS.data.trimEnd} />
            <input
              type="number"
              min={0}
              value={selection.trimEnd}
              data-testid={TEST_IDS.data.trimEnd}
              {...describedBy(TEST_IDS.data.trimEnd)}
              onChange={(event) => update({ trimEnd: Math.max(0, Math.floor(Number(event.target.value) || 0)) })}
            />
          </label>
        </div>
        {pseudotime && !diffusion && pseudotime.distinctValues !== undefined && pseudotime.distinctValues <= FEW_DISTINCT_TIMES && (
          <p className="hint" data-testid={TEST_IDS.data.trimNote}>
            "{pseudotime.name}" has only {pseudotime.distinctValues} distinct times: a time course of sampled times, so no cells are trimmed
            by default (trimming by order would cut cells out of the first and last time points).
          </p>
        )}
        {diffusion && (
          <DiffusionPseudotimePanel
            dataset={dataset}
            settings={diffusion}
            onChange={(settings) => update({ diffusionPseudotime: settings })}
          />
        )}
        <ExcludedCellsNote dataset={dataset} selection={selection} />
        <div className="two-columns">
          <div>
            <h4>Cells per lineage {(selection.lineageColumn || lineageColumns) && <Help control={TEST_IDS.data.lineageToggle} />}</h4>
            <LineageBars
              lineages={lineages}
              chosen={selection.lineages}
              onToggle={
                selection.lineageColumn || lineageColumns
                  ? (name) => {
                      const all = lineages.map((level) => level.name);
                      const current = selection.lineages.length ? selection.lineages : all;
                      const next = current.includes(name) ? current.filter((entry) => entry !== name) : [...current, name];
                      update({ lineages: next.length === all.length ? [] : next });
                    }
                  : null
              }
            />
          </div>
          <div>
            <h4>Pseudotime distribution</h4>
            {lineageColumns ? (
              lineageColumns.map((name) => {
                const column = dataset.obs.find((c) => c.name === name);
                return column?.histogram && column.range ? (
                  <div key={name} style={{ display: 'flex', flexDirection: 'column' }}>
                    <span className="hint">{name}</span>
                    <Histogram counts={column.histogram} range={column.range} />
                  </div>
                ) : null;
              })
            ) : pseudotime?.histogram && pseudotime.range ? (
              <Histogram counts={pseudotime.histogram} range={pseudotime.range} />
            ) : (
              <p className="hint">
                {diffusion
                  ? 'Compute the diffusion pseudotime to see its distribution.'
                  : 'Choose a numeric pseudotime column to see its distribution.'}
              </p>
            )}
            {preview && preview.column.missing > 0 && (
              <p className="hint">
                {preview.column.missing.toLocaleString('en-US')} cells are not connected to the root and join no trajectory.
              </p>
            )}
          </div>
        </div>
        {donors.length > 0 && (
          <div>
            <h4>
              Split by donor <Help control={TEST_IDS.data.donorSplit} />
            </h4>
            <table className="split-table">
              <tbody>
                {donors.map((donor) => {
                  const split = selection.trainDonors.includes(donor.name)
                    ? 'train'
                    : selection.testDonors.includes(donor.name)
                      ? 'test'
                      : 'out';
                  return (
                    <tr key={donor.name}>
                      <td>{donor.name}</td>
                      <td>{donor.cells.toLocaleString('en-US')} cells</td>
                      <td>
                        <select
                          value={split}
                          data-testid={TEST_IDS.data.donorSplit}
                          {...describedBy(TEST_IDS.data.donorSplit)}
                          data-donor={donor.name}
                          aria-label={`Split for donor ${donor.name}`}
                          onChange={(event) => {
                            const value = event.target.value;
                            const trainDonors = selection.trainDonors.filter((name) => name !== donor.name);
                            const testDonors = selection.testDonors.filter((name) => name !== donor.name);
                            if (value === 'train') trainDonors.push(donor.name);
                            if (value === 'test') testDonors.push(donor.name);
                            update({ trainDonors, testDonors });
                          }}
                        >
                          <option value="train">training</option>
                          <option value="test">held out</option>
                          <option value="out">left out</option>
                        </select>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <TfListPicker dataset={dataset} genes={selection.genes} geneNameColumn={selection.geneNameColumn} />
        <GeneNameSourceSelect
          dataset={dataset}
          column={selection.geneNameColumn ?? null}
          onChange={(column) => {
            const names = geneNamesOf(dataset, column);
            setGenes(translateGeneNames(parseGeneList(genesText), geneNames, names).join(', '), names, { geneNameColumn: column });
          }}
        />
        <label className="genes">
          Genes to model (empty: {defaultGenesInWords(dataset)}; paste names separated by commas, spaces or lines)
          <Help control={TEST_IDS.data.genes} />
          <textarea
            rows={3}
            value={genesText}
            data-testid={TEST_IDS.data.genes}
            {...describedBy(TEST_IDS.data.genes)}
            onChange={(event) => setGenes(event.target.value)}
          />
        </label>
        <GeneAddField
          names={geneNames}
          onAdd={(name) => {
            const typed = parseGeneList(genesText);
            if (!typed.includes(name)) setGenes([...typed, name].join(', '));
          }}
        />
        <p
          className={geneCheck.message ? 'field-error' : 'hint'}
          data-testid={TEST_IDS.data.genesMessage}
          role={geneCheck.message ? 'alert' : undefined}
        >
          {geneCheck.message ??
            (geneCheck.known.length
              ? `${geneCheck.known.length} genes chosen.`
              : `No genes typed: training uses ${defaultGenesInWords(dataset)}.`)}
        </p>
        {problems.length > 0 && (
          <ul className="problems" data-testid={TEST_IDS.data.problems} role="alert">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
      </div>
    </>
  );
}

function describeColumn(column: ObsColumnInfo): string {
  if (column.levels)
    return `${column.levels.length} levels: ${column.levels
      .slice(0, 4)
      .map((level) => level.name)
      .join(', ')}${column.levels.length > 4 ? ', …' : ''}`;
  if (column.range) return `${column.range[0].toPrecision(3)} … ${column.range[1].toPrecision(3)}`;
  return '';
}

function LineageBars({
  lineages,
  chosen,
  onToggle,
}: {
  lineages: Array<{ name: string; cells: number }>;
  chosen: string[];
  onToggle: ((name: string) => void) | null;
}) {
  const max = Math.max(1, ...lineages.map((level) => level.cells));
  return (
    <ul className="bars" data-testid={TEST_IDS.data.cellsPerLineage}>
      {lineages.map((level) => {
        const on = chosen.length === 0 || chosen.includes(level.name);
        return (
          <li key={level.name}>
            <label>
              {onToggle && (
                <input
                  type="checkbox"
                  checked={on}
                  data-testid={TEST_IDS.data.lineageToggle}
                  {...describedBy(TEST_IDS.data.lineageToggle)}
                  data-lineage={level.name}
                  onChange={() => onToggle(level.name)}
                />
              )}
              <span className="bar-label">{level.name}</span>
              <span className="bar" style={{ width: `${(level.cells / max) * 60}%`, opacity: on ? 1 : 0.35 }} />
              <span className="bar-value">{level.cells.toLocaleString('en-US')}</span>
            </label>
          </li>
        );
      })}
    </ul>
  );
}

function Histogram({ counts, range }: { counts: number[]; range: [number, number] }) {
  const width = 320;
  const height = 110;
  const max = Math.max(1, ...counts);
  const barWidth = (width - 40) / counts.length;
  return (
    <svg width={width} height={height} role="img" aria-label="Pseudotime histogram" data-testid={TEST_IDS.data.pseudotimeHistogram}>
      {counts.map((count, i) => (
        <rect
          key={i}
          x={30 + i * barWidth}
          y={90 - (count / max) * 80}
          width={Math.max(1, barWidth - 1)}
          height={(count / max) * 80}
          fill="#0072B2"
        >
          <title>{`${count} cells`}</title>
        </rect>
      ))}
      <line x1={30} x2={width - 10} y1={90} y2={90} stroke="#333" />
      <text x={30} y={104} fontSize={10}>
        {range[0].toPrecision(3)}
      </text>
      <text x={width - 10} y={104} fontSize={10} textAnchor="end">
        {range[1].toPrecision(3)}
      </text>
      <text x={4} y={12} fontSize={10}>
        {max}
      </text>
    </svg>
  );
}
