/**
 * The Data view's TF-list choice: automatic, none, a bundled list (the genome-wide human and mouse lists, the paper's),
 * a file uploaded from this computer, or a path on the server's machine (for a server on a cluster). The overlap with
 * the chosen genes shows below it as soon as the choice changes.
 */
import { useState } from 'react';
import type { DatasetInfo } from '../../src-shared/contract/types.ts';
import { MAX_TF_LIST_BASE64_CHARS } from '../../src-shared/tf-list-choice.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { optionValueOf, settingOfOption, tfListOptions, tfListSettingFor } from '../view-logic/tf-list-setting.ts';
import { fileToBase64 } from './file-base64.ts';
import { describedBy, Help } from './help.tsx';
import { TfListOverlapNote } from './tf-list-overlap-note.tsx';

export function TfListPicker({
  dataset,
  genes,
  geneNameColumn,
}: {
  dataset: DatasetInfo;
  genes: string[];
  geneNameColumn?: string | null;
}) {
  const app = useApp();
  const setting = tfListSettingFor(app.tfLists, dataset);
  const set = (next: typeof setting) => app.setTfList(dataset.datasetId, next);
  const [reading, setReading] = useState(false);
  return (
    <>
      <label className="genes">
        Transcription-factor list (the velocity method lets only its TFs regulate by default, and so does the trajectory method with
        “transcription factors only” in the Model view; they are marked in the network and the spurious-feature sparsity counts edges from
        other genes)
        <Help control={TEST_IDS.data.tfList} />
        <select
          value={optionValueOf(setting)}
          data-testid={TEST_IDS.data.tfList}
          {...describedBy(TEST_IDS.data.tfList)}
          onChange={(event) => set(settingOfOption(event.target.value))}
        >
          {tfListOptions().map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      {setting.kind === 'path' && (
        <label className="genes">
          Path of the TF list on the server's machine (a text file, one gene symbol per line)
          <Help control={TEST_IDS.data.tfListPath} />
          <input
            type="text"
            value={setting.path}
            data-testid={TEST_IDS.data.tfListPath}
            {...describedBy(TEST_IDS.data.tfListPath)}
            placeholder="/data/human-tfs.txt"
            onChange={(event) => set({ kind: 'path', path: event.target.value })}
          />
        </label>
      )}
      {setting.kind === 'upload' && (
        <label className="upload">
          {setting.fileName ? `Uploaded "${setting.fileName}"; choose another file` : 'Choose the TF list file (one gene symbol per line)'}
          <Help control={TEST_IDS.data.tfListUpload} />
          <input
            type="file"
            accept=".txt,.csv,.tsv,.gz"
            disabled={reading}
            data-testid={TEST_IDS.data.tfListUpload}
            {...describedBy(TEST_IDS.data.tfListUpload)}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (!file) return;
              setReading(true);
              void fileToBase64(file)
                .then((contentBase64) => {
                  if (contentBase64.length > MAX_TF_LIST_BASE64_CHARS) {
                    app.notify({
                      kind: 'error',
                      message: `"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB, too large for a TF list (one gene symbol per line is a few kilobytes): is it the right file?`,
                    });
                    return;
                  }
                  set({ kind: 'upload', fileName: file.name, contentBase64 });
                })
                .finally(() => setReading(false));
            }}
          />
        </label>
      )}
      <TfListOverlapNote datasetId={dataset.datasetId} setting={setting} genes={genes} geneNameColumn={geneNameColumn} />
    </>
  );
}
