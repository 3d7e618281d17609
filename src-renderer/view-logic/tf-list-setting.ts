/**
 * The Data view's TF-list setting per data set: automatic, none, a bundled list, an uploaded file or a path on the
 * server's machine; what it asks of the server, and how a saved project's setting (a plain path before the
 * dropdown) reads back.
 */
import {
  BUNDLED_TF_LISTS,
  DEFAULT_TF_LIST,
  isBundledTfListName,
  type BundledTfListName,
  type TfListChoice,
} from '../../src-shared/tf-list-choice.ts';

/** As the view holds it: a path or an upload may still be empty while the user types or picks. */
export type TfListSetting =
  | { kind: 'default' }
  | { kind: 'none' }
  | { kind: 'bundled'; name: BundledTfListName }
  | { kind: 'path'; path: string }
  | { kind: 'upload'; fileName: string; contentBase64: string };

/** The dropdown's options, in order: value and label. */
export function tfListOptions(): Array<{ value: string; label: string }> {
  return [
    { value: 'default', label: `automatic: ${DEFAULT_TF_LIST} where it names the genes` },
    { value: 'none', label: 'none' },
    ...[...BUNDLED_TF_LISTS]
      // The genome-wide species lists first: they are the ones a user of other data than the paper's wants.
      .sort((a, b) => Number(b.name === 'human' || b.name === 'mouse') - Number(a.name === 'human' || a.name === 'mouse'))
      .map((list) => ({ value: `bundled:${list.name}`, label: `${list.name}: ${list.description}` })),
    { value: 'upload', label: 'upload a file…' },
    { value: 'path', label: 'a path on the server…' },
  ];
}

export function optionValueOf(setting: TfListSetting): string {
  return setting.kind === 'bundled' ? `bundled:${setting.name}` : setting.kind;
}

/** The setting for a dropdown value; a path or an upload starts empty. */
export function settingOfOption(value: string): TfListSetting {
  if (value.startsWith('bundled:')) {
    const name = value.slice('bundled:'.length);
    return isBundledTfListName(name) ? { kind: 'bundled', name } : { kind: 'default' };
  }
  if (value === 'none') return { kind: 'none' };
  if (value === 'path') return { kind: 'path', path: '' };
  if (value === 'upload') return { kind: 'upload', fileName: '', contentBase64: '' };
  return { kind: 'default' };
}

/** The bundled examples (a folder in examples/) go with the paper's list, bundled beside them. */
function isBundledExample(datasetPath: string): boolean {
  return /[\\/]examples[\\/][^\\/]+[\\/]?$/.test(datasetPath);
}

/** The setting of a data set: the user's, else the paper's list for a bundled example, else automatic. */
export function tfListSettingFor(chosen: Record<string, TfListSetting>, dataset: { datasetId: string; path: string }): TfListSetting {
  return chosen[dataset.datasetId] ?? (isBundledExample(dataset.path) ? { kind: 'bundled', name: DEFAULT_TF_LIST } : { kind: 'default' });
}

/**
 * What the server is asked: `choice` (undefined for automatic), or `problem` when the setting is not complete yet
 * (no path typed, no file picked), worded for the user.
 */
export function tfListChoiceOf(setting: TfListSetting): { choice: TfListChoice | undefined } | { problem: string } {
  switch (setting.kind) {
    case 'default':
      return { choice: undefined };
    case 'none':
    case 'bundled':
      return { choice: setting };
    case 'path':
      return setting.path.trim()
        ? { choice: { kind: 'path', path: setting.path.trim() } }
        : { problem: 'the TF list is "a path on the server", but no path is typed: type it, or choose another TF list (Data view).' };
    case 'upload':
      return setting.fileName
        ? { choice: setting }
        : { problem: 'the TF list is "upload a file", but no file is chosen: choose it, or choose another TF list (Data view).' };
  }
}

/**
 * A saved project's TF-list setting: the dropdown's own shape, or (projects saved before it) a path, where an empty
 * path meant no list typed, which the server took as automatic.
 */
export function settingFromSaved(value: unknown): TfListSetting | null {
  if (typeof value === 'string') return value.trim() ? { kind: 'path', path: value } : { kind: 'default' };
  if (typeof value !== 'object' || value === null) return null;
  const saved = value as Record<string, unknown>;
  switch (saved.kind) {
    case 'default':
    case 'none':
      return { kind: saved.kind };
    case 'bundled':
      return typeof saved.name === 'string' && isBundledTfListName(saved.name) ? { kind: 'bundled', name: saved.name } : null;
    case 'path':
      return typeof saved.path === 'string' ? { kind: 'path', path: saved.path } : null;
    case 'upload':
      return typeof saved.fileName === 'string' && typeof saved.contentBase64 === 'string'
        ? { kind: 'upload', fileName: saved.fileName, contentBase64: saved.contentBase64 }
        : null;
    default:
      return null;
  }
}
