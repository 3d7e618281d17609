/**
 * How a result was made, carried inside every exported file: app version, engine, seed, every training parameter,
 * input files with their SHA-256, the run's date and the export's date, and which edges were selected.
 * Each writer puts it where its format allows (GraphML data, JSON metadata, SVG <metadata>, PDF info dictionary, PNG
 * tEXt chunks); SIF, BEELINE and the delimited tables (header on line 1) get a sidecar `.provenance.json`.
 */

export interface InputFileRecord {
  /** File name as the user gave it (path inside the run's data argument). */
  name: string;
  sha256: string;
  bytes?: number;
}

export interface Provenance {
  app: string;
  appVersion: string;
  engine: string | null;
  seed: number | null;
  /** Every training parameter, as the run recorded it (nested objects allowed). */
  parameters: Record<string, unknown>;
  inputs: InputFileRecord[];
  /** The run folder this export was made from, when there is one. */
  runFolder: string | null;
  /** When the run finished (ISO 8601), when the run recorded it. */
  runDate: string | null;
  /** When this file was written (ISO 8601). */
  exportedAt: string;
  /** Which part of the network or which figure is in the file. */
  content: string;
}

/** Flattens nested parameters to dotted keys ("solver.bins" → 50) so every format can list them one per line. */
export function flattenParameters(parameters: Record<string, unknown>, prefix = ''): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const key of Object.keys(parameters).sort()) {
    const value = parameters[key];
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out.push(...flattenParameters(value as Record<string, unknown>, name));
    } else {
      out.push([name, Array.isArray(value) ? value.map(String).join(',') : String(value)]);
    }
  }
  return out;
}

/**
 * Provenance as ordered key/value pairs: the common shape behind comment lines, GraphML keys, PNG tEXt chunks and
 * PDF info entries. Keys are stable (tests and scripts read them).
 */
export function provenanceEntries(provenance: Provenance): Array<[string, string]> {
  const entries: Array<[string, string]> = [
    ['app', provenance.app],
    ['app_version', provenance.appVersion],
    ['engine', provenance.engine ?? 'unknown'],
    ['seed', provenance.seed === null ? 'unknown' : String(provenance.seed)],
    ['run_folder', provenance.runFolder ?? ''],
    ['run_date', provenance.runDate ?? 'unknown'],
    ['exported_at', provenance.exportedAt],
    ['content', provenance.content],
  ];
  provenance.inputs.forEach((input, index) => {
    entries.push([`input_${index + 1}`, input.name], [`input_${index + 1}_sha256`, input.sha256]);
    if (input.bytes !== undefined) entries.push([`input_${index + 1}_bytes`, String(input.bytes)]);
  });
  for (const [key, value] of flattenParameters(provenance.parameters)) entries.push([`param.${key}`, value]);
  return entries;
}

/**
 * Key of the attribute (and, in edge lists written before the sidecar, the `#` comment line) that holds the whole
 * provenance as JSON.
 */
export const PROVENANCE_JSON_KEY = 'provenance_json';

/** The JSON form, for JSON formats, SVG <metadata> and sidecar files. */
export function provenanceJson(provenance: Provenance): Record<string, unknown> {
  return {
    app: provenance.app,
    app_version: provenance.appVersion,
    engine: provenance.engine,
    seed: provenance.seed,
    parameters: provenance.parameters,
    inputs: provenance.inputs,
    run_folder: provenance.runFolder,
    run_date: provenance.runDate,
    exported_at: provenance.exportedAt,
    content: provenance.content,
  };
}

/** Reads back the JSON form written by provenanceJson (importers and tests). */
export function parseProvenanceJson(value: unknown, where: string): Provenance {
  if (value === null || typeof value !== 'object') throw new Error(`${where}: the provenance is not a JSON object.`);
  const record = value as Record<string, unknown>;
  const text = (key: string): string | null => (typeof record[key] === 'string' ? (record[key] as string) : null);
  const inputs = Array.isArray(record.inputs) ? (record.inputs as InputFileRecord[]) : [];
  return {
    app: text('app') ?? 'PathReg Studio',
    appVersion: text('app_version') ?? 'unknown',
    engine: text('engine'),
    seed: typeof record.seed === 'number' ? record.seed : null,
    parameters: record.parameters !== null && typeof record.parameters === 'object' ? (record.parameters as Record<string, unknown>) : {},
    inputs,
    runFolder: text('run_folder'),
    runDate: text('run_date'),
    exportedAt: text('exported_at') ?? 'unknown',
    content: text('content') ?? '',
  };
}
