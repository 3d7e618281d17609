/**
 * velocity-model.bin: the trained field of a velocity-method run (issue 13), so the run can be read again, integrated
 * and evaluated without training it anew. Layout: the line `PATHREG-VELOCITY-MODEL 1`, a little-endian uint32 byte
 * length, that many bytes of UTF-8 JSON (kind, genes, the field's config, the length of each array), then float32
 * little-endian arrays in this order: parameters, input shift, input scale, output scale.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VelocityFieldModel } from '../engine/velocity/velocity-field-model.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { RUN_FILES } from './run-folder.ts';

const MAGIC = 'PATHREG-VELOCITY-MODEL 1\n';
const ARRAYS = ['values', 'inputShift', 'inputScale', 'outputScale'] as const;

interface Header {
  kind: VelocityFieldModel['kind'];
  genes: string[];
  config: VelocityFieldModel['config'];
  lengths: Record<(typeof ARRAYS)[number], number>;
}

export async function writeVelocityModel(runFolder: string, model: VelocityFieldModel): Promise<string> {
  const header: Header = {
    kind: model.kind,
    genes: model.genes,
    config: model.config,
    lengths: Object.fromEntries(ARRAYS.map((name) => [name, model[name].length])) as Header['lengths'],
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const magic = new TextEncoder().encode(MAGIC);
  const floats = ARRAYS.reduce((sum, name) => sum + model[name].length, 0);
  const bytes = new Uint8Array(magic.length + 4 + json.length + 4 * floats);
  bytes.set(magic, 0);
  new DataView(bytes.buffer).setUint32(magic.length, json.length, true);
  bytes.set(json, magic.length + 4);
  const view = new DataView(bytes.buffer);
  let at = magic.length + 4 + json.length;
  for (const name of ARRAYS) {
    for (const value of model[name]) {
      view.setFloat32(at, value, true);
      at += 4;
    }
  }
  const path = join(runFolder, RUN_FILES.velocityModel);
  await writeFileAtomic(path, bytes, { overwrite: true });
  return path;
}

/** Reads velocity-model.bin; a message names the file and what is wrong with it. */
export async function readVelocityModel(path: string): Promise<VelocityFieldModel> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(`Cannot read the velocity model "${path}" (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, {
      cause: error,
    });
  }
  const broken = (what: string) =>
    new Error(`"${path}" is not a readable velocity model: ${what}. Was it written by another program or cut short? Train the run again.`);
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length + 4 || bytes.subarray(0, magic.length).toString('utf8') !== MAGIC)
    throw broken(`it does not start with ${JSON.stringify(MAGIC.trim())}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(magic.length, true);
  if (magic.length + 4 + jsonLength > bytes.length) throw broken(`its header says ${jsonLength} bytes, past the end of the file`);
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(magic.length + 4, magic.length + 4 + jsonLength).toString('utf8')) as Header;
  } catch {
    throw broken('its header is not JSON');
  }
  if (header.kind !== 'per-edge-field' || !Array.isArray(header.genes))
    throw broken(`its header names kind ${JSON.stringify(header.kind)}`);
  let at = magic.length + 4 + jsonLength;
  const floats = ARRAYS.reduce((sum, name) => sum + (header.lengths?.[name] ?? Number.NaN), 0);
  if (!Number.isInteger(floats) || at + 4 * floats !== bytes.length)
    throw broken(`it holds ${bytes.length - at} bytes of values, but its header lists ${4 * floats}`);
  const arrays = {} as Record<(typeof ARRAYS)[number], Float32Array>;
  for (const name of ARRAYS) {
    const values = new Float32Array(header.lengths[name]);
    for (let i = 0; i < values.length; i++, at += 4) values[i] = view.getFloat32(at, true);
    arrays[name] = values;
  }
  return { kind: header.kind, genes: header.genes, config: header.config, ...arrays };
}
