/**
 * Data view: re-open an exported network (.csv .tsv .graphml .cyjs .cx2), a checkpoint.bin or a whole run folder (one
 * that `pathreg fit` wrote, with its loss history and trajectories) as a new run, by a path on the machine running
 * PathReg Studio, or a file by upload. The run's views then show the network the file holds.
 */
import { useState } from 'react';
import type { ImportedRun } from '../../src-shared/contract/types.ts';
import type { Result } from '../../src-shared/contract/result.ts';
import { useApp } from '../app-context.ts';
import { describedBy, Help } from './help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { fileToBase64 } from './file-base64.ts';

export function ImportPanel() {
  const app = useApp();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<ImportedRun | null>(null);

  const finish = (answer: Result<ImportedRun>, name: string) => {
    const imported = app.unwrap(answer, `Importing "${name}"`);
    setLast(imported);
    if (imported) app.setRunId(imported.run.runId);
  };
  const importPath = async () => {
    const target = path.trim();
    if (!target) {
      app.notify({
        kind: 'error',
        message: 'Type the path of an exported network (.graphml, .cyjs, .cx2, .csv, .tsv), a checkpoint.bin or a run folder.',
      });
      return;
    }
    setBusy(true);
    try {
      finish(await app.api['run:import']({ path: target }), target);
    } finally {
      setBusy(false);
    }
  };
  const importUpload = async (file: File) => {
    setBusy(true);
    try {
      finish(await app.api['run:import']({ fileName: file.name, contentBase64: await fileToBase64(file) }), file.name);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="panel row"
      onSubmit={(event) => {
        event.preventDefault();
        void importPath();
      }}
    >
      <label>
        Import network, checkpoint or run folder <Help control={TEST_IDS.import.path} />
        <input
          type="text"
          size={40}
          value={path}
          placeholder="/home/me/network.graphml"
          data-testid={TEST_IDS.import.path}
          {...describedBy(TEST_IDS.import.path)}
          onChange={(event) => setPath(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy} data-testid={TEST_IDS.import.open} {...describedBy(TEST_IDS.import.open)}>
        Import
      </button>
      <Help control={TEST_IDS.import.open} />
      <label>
        or upload <Help control={TEST_IDS.import.upload} />
        <input
          type="file"
          accept=".graphml,.cyjs,.cx2,.csv,.tsv,.json,.bin"
          disabled={busy}
          data-testid={TEST_IDS.import.upload}
          {...describedBy(TEST_IDS.import.upload)}
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importUpload(file);
          }}
        />
      </label>
      {last && (
        <p className="hint" role="status" data-testid={TEST_IDS.import.result} data-edges={last.edges} data-run={last.run.runId}>
          {last.run.label}: {last.genes.toLocaleString('en-US')} genes, {last.edges.toLocaleString('en-US')} edges, now the selected run
          (see the Network view).
          {last.notes.map((note) => (
            <span key={note}> {note}</span>
          ))}
        </p>
      )}
    </form>
  );
}
