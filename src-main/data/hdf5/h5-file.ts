/**
 * A thin, checked view of one HDF5 file (h5ad, loom, 10x .h5) on top of h5wasm.
 * Every failure becomes a DataFileError naming the file and the HDF5 path, with HDF5's own reason when it gave one.
 */
import { statSync, type Stats } from 'node:fs';
import { DataFileError, formatCount } from '../reader-error.ts';
import { requireRegularFile } from '../regular-file.ts';
import { allocationBudgetBytes, formatBytes, MAX_CHUNK_BYTES } from '../read-limits.ts';
import { decodeNumbers, InexactIntegerError, type NumericLayout } from './decode-numbers.ts';
import { maxCompressionRatio, undecodableFilter, type Hdf5Filter } from './hdf5-filters.ts';
import {
  clearHdf5Diagnostics,
  h5wasmModule,
  lastHdf5Reason,
  loadH5wasm,
  lzfFilterAvailable,
  noteHdf5Exception,
  type H5wasm,
} from './h5wasm-loader.ts';

type H5Entity = ReturnType<InstanceType<H5wasm['File']>['get']>;
type H5Dataset = InstanceType<H5wasm['Dataset']>;
type H5Group = InstanceType<H5wasm['Group']>;
type H5Module = Awaited<ReturnType<typeof h5wasmModule>>;

/** Numeric arrays as readers use them: 64-bit integers are converted to float64 (exact below 2^53). */
export type NumericArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** What a dataset stores, in the terms the readers care about. */
export type StoredKind = 'float' | 'integer' | 'boolean' | 'string' | 'enum' | 'other';

export interface DatasetInfo {
  shape: number[];
  kind: StoredKind;
  /** Bytes per element (strings: per pointer or fixed length). */
  size: number;
  /** Integers: whether negative values can be stored. */
  signed: boolean;
  /** Chunk shape, or null when stored contiguously. */
  chunks: number[] | null;
  /** The filter pipeline (compression, checksums), in the order HDF5 applies it when writing. */
  filters: Hdf5Filter[];
}

/** HDF5 datatype classes as h5wasm's metadata reports them (H5T_class_t). */
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;
const FLETCHER32_FILTER_ID = 3;

/** An open HDF5 file with checked accessors. `advice` ends every corruption message ("re-export it from scanpy"). */
export class H5File {
  private readonly checkedShapes = new Map<string, DatasetInfo>();

  private constructor(
    private readonly h5: H5wasm,
    private readonly module: H5Module,
    private readonly file: InstanceType<H5wasm['File']>,
    readonly path: string,
    readonly advice: string,
    /** The file's size on disk: no dataset in it can hold more than this, times its compression bound. */
    readonly bytes: number,
  ) {}

  /** Opens `path` read-only; errors name the file and say whether it is missing, not HDF5, or damaged. */
  static async open(path: string, advice: string): Promise<H5File> {
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch {
      throw new DataFileError(path, '', `cannot be found or read: check the path and that you have permission to read it`);
    }
    requireRegularFile(path, stats);
    const bytes = stats.size;
    if (bytes === 0) throw new DataFileError(path, '', `is empty (0 bytes): it was probably not written completely; ${advice}`);
    const h5 = await loadH5wasm();
    const module = await h5wasmModule();
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
    return new H5File(h5, module, file, path, advice, bytes);
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
      clearHdf5Diagnostics();
      const value = attrs[name].value;
      // h5wasm ignores H5Aread's status as it does H5Dread's; HDF5's printed error stack tells a failed read.
      const failure = lastHdf5Reason();
      if (failure) throw new Error(failure);
      return value;
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
    // A 64-bit value float64 cannot hold exactly is no valid count or size: treat the attribute as unusable.
    if (typeof value === 'bigint') return exactBigInt(value) ? [Number(value)] : null;
    if (typeof value === 'boolean') return [value ? 1 : 0];
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const values = Array.from(value as unknown as ArrayLike<number | bigint>);
      if (values.some((v) => typeof v === 'bigint' && !exactBigInt(v))) return null;
      return values.map((v) => Number(v));
    }
    return null;
  }

  /**
   * The dataset's shape, type and storage, checked before anything is read: every filter must be decodable, no
   * chunk may be larger than MAX_CHUNK_BYTES, and the declared values must fit in the file at the pipeline's best
   * compression ratio (a 21 KB file cannot hold 100 million cells).
   */
  info(objectPath: string, whatItIs: string): DatasetInfo {
    const known = this.checkedShapes.get(objectPath);
    if (known) return known;
    const dataset = this.dataset(objectPath, whatItIs);
    let metadata: H5Dataset['metadata'];
    let filters: Hdf5Filter[];
    try {
      metadata = dataset.metadata;
      filters = dataset.filters.map((f) => ({ id: Number(f.id), name: String(f.name ?? '') }));
    } catch (error) {
      throw this.corrupt(slashed(objectPath), `has an unreadable type, shape or storage description (${this.reason(error)})`);
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
    const chunks = metadata.chunks ? metadata.chunks.map(Number) : null;
    const info: DatasetInfo = { shape, kind, size: metadata.size, signed: Boolean(metadata.signed), chunks, filters };
    this.checkStorage(objectPath, info);
    this.checkedShapes.set(objectPath, info);
    return info;
  }

  private checkStorage(objectPath: string, info: DatasetInfo): void {
    const where = slashed(objectPath);
    const filter = undecodableFilter(info.filters, lzfFilterAvailable());
    if (filter) {
      const missingPlugin = filter.id === 32000;
      throw this.error(
        where,
        missingPlugin
          ? `is compressed with LZF, but this installation lacks its LZF decoder (hdf5-plugins/liblzf_filter.so): reinstall the app, or save the file again with gzip compression`
          : `is compressed with the ${filter.name} filter (HDF5 filter ${filter.id}), which this app cannot decode: save the file again with gzip compression (anndata: adata.write_h5ad(path, compression="gzip"); h5py: compression="gzip")`,
      );
    }
    if (info.chunks) {
      const chunkBytes = info.chunks.reduce((n, c) => n * c, info.size);
      if (chunkBytes > MAX_CHUNK_BYTES) {
        throw this.error(
          where,
          `is stored in chunks of ${formatBytes(chunkBytes)} each (chunk shape [${info.chunks.map(formatCount).join(', ')}]), more than the ${formatBytes(MAX_CHUNK_BYTES)} this app decompresses at once: the file is damaged, or save it again with the writer's default chunking`,
        );
      }
    }
    const declaredBytes = info.shape.reduce((n, d) => n * d, info.size);
    const ratio = maxCompressionRatio(info.filters);
    if (declaredBytes / ratio > this.bytes) {
      throw this.corrupt(
        where,
        `declares shape [${info.shape.map(formatCount).join(', ')}] (${formatBytes(declaredBytes)} of values), more than this ${formatBytes(this.bytes)} file can hold${ratio > 1 ? ` even at its compression's best ratio (${formatCount(ratio)}:1)` : ''}`,
      );
    }
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
    const layout: NumericLayout = {
      kind: info.kind === 'float' ? 'float' : info.kind === 'integer' ? 'integer' : 'enum',
      size: info.size,
      signed: info.signed,
    };
    const bytes = this.readChecked(objectPath, whatItIs, dataset, info, selection(info.shape, range, columns));
    try {
      return decodeNumbers(bytes, layout);
    } catch (error) {
      if (error instanceof InexactIntegerError) {
        const position = (range?.[0] ?? 0) + error.position;
        throw this.corrupt(
          slashed(objectPath),
          `holds ${error.value} at position ${formatCount(position)}, too large to be a count, index or size (it looks like a negative number stored as unsigned)`,
        );
      }
      throw this.corrupt(slashed(objectPath), `stores numbers this app cannot read (${describe(error)}) (${whatItIs})`);
    }
  }

  /**
   * Reads the selected block's raw little-endian bytes through h5wasm's low-level call and checks HDF5's status:
   * h5wasm's `value`/`slice` ignore it and return the untouched buffer when H5Dread fails (an unknown filter, a
   * checksum mismatch, a damaged chunk), which would be read as data.
   */
  private readChecked(objectPath: string, whatItIs: string, dataset: H5Dataset, info: DatasetInfo, block: Selection): Uint8Array {
    const where = slashed(objectPath);
    const nbytes = block.elements * info.size;
    const budget = allocationBudgetBytes();
    if (nbytes > budget) {
      throw this.error(
        where,
        `would need ${formatBytes(nbytes)} of memory to read ${formatCount(block.elements)} values (${whatItIs}), more than the ${formatBytes(budget)} available for one read: close other programs, or use a smaller file`,
      );
    }
    if (nbytes === 0) return new Uint8Array(0);
    const module = this.module;
    const pointer = module._malloc(nbytes);
    if (pointer === 0)
      throw this.error(where, `could not be read: ${formatBytes(nbytes)} of memory could not be reserved for it (${whatItIs})`);
    clearHdf5Diagnostics();
    let status: number;
    try {
      status = module.get_dataset_data(dataset.file_id, dataset.path, block.count, block.offset, block.strides, BigInt(pointer));
      if (status >= 0) return module.HEAPU8.slice(pointer, pointer + nbytes);
    } catch (error) {
      throw this.readFailure(where, whatItIs, info, block, this.reason(error));
    } finally {
      module._free(pointer);
    }
    throw this.readFailure(where, whatItIs, info, block, lastHdf5Reason() ?? `HDF5 status ${status}`);
  }

  private readFailure(where: string, whatItIs: string, info: DatasetInfo, block: Selection, reason: string): DataFileError {
    // HDF5 2.0 reports a checksum mismatch only as "filter returned failure"; with Fletcher32 in the pipeline, a
    // failing filter means damaged stored bytes (the checksum or a decompressor tripping over them).
    if (/filter returned failure|fletcher32|checksum/i.test(reason) && info.filters.some((f) => f.id === FLETCHER32_FILTER_ID)) {
      return this.error(
        where,
        `could not be read${block.description}: its stored values fail their Fletcher32 checksum (${whatItIs}), so they were damaged after writing; copy the file again from its source`,
      );
    }
    const compressor = info.filters.find((f) => f.id === 1 || f.id === 32000);
    if (/filter returned failure/i.test(reason) && compressor) {
      return this.error(
        where,
        `could not be read${block.description}: its ${compressor.id === 1 ? 'gzip' : 'LZF'}-compressed values could not be decompressed (${whatItIs}), so the stored bytes are damaged; copy the file again from its source`,
      );
    }
    return this.corrupt(where, `could not be read${block.description} (${reason})`);
  }

  /** Reads a string dataset (variable or fixed length). */
  readStrings(objectPath: string, whatItIs: string, range?: [number, number]): string[] {
    const info = this.info(objectPath, whatItIs);
    if (info.kind !== 'string') throw this.corrupt(slashed(objectPath), `should hold text (${whatItIs}) but holds ${info.kind} values`);
    const dataset = this.dataset(objectPath, whatItIs);
    const block = selection(info.shape, range);
    // Variable-length strings take their pointer size here; their text is bounded by the file size (checked in info).
    const nbytes = block.elements * info.size;
    const budget = allocationBudgetBytes();
    if (nbytes > budget) {
      throw this.error(
        slashed(objectPath),
        `would need ${formatBytes(nbytes)} of memory to read ${formatCount(block.elements)} names (${whatItIs}), more than the ${formatBytes(budget)} available for one read: close other programs, or use a smaller file`,
      );
    }
    clearHdf5Diagnostics();
    let raw: unknown;
    try {
      raw = range ? dataset.slice([[range[0], range[1]]]) : dataset.value;
    } catch (error) {
      throw this.readFailure(slashed(objectPath), whatItIs, info, block, this.reason(error));
    }
    // h5wasm does not check H5Dread's status for text either; HDF5's error stack, collected as it is printed, tells.
    const failure = lastHdf5Reason();
    if (failure) throw this.readFailure(slashed(objectPath), whatItIs, info, block, failure);
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

/** A hyperslab in h5wasm's terms, with its element count and how messages describe it. */
interface Selection {
  count: bigint[] | null;
  offset: bigint[] | null;
  strides: bigint[] | null;
  elements: number;
  description: string;
}

/** Rows [start, end) of the first dimension (all of the others), or the block rows × columns of a 2-D dataset. */
function selection(shape: number[], range?: [number, number], columns?: [number, number]): Selection {
  if (shape.length === 0) return { count: null, offset: null, strides: null, elements: 1, description: '' };
  const bounds = shape.map((extent, dim): [number, number] => {
    const wanted = dim === 0 ? range : dim === 1 ? columns : undefined;
    const low = Math.min(extent, Math.max(0, wanted?.[0] ?? 0));
    const high = Math.max(low, Math.min(extent, wanted?.[1] ?? extent));
    return [low, high];
  });
  return {
    count: bounds.map(([low, high]) => BigInt(high - low)),
    offset: bounds.map(([low]) => BigInt(low)),
    strides: shape.map(() => 1n),
    elements: bounds.reduce((n, [low, high]) => n * (high - low), 1),
    description: range ? ` (${shape.length > 1 ? 'rows' : 'elements'} ${formatCount(range[0])} to ${formatCount(range[1])})` : '',
  };
}

const EXACT_LIMIT = 2n ** 53n;

function exactBigInt(value: bigint): boolean {
  return value <= EXACT_LIMIT && value >= -EXACT_LIMIT;
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
