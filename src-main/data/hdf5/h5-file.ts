/**
 * A thin, checked view of one HDF5 file (h5ad, loom, 10x .h5) on top of h5wasm.
 * Every failure becomes a DataFileError naming the file and the HDF5 path, with HDF5's own reason when it gave one.
 */
import { statSync } from 'node:fs';
import { DataFileError, formatCount } from '../reader-error.ts';
import { clearHdf5Diagnostics, lastHdf5Reason, loadH5wasm, noteHdf5Exception, type H5wasm } from './h5wasm-loader.ts';

type H5Entity = ReturnType<InstanceType<H5wasm['File']>['get']>;
type H5Dataset = InstanceType<H5wasm['Dataset']>;
type H5Group = InstanceType<H5wasm['Group']>;

/** Numeric arrays as readers use them: 64-bit integers are converted to float64 (exact below 2^53). */
export type NumericArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** What a dataset stores, in the terms the readers care about. */
export type StoredKind = 'float' | 'integer' | 'boolean' | 'string' | 'enum' | 'other';

export interface DatasetInfo {
  shape: number[];
  kind: StoredKind;
  /** Bytes per element (strings: per pointer or fixed length). */
  size: number;
}

/** HDF5 datatype classes as h5wasm's metadata reports them (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;

/** An open HDF5 file with checked accessors. `advice` ends every corruption message ("re-export it from scanpy"). */
export class H5File {
  private constructor(
    private readonly h5: H5wasm,
    private readonly file: InstanceType<H5wasm['File']>,
    readonly path: string,
    readonly advice: string,
  ) {}

  /** Opens `path` read-only; errors name the file and say whether it is missing, not HDF5, or damaged. */
  static async open(path: string, advice: string): Promise<H5File> {
    let bytes: number;
    try {
      bytes = statSync(path).size;
    } catch {
      throw new DataFileError(path, '', `cannot be found or read: check the path and that you have permission to read it`);
    }
    if (bytes === 0) throw new DataFileError(path, '', `is empty (0 bytes): it was probably not written completely; ${advice}`);
    const h5 = await loadH5wasm();
    clearHdf5Diagnostics();
    let file: InstanceType<H5wasm['File']>;
    try {
      file = new h5.File(path, 'r');
    } catch (error) {
      noteHdf5Exception(error);
      throw new DataFileError(path, '', `could not be opened as HDF5 (${describe(error)}): ${advice}`);
    }
    // h5wasm does not throw when H5Fopen fails; it hands back a negative id.
    if (typeof file.file_id === 'bigint' ? file.file_id < 0n : Number(file.file_id) < 0) {
      const reason = lastHdf5Reason();
      const truncated = reason && /truncated/i.test(reason);
      throw new DataFileError(
        path,
        '',
        truncated
          ? `is truncated (${reason}): the download or copy was probably interrupted; copy it again`
          : `is not a readable HDF5 file${reason ? ` (${reason})` : ''}: the file may be corrupted or in another format; ${advice}`,
      );
    }
    return new H5File(h5, file, path, advice);
  }

  close(): void {
    try {
      this.file.close();
    } catch {
      /* closing a damaged file may fail; nothing left to release */
    }
  }

  /** A DataFileError for `element` of this file. */
  error(element: string, detail: string): DataFileError {
    return new DataFileError(this.path, element, detail);
  }

  /** A corruption error: what was found, then the advice to re-export. */
  corrupt(element: string, found: string): DataFileError {
    return this.error(element, `${found}: the file may be corrupted; ${this.advice}`);
  }

  private get(objectPath: string): H5Entity {
    clearHdf5Diagnostics();
    try {
      return this.file.get(objectPath);
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `could not be read (${this.reason(error)})`);
    }
  }

  private reason(error: unknown): string {
    noteHdf5Exception(error);
    return lastHdf5Reason() ?? describe(error);
  }

  /** 'group', 'dataset', 'other' (links, datatypes) or null when absent. */
  kind(objectPath: string): 'group' | 'dataset' | 'other' | null {
    const entity = this.get(objectPath);
    if (!entity) return null;
    if (entity instanceof this.h5.Dataset) return 'dataset';
    if (entity instanceof this.h5.Group) return 'group';
    return 'other';
  }

  has(objectPath: string): boolean {
    return this.kind(objectPath) !== null;
  }

  group(objectPath: string, whatItIs: string): H5Group {
    const entity = this.get(objectPath);
    if (!entity) throw this.error(slashed(objectPath), `is missing (${whatItIs}): the file is incomplete; ${this.advice}`);
    if (!(entity instanceof this.h5.Group))
      throw this.corrupt(slashed(objectPath), `should be a group (${whatItIs}) but is a ${entityName(entity)}`);
    return entity;
  }

  dataset(objectPath: string, whatItIs: string): H5Dataset {
    const entity = this.get(objectPath);
    if (!entity) throw this.error(slashed(objectPath), `is missing (${whatItIs}): the file is incomplete; ${this.advice}`);
    if (!(entity instanceof this.h5.Dataset))
      throw this.corrupt(slashed(objectPath), `should be a dataset (${whatItIs}) but is a ${entityName(entity)}`);
    return entity;
  }

  /** Member names of a group, in HDF5's (alphabetical) order. */
  keys(objectPath: string, whatItIs = 'group'): string[] {
    const group = this.group(objectPath, whatItIs);
    try {
      return group.keys();
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `could not be listed (${this.reason(error)})`);
    }
  }

  attrNames(objectPath: string): string[] {
    const entity = this.get(objectPath);
    if (!entity || !('attrs' in entity)) return [];
    try {
      return Object.keys(entity.attrs);
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `has unreadable attributes (${this.reason(error)})`);
    }
  }

  /** An attribute's value as h5wasm gives it, or null when absent. */
  attr(objectPath: string, name: string): unknown {
    const entity = this.get(objectPath);
    if (!entity || !('attrs' in entity)) return null;
    try {
      const attrs = entity.attrs;
      if (!(name in attrs)) return null;
      return attrs[name].value;
    } catch (error) {
      throw this.corrupt(`${slashed(objectPath)} attribute "${name}"`, `could not be read (${this.reason(error)})`);
    }
  }

  /** A string attribute (a one-element string array counts), or null. */
  attrString(objectPath: string, name: string): string | null {
    const value = this.attr(objectPath, name);
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
    return null;
  }

  /** A string-list attribute (anndata's column-order), or null. */
  attrStrings(objectPath: string, name: string): string[] | null {
    const value = this.attr(objectPath, name);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return null;
  }

  /** A numeric attribute as plain numbers (BigInt converted), or null. */
  attrNumbers(objectPath: string, name: string): number[] | null {
    const value = this.attr(objectPath, name);
    if (typeof value === 'number') return [value];
    if (typeof value === 'bigint') return [Number(value)];
    if (typeof value === 'boolean') return [value ? 1 : 0];
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => Number(v));
    }
    return null;
  }

  info(objectPath: string, whatItIs: string): DatasetInfo {
    const dataset = this.dataset(objectPath, whatItIs);
    let metadata: H5Dataset['metadata'];
    try {
      metadata = dataset.metadata;
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `has an unreadable type or shape (${this.reason(error)})`);
    }
    const shape = (metadata.shape ?? []).map(Number);
    let kind: StoredKind = 'other';
    if (metadata.type === H5T_FLOAT) kind = 'float';
    else if (metadata.type === H5T_INTEGER) kind = 'integer';
    else if (metadata.type === H5T_STRING) kind = 'string';
    else if (metadata.type === H5T_ENUM) {
      const members = Object.keys(metadata.enum_type?.members ?? {})
        .map((m) => m.toUpperCase())
        .sort();
      kind = members.length === 2 && members[0] === 'FALSE' && members[1] === 'TRUE' ? 'boolean' : 'enum';
    }
    return { shape, kind, size: metadata.size };
  }

  /** The length of a 1-D dataset (or the first dimension). */
  length(objectPath: string, whatItIs: string): number {
    const { shape } = this.info(objectPath, whatItIs);
    return shape.length === 0 ? 1 : shape[0];
  }

  /**
   * Reads a numeric dataset, whole or the rows [start, end) of its first dimension (with all of the second
   * dimension for 2-D), or the block [rows) × [cols) when `columns` is given.
   */
  readNumbers(objectPath: string, whatItIs: string, range?: [number, number], columns?: [number, number]): NumericArray {
    const info = this.info(objectPath, whatItIs);
    if (info.kind !== 'float' && info.kind !== 'integer' && info.kind !== 'boolean' && info.kind !== 'enum') {
      throw this.corrupt(
        slashed(objectPath),
        `should hold numbers (${whatItIs}) but holds ${info.kind === 'string' ? 'text' : 'an unsupported type'}`,
      );
    }
    const dataset = this.dataset(objectPath, whatItIs);
    clearHdf5Diagnostics();
    let raw: unknown;
    try {
      if (!range) raw = dataset.value;
      else if (info.shape.length <= 1) raw = dataset.slice([[range[0], range[1]]]);
      else
        raw = dataset.slice(
          columns
            ? [
                [range[0], range[1]],
                [columns[0], columns[1]],
              ]
            : [[range[0], range[1]], []],
        );
    } catch (error) {
      const where = range ? ` (elements ${formatCount(range[0])} to ${formatCount(range[1])})` : '';
      throw this.corrupt(slashed(objectPath), `could not be read${where} (${this.reason(error)})`);
    }
    return toNumeric(raw, () => this.corrupt(slashed(objectPath), `did not read back as numbers (${whatItIs})`));
  }

  /** Reads a string dataset (variable or fixed length). */
  readStrings(objectPath: string, whatItIs: string, range?: [number, number]): string[] {
    const info = this.info(objectPath, whatItIs);
    if (info.kind !== 'string') throw this.corrupt(slashed(objectPath), `should hold text (${whatItIs}) but holds ${info.kind} values`);
    const dataset = this.dataset(objectPath, whatItIs);
    clearHdf5Diagnostics();
    let raw: unknown;
    try {
      raw = range ? dataset.slice([[range[0], range[1]]]) : dataset.value;
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `could not be read (${this.reason(error)})`);
    }
    if (typeof raw === 'string') return [raw];
    if (!Array.isArray(raw)) throw this.corrupt(slashed(objectPath), `did not read back as text (${whatItIs})`);
    // Fixed-length strings come back padded with NULs in some writers; they are not part of the name.
    return raw.map((s) => String(s).replace(/\0+$/, ''));
  }
}

/** Converts what h5wasm returns for a numeric dataset into a numeric typed array (BigInt64 → Float64). */
export function toNumeric(raw: unknown, onWrongType: () => Error): NumericArray {
  if (typeof raw === 'number') return Float64Array.of(raw);
  if (typeof raw === 'bigint') return Float64Array.of(Number(raw));
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]);
    return out;
  }
  if (
    raw instanceof Float32Array ||
    raw instanceof Float64Array ||
    raw instanceof Int8Array ||
    raw instanceof Uint8Array ||
    raw instanceof Int16Array ||
    raw instanceof Uint16Array ||
    raw instanceof Int32Array ||
    raw instanceof Uint32Array
  ) {
    return raw;
  }
  if (raw instanceof Uint8ClampedArray) return new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  throw onWrongType();
}

function slashed(objectPath: string): string {
  return objectPath.startsWith('/') ? objectPath : `/${objectPath}`;
}

function entityName(entity: NonNullable<H5Entity>): string {
  return String((entity as { type?: unknown }).type ?? 'other object').toLowerCase();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
