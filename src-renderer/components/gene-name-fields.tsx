/**
 * The Data view's gene-name controls: where the genes' names come from (the file's own names or a var column of
 * symbols such as gene_short_name), and a field that completes a gene name from those names and adds it to the list.
 */
import { useId, useState } from 'react';
import type { DatasetInfo } from '../../src-shared/contract/types.ts';
import { completeGeneName, type GeneNameSource } from '../../src-shared/gene-names.ts';
import { describedBy, Help } from './help.tsx';
import { TEST_IDS } from '../test-ids.ts';

/** The first few names of a source, so the user sees what each choice looks like (IDs or symbols). */
function sample(source: GeneNameSource, dataset: DatasetInfo): string {
  const names = (source.names ?? dataset.geneNames).filter((name) => name.trim() !== '').slice(0, 3);
  return names.join(', ');
}

export function GeneNameSourceSelect({
  dataset,
  column,
  onChange,
}: {
  dataset: DatasetInfo;
  column: string | null;
  onChange: (column: string | null) => void;
}) {
  const sources = dataset.geneNameSources ?? [];
  if (sources.length < 2) return null;
  return (
    <label>
      Gene names from
      <Help control={TEST_IDS.data.geneNames} />
      <select
        value={column ?? ''}
        data-testid={TEST_IDS.data.geneNames}
        {...describedBy(TEST_IDS.data.geneNames)}
        onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}
      >
        {sources.map((source) => (
          <option key={source.column ?? ''} value={source.column ?? ''}>
            {source.label} ({sample(source, dataset)}, …)
            {source.column !== null && source.column === dataset.geneNameColumn ? ' — symbols' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The test ids of one GeneAddField: the Data view's by default; another view passes its own. */
export interface GeneAddFieldIds {
  field: string;
  button: string;
  options: string;
}

const DATA_VIEW_IDS: GeneAddFieldIds = {
  field: TEST_IDS.data.geneAdd,
  button: TEST_IDS.data.geneAddButton,
  options: TEST_IDS.data.geneOptions,
};

/**
 * A text field completing gene names (a datalist of at most 20 matches, so a 30,000-gene file stays light). The Data
 * view adds to the genes to model; the Trajectories view to the genes drawn (its own ids, no help of the Data view).
 */
export function GeneAddField({
  names,
  onAdd,
  ids = DATA_VIEW_IDS,
  help = true,
}: {
  names: readonly string[];
  onAdd: (name: string) => void;
  ids?: GeneAddFieldIds;
  help?: boolean;
}) {
  const [typed, setTyped] = useState('');
  const listId = useId();
  const matches = completeGeneName(names, typed);
  const exact = names.find((name) => name === typed.trim()) ?? names.find((name) => name.toLowerCase() === typed.trim().toLowerCase());
  const add = () => {
    if (!exact) return;
    onAdd(exact);
    setTyped('');
  };
  return (
    <div className="gene-add">
      <label>
        Add a gene
        {help && <Help control={TEST_IDS.data.geneAdd} />}
        <input
          type="text"
          list={listId}
          value={typed}
          autoComplete="off"
          placeholder={names.slice(0, 1).map((name) => `e.g. ${name}`)[0]}
          data-testid={ids.field}
          {...(help ? describedBy(TEST_IDS.data.geneAdd) : {})}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
        />
        <datalist id={listId} data-testid={ids.options}>
          {matches.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <button
        type="button"
        disabled={!exact}
        data-testid={ids.button}
        {...(help ? describedBy(TEST_IDS.data.geneAddButton) : {})}
        onClick={add}
      >
        Add
      </button>
      {help && <Help control={TEST_IDS.data.geneAddButton} />}
      {typed.trim() !== '' && matches.length === 0 && <span className="hint">No gene starts with or contains "{typed.trim()}".</span>}
    </div>
  );
}
