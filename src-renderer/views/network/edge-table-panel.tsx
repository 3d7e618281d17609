/**
 * The Network view's edge table: every edge of the run, read from its folder by main (run:edges) a page at a time,
 * so a 280,000-edge network scrolls without the window holding it. Only the rows in view are in the DOM; pages are
 * fetched as they scroll into view. Sortable by weight, sign, source and target; filtered by sign, TF source and
 * gene; selected rows are highlighted on the network; the filtered table and a gene's neighbourhood export.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { RequestOf } from '../../../src-shared/contract/channels.ts';
import {
  DEFAULT_EDGE_TABLE_QUERY,
  type EdgeGeneRole,
  type EdgeSignFilter,
  type EdgeTableQuery,
  type EdgeTableRow,
  type EdgeTableSortKey,
} from '../../../src-shared/contract/edge-table.ts';
import { completeGeneName } from '../../../src-shared/gene-names.ts';
import { formatValue } from '../../../src-shared/figures/svg.ts';
import { useApp } from '../../app-context.ts';
import { downloadExportedFile } from '../../components/download.ts';
import { TEST_IDS } from '../../test-ids.ts';
import { edgeKey } from '../../view-logic/edge-selection.ts';

/** Row height in CSS px: fixed, so a row's position is its index × ROW_PX and only the rows in view are drawn. */
const ROW_PX = 24;
const VIEW_PX = 312;
const PAGE_ROWS = 200;

interface Props {
  runId: string;
  runLabel: string;
  genes: readonly string[];
  hasTFList: boolean;
  /** Selected rows (highlighted on the network), by edgeKey. */
  selected: ReadonlyMap<string, EdgeTableRow>;
  onSelect(selected: ReadonlyMap<string, EdgeTableRow>): void;
}

const COLUMNS: Array<{ key: EdgeTableSortKey; label: string }> = [
  { key: 'source', label: 'Source' },
  { key: 'target', label: 'Target' },
  { key: 'weight', label: 'Weight' },
  { key: 'sign', label: 'Sign' },
];

const SIGN_WORDS = { 1: '→ activates', [-1]: '⊣ represses', 0: '— unsigned' } as const;

export function EdgeTablePanel({ runId, runLabel, genes, hasTFList, selected, onSelect }: Props) {
  const app = useApp();
  const [query, setQuery] = useState<EdgeTableQuery>(DEFAULT_EDGE_TABLE_QUERY);
  const [geneText, setGeneText] = useState('');
  const [counts, setCounts] = useState<{ matched: number; total: number; unknownGene: string | null } | null>(null);
  const [pages, setPages] = useState<Map<number, EdgeTableRow[]>>(new Map());
  const [scrollTop, setScrollTop] = useState(0);
  const [format, setFormat] = useState<'graphml' | 'cyjs'>('graphml');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  // Pages asked for under the current query; a new query starts a new generation, so late answers are dropped.
  const requested = useRef(new Set<number>());
  const generation = useRef(0);

  // The shell's context object is new on every render; its api and notify are not. Depending on them alone keeps a
  // session update (a training tick elsewhere) from restarting the table at its top.
  const { api, notify } = app;
  const fetchPage = useCallback(
    async (page: number, current: EdgeTableQuery, gen: number) => {
      requested.current.add(page);
      const answer = await api['run:edges']({ runId, query: current, offset: page * PAGE_ROWS, limit: PAGE_ROWS });
      if (gen !== generation.current) return;
      if (!answer.ok) {
        requested.current.delete(page);
        notify({ kind: 'error', message: `Reading the edges of ${runLabel}: ${answer.error.message}` });
        return;
      }
      const { matched, total, unknownGene, rows } = answer.value;
      setCounts({ matched, total, unknownGene });
      setPages((all) => new Map(all).set(page, rows));
    },
    [api, notify, runId, runLabel],
  );

  // A new query: forget the pages, go back to the top, and fetch the first page.
  useEffect(() => {
    generation.current += 1;
    requested.current = new Set();
    setPages(new Map());
    setScrollTop(0);
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    void fetchPage(0, query, generation.current);
  }, [query, fetchPage]);

  const first = Math.floor(scrollTop / ROW_PX);
  const visible = Math.ceil(VIEW_PX / ROW_PX) + 1;
  const last = Math.min((counts?.matched ?? 0) - 1, first + visible);
  useEffect(() => {
    if (!counts || counts.matched === 0) return;
    for (const page of new Set([Math.floor(first / PAGE_ROWS), Math.floor(Math.max(first, last) / PAGE_ROWS)])) {
      if (!requested.current.has(page)) void fetchPage(page, query, generation.current);
    }
  }, [first, last, counts, query, fetchPage]);

  const rows: Array<{ index: number; row: EdgeTableRow | null }> = [];
  for (let index = first; index <= last; index++)
    rows.push({ index, row: pages.get(Math.floor(index / PAGE_ROWS))?.[index % PAGE_ROWS] ?? null });

  const sortBy = (key: EdgeTableSortKey) =>
    setQuery((q) => ({ ...q, sort: key, descending: q.sort === key ? !q.descending : key === 'weight' }));
  const applyGene = (text: string) => {
    const gene = text.trim();
    setQuery((q) => {
      const { gene: _old, ...rest } = q;
      void _old;
      return gene ? { ...rest, gene } : rest;
    });
  };
  const toggle = (row: EdgeTableRow) => {
    const next = new Map(selected);
    const key = edgeKey(row);
    if (next.has(key)) next.delete(key);
    else next.set(key, row);
    onSelect(next);
  };
  const completions = useMemo(() => completeGeneName(genes, geneText), [genes, geneText]);
  const neighbourhoodGene = query.gene && !counts?.unknownGene ? query.gene : null;

  const exportFile = async (request: RequestOf<'export:edge-table'>, doing: string) => {
    setBusy(true);
    setStatus('Exporting…');
    try {
      const file = app.unwrap(await app.api['export:edge-table'](request), doing);
      if (!file) return setStatus('');
      if (file.savedTo === null) return setStatus('Export cancelled.');
      if (file.savedTo) return setStatus(`Saved ${file.savedTo}: ${file.content}.`);
      downloadExportedFile(file);
      setStatus(`Downloaded ${file.fileName}${file.sidecar ? ` and ${file.sidecar.fileName}` : ''}: ${file.content}.`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel edge-table" data-testid={TEST_IDS.edgeTable.panel} aria-label="Edge table">
      <h3>Edges</h3>
      <div className="row controls">
        <label>
          Sign{' '}
          <select
            value={query.sign}
            data-testid={TEST_IDS.edgeTable.sign}
            onChange={(event) => setQuery((q) => ({ ...q, sign: event.target.value as EdgeSignFilter }))}
          >
            <option value="all">all</option>
            <option value="activation">activation (+)</option>
            <option value="repression">repression (−)</option>
            <option value="unsigned">unsigned (0)</option>
          </select>
        </label>
        <label title={hasTFList ? undefined : 'This run had no TF list, so no gene is known to be a TF.'}>
          <input
            type="checkbox"
            checked={query.tfSourcesOnly}
            disabled={!hasTFList}
            data-testid={TEST_IDS.edgeTable.tfSources}
            onChange={(event) => setQuery((q) => ({ ...q, tfSourcesOnly: event.target.checked }))}
          />{' '}
          source is a TF
        </label>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            applyGene(geneText);
          }}
        >
          <label>
            Gene{' '}
            <input
              type="search"
              list={listId}
              value={geneText}
              autoComplete="off"
              placeholder="any gene"
              data-testid={TEST_IDS.edgeTable.gene}
              onChange={(event) => {
                setGeneText(event.target.value);
                // Clearing the field clears the filter; a name applies on Enter or on picking a completion.
                if (event.target.value.trim() === '' || genes.includes(event.target.value.trim())) applyGene(event.target.value);
              }}
            />
            <datalist id={listId}>
              {completions.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label>
            as{' '}
            <select
              value={query.geneRole}
              data-testid={TEST_IDS.edgeTable.geneRole}
              onChange={(event) => setQuery((q) => ({ ...q, geneRole: event.target.value as EdgeGeneRole }))}
            >
              <option value="either">source or target</option>
              <option value="source">source (its targets)</option>
              <option value="target">target (its regulators)</option>
            </select>
          </label>
        </form>
      </div>
      <p className="counts" data-testid={TEST_IDS.edgeTable.count}>
        {counts === null
          ? 'Reading the edges…'
          : counts.unknownGene
            ? `"${counts.unknownGene}" is not among the ${genes.length} genes of ${runLabel}: no edge shown. Check the spelling or pick a completion.`
            : `${counts.matched.toLocaleString('en-US')} of ${counts.total.toLocaleString('en-US')} edges (every edge of the run folder)`}
        {selected.size > 0 && (
          <>
            {' '}
            · {selected.size} selected, highlighted on the network{' '}
            <button type="button" className="link" data-testid={TEST_IDS.edgeTable.clearSelection} onClick={() => onSelect(new Map())}>
              clear
            </button>
          </>
        )}
      </p>
      <div className="edge-table-grid" role="grid" aria-rowcount={(counts?.matched ?? 0) + 1} aria-label={`Edges of ${runLabel}`}>
        <div className="edge-table-row edge-table-head" role="row">
          <span role="columnheader" className="rank">
            #
          </span>
          {COLUMNS.map((column) => (
            <span
              key={column.key}
              role="columnheader"
              aria-sort={query.sort === column.key ? (query.descending ? 'descending' : 'ascending') : 'none'}
            >
              <button
                type="button"
                className="link"
                data-testid={TEST_IDS.edgeTable.sort}
                data-sort={column.key}
                data-direction={query.sort === column.key ? (query.descending ? 'descending' : 'ascending') : ''}
                onClick={() => sortBy(column.key)}
              >
                {column.label}
                {query.sort === column.key ? (query.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </span>
          ))}
        </div>
        <div
          className="edge-table-scroll"
          ref={scrollRef}
          style={{ height: VIEW_PX }}
          data-testid={TEST_IDS.edgeTable.rows}
          data-matched={counts?.matched ?? ''}
          data-total={counts?.total ?? ''}
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        >
          <div style={{ height: (counts?.matched ?? 0) * ROW_PX, position: 'relative' }}>
            {rows.map(({ index, row }) => {
              const isSelected = row ? selected.has(edgeKey(row)) : false;
              return (
                <div
                  key={index}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={isSelected}
                  className={`edge-table-row${isSelected ? ' selected' : ''}`}
                  style={{ position: 'absolute', top: index * ROW_PX, height: ROW_PX, left: 0, right: 0 }}
                  data-testid={TEST_IDS.edgeTable.row}
                  data-rank={row?.rank ?? ''}
                  data-source={row?.source ?? ''}
                  data-target={row?.target ?? ''}
                  data-weight={row?.weight ?? ''}
                  data-sign={row?.sign ?? ''}
                  data-selected={isSelected}
                  onClick={() => row && toggle(row)}
                >
                  <span role="gridcell" className="rank">
                    {row?.rank ?? '…'}
                  </span>
                  <span role="gridcell">
                    {row?.source ?? ''}
                    {row?.sourceIsTF ? ' (TF)' : ''}
                  </span>
                  <span role="gridcell">{row?.target ?? ''}</span>
                  <span role="gridcell">{row ? formatValue(row.weight) : ''}</span>
                  <span role="gridcell" className={row?.sign === 1 ? 'activation' : row?.sign === -1 ? 'repression' : ''}>
                    {row ? SIGN_WORDS[row.sign] : ''}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <fieldset className="row controls" disabled={busy}>
        <button
          type="button"
          data-testid={TEST_IDS.edgeTable.exportTable}
          disabled={!counts || counts.matched === 0}
          onClick={() => void exportFile({ what: 'table', runId, query }, 'Exporting the edge table')}
        >
          Export these {counts ? counts.matched.toLocaleString('en-US') : ''} edges (CSV)
        </button>
        <label>
          Neighbourhood as{' '}
          <select
            value={format}
            data-testid={TEST_IDS.edgeTable.neighbourhoodFormat}
            onChange={(event) => setFormat(event.target.value as 'graphml' | 'cyjs')}
          >
            <option value="graphml">GraphML</option>
            <option value="cyjs">Cytoscape.js JSON (.cyjs)</option>
          </select>
        </label>
        <button
          type="button"
          data-testid={TEST_IDS.edgeTable.exportNeighbourhood}
          disabled={!neighbourhoodGene}
          title={neighbourhoodGene ? undefined : 'Filter the table by a gene first: its neighbourhood is exported.'}
          onClick={() =>
            neighbourhoodGene &&
            void exportFile(
              { what: 'neighbourhood', runId, gene: neighbourhoodGene, query, format },
              `Exporting the neighbourhood of ${neighbourhoodGene}`,
            )
          }
        >
          Export {neighbourhoodGene ? `${neighbourhoodGene}'s` : 'a gene’s'} neighbourhood
        </button>
      </fieldset>
      <p className="hint" data-testid={TEST_IDS.edgeTable.status} role="status">
        {status}
      </p>
    </section>
  );
}
