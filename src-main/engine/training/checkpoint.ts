/**
 * Training checkpoints: everything needed to continue a run exactly as if it had never stopped.
 *
 * File layout (little-endian): the ASCII magic `PATHREG-CHECKPOINT\n`, a uint32 header length, a UTF-8 JSON header,
 * zero padding to a multiple of 4 bytes, then the Float32 arrays named in the header (parameters, Adam's m and v)
 * back to back. Float32 values are stored as raw bits, so a resumed run sees the very same numbers; the header holds
 * the SHA-256 of the array bytes so a truncated or damaged file is recognised instead of silently resumed. A run that
 * has found a best model (run-training.ts) stores its parameters as a fourth array, `best`, so a resumed run keeps
 * choosing the same best model; checkpoints written before that have no such array and read as "no best yet".
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { LossTerms, EngineName, TrainingConfig } from '../../../src-shared/run-config.ts';
import type { OptimizerState } from '../engine-interface.ts';
import { writeFileAtomic } from '../../files/atomic-write.ts';

const MAGIC = 'PATHREG-CHECKPOINT\n';
const FORMAT_VERSION = 1;

/** A value a checkpoint can hold in its JSON header (the plateau scheduler's state is one). */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The model with the lowest validation loss so far (validation-loss.ts) and where the run found it. */
export interface BestModel {
  /** Iterations completed when it was evaluated. */
  iteration: number;
  validationLoss: number;
  parameters: Float32Array;
}

export interface TrainingCheckpoint {
  /** Iterations completed when this was written. */
  iteration: number;
  config: TrainingConfig;
  /** The engine that ran the iterations so far. */
  engine: EngineName;
  /** SHA-256 over the training data's source files: resuming on other data is refused. */
  dataSha256: string;
  genes: string[];
  parameters: Float32Array;
  optimizer: OptimizerState;
  /** State of the run's seeded generator (src-main/engine/model/random.ts) after the last iteration's gate noise. */
  randomState: number[];
  /** Learning rate for the next iteration (after any plateau reductions). */
  learningRate: number;
  /** Reduce-on-plateau scheduler state, as the scheduler serialises it. */
  plateau: JsonValue;
  /** Training wall time accumulated over every session of this run, in seconds. */
  elapsedSeconds: number;
  /** Loss terms of the last completed iteration (null before the first). */
  lastTerms: LossTerms | null;
  /** The best model so far; null or absent before the first validation (and in checkpoints from before it existed). */
  best?: BestModel | null;
  /** Iterations rejected as non-finite over every session of this run (absent: none counted). */
  rejectedIterations?: number;
  /** Restarts from a last good state over every session of this run (absent: none counted). */
  restarts?: number;
}

type ArrayName = 'parameters' | 'm' | 'v' | 'best';

interface CheckpointHeader extends Omit<TrainingCheckpoint, 'parameters' | 'optimizer' | 'best'> {
  formatVersion: number;
  optimizerStep: number;
  best?: Omit<BestModel, 'parameters'> | null;
  arrays: Array<{ name: ArrayName; length: number }>;
  bodySha256: string;
}

/** The best model's checkpoint beside `path`: checkpoint.bin → checkpoint-best.bin. */
export function bestCheckpointPath(path: string): string {
  const extension = extname(path);
  return join(dirname(path), `${basename(path, extension)}-best${extension}`);
}

/** Serialises a checkpoint into the binary layout described above. */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): Uint8Array {
  const { parameters, optimizer, best, ...rest } = checkpoint;
  const arrays: Array<{ name: ArrayName; data: Float32Array }> = [
    { name: 'parameters', data: parameters },
    { name: 'm', data: optimizer.m },
    { name: 'v', data: optimizer.v },
  ];
  if (best) arrays.push({ name: 'best', data: best.parameters });
  const bodyLength = arrays.reduce((sum, a) => sum + a.data.length * 4, 0);
  const body = new Uint8Array(bodyLength);
  const view = new DataView(body.buffer);
  let offset = 0;
  for (const { data } of arrays) {
    for (let i = 0; i < data.length; i++, offset += 4) view.setFloat32(offset, data[i], true);
  }
  const header: CheckpointHeader = {
    formatVersion: FORMAT_VERSION,
    ...rest,
    ...(best ? { best: { iteration: best.iteration, validationLoss: best.validationLoss } } : {}),
    optimizerStep: optimizer.step,
    arrays: arrays.map((a) => ({ name: a.name, length: a.data.length })),
    bodySha256: createHash('sha256').update(body).digest('hex'),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const magicBytes = new TextEncoder().encode(MAGIC);
  const prefix = magicBytes.length + 4 + headerBytes.length;
  const padding = (4 - (prefix % 4)) % 4;
  const out = new Uint8Array(prefix + padding + bodyLength);
  out.set(magicBytes, 0);
  new DataView(out.buffer).setUint32(magicBytes.length, headerBytes.length, true);
  out.set(headerBytes, magicBytes.length + 4);
  out.set(body, prefix + padding);
  return out;
}

/**
 * A checkpoint that cannot be used: missing, unreadable or damaged. The message states the fact only; each front end
 * adds its own advice (the command line's --resume/--out, the app's "start a new run") from `missing`.
 */
export class CheckpointReadError extends Error {
  constructor(
    readonly file: string,
    /** What is wrong, e.g. "its numbers do not match their checksum". */
    readonly problem: string,
    /** True when there is no file at all (nothing to continue), false when one is there but unusable. */
    readonly missing: boolean,
    options?: { cause?: unknown },
  ) {
    super(missing ? `There is no checkpoint at "${file}"` : `"${file}" is not a usable PathReg checkpoint (${problem})`, options);
    this.name = 'CheckpointReadError';
  }
}

/** Parses a checkpoint; `source` names the file in error messages. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): TrainingCheckpoint {
  const magicBytes = new TextEncoder().encode(MAGIC);
  const damaged = (what: string) => new CheckpointReadError(source, what, false);
  if (bytes.length < magicBytes.length + 4 || !magicBytes.every((b, i) => bytes[i] === b))
    throw damaged('it does not start with the checkpoint marker');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(magicBytes.length, true);
  const headerStart = magicBytes.length + 4;
  if (headerStart + headerLength > bytes.length) throw damaged('the file is truncated inside its header');
  let header: CheckpointHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength))) as CheckpointHeader;
  } catch {
    throw damaged('its header is not valid JSON');
  }
  if (header.formatVersion !== FORMAT_VERSION)
    throw damaged(`format version ${header.formatVersion}, this version reads ${FORMAT_VERSION}`);
  const prefix = headerStart + headerLength;
  const bodyStart = prefix + ((4 - (prefix % 4)) % 4);
  const bodyLength = header.arrays.reduce((sum, a) => sum + a.length * 4, 0);
  if (bodyStart + bodyLength !== bytes.length) {
    throw damaged(`expected ${bodyStart + bodyLength} bytes, found ${bytes.length}: the file is truncated or has extra bytes`);
  }
  const body = bytes.subarray(bodyStart);
  if (createHash('sha256').update(body).digest('hex') !== header.bodySha256) throw damaged('its numbers do not match their checksum');
  const arrays = new Map<string, Float32Array>();
  let offset = bodyStart;
  for (const { name, length } of header.arrays) {
    const data = new Float32Array(length);
    for (let i = 0; i < length; i++, offset += 4) data[i] = view.getFloat32(offset, true);
    arrays.set(name, data);
  }
  const parameters = arrays.get('parameters');
  const m = arrays.get('m');
  const v = arrays.get('v');
  if (!parameters || !m || !v) throw damaged('it lacks the parameters or the optimizer moments');
  const { formatVersion: _version, optimizerStep, arrays: _arrays, bodySha256: _sha, best: bestHeader, ...rest } = header;
  const bestParameters = arrays.get('best');
  if (bestHeader && !bestParameters) throw damaged('it names a best model but lacks its parameters');
  const best = bestHeader && bestParameters ? { ...bestHeader, parameters: bestParameters } : null;
  return { ...rest, parameters, optimizer: { m, v, step: optimizerStep }, ...(best ? { best } : {}) };
}

/** Writes the checkpoint atomically (temp file, fsync, rename): a crash leaves the previous one intact. */
export async function writeCheckpoint(path: string, checkpoint: TrainingCheckpoint): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint), { overwrite: true });
}

export async function readCheckpoint(path: string): Promise<TrainingCheckpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CheckpointReadError(path, 'no such file', true, { cause: error });
    throw new CheckpointReadError(path, `it cannot be read: ${code ?? String(error)}`, false, { cause: error });
  }
  return decodeCheckpoint(bytes, path);
}
