import { wordFitRefusalForCommandLine } from '../../../../src-main/cli/fit-refusals.ts';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bestCheckpointPath,
  decodeCheckpoint,
  encodeCheckpoint,
  CheckpointReadError,
  readCheckpoint,
  writeCheckpoint,
  type TrainingCheckpoint,
} from '../../../../src-main/engine/training/checkpoint.ts';
import { PAPER_DEFAULTS } from '../../../../src-shared/run-config.ts';

function sample(): TrainingCheckpoint {
  // Values whose float32 bits matter: subnormal, negative zero, extremes.
  const parameters = Float32Array.of(1.5, -0, 1e-45, 3.4028234663852886e38, -2.718281828, 0.1);
  return {
    iteration: 42,
    config: PAPER_DEFAULTS,
    engine: 'tfjs',
    dataSha256: 'ab'.repeat(32),
    genes: ['GATA1', 'SPI1', 'CEBPA'],
    parameters,
    optimizer: { m: parameters.map((x) => x / 3), v: parameters.map((x) => x * x), step: 42 },
    randomState: [1, 2, 3, 4294967295],
    learningRate: 0.005,
    plateau: { learningRate: 0.005, patience: 10, smoothedLoss: 0.123456789012345, bestLoss: null, badIterations: 3, reductions: 1 },
    elapsedSeconds: 12.5,
    lastTerms: { data: 0.1, penalty: 0.02, total: 0.12 },
  };
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pathreg-ckpt-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('checkpoint format', () => {
  it('round-trips every field, float32 arrays bit for bit', () => {
    const original = sample();
    const back = decodeCheckpoint(encodeCheckpoint(original), 'x');
    expect(Buffer.from(back.parameters.buffer).equals(Buffer.from(original.parameters.buffer))).toBe(true);
    expect(Object.is(back.parameters[1], -0)).toBe(true);
    expect(Array.from(back.optimizer.m)).toEqual(Array.from(original.optimizer.m));
    expect(Array.from(back.optimizer.v)).toEqual(Array.from(original.optimizer.v));
    const { parameters: _p, optimizer: _o, ...rest } = original;
    const { parameters: _p2, optimizer: o2, ...rest2 } = back;
    expect(rest2).toEqual(rest);
    expect(o2.step).toBe(42);
  });

  it('round-trips the best model (its parameters bit for bit) and the run’s rejected-iteration and restart counts', () => {
    const original: TrainingCheckpoint = {
      ...sample(),
      best: { iteration: 40, validationLoss: 0.0123456789, parameters: Float32Array.of(-0, 1e-45, 7.25, -3) },
      rejectedIterations: 3,
      restarts: 1,
    };
    const back = decodeCheckpoint(encodeCheckpoint(original), 'x');
    expect(back.best?.iteration).toBe(40);
    expect(back.best?.validationLoss).toBe(0.0123456789);
    expect(Buffer.from(back.best!.parameters.buffer).equals(Buffer.from(original.best!.parameters.buffer))).toBe(true);
    expect(back.rejectedIterations).toBe(3);
    expect(back.restarts).toBe(1);
    // A checkpoint without a best model (written before validation existed) reads as having none.
    expect(decodeCheckpoint(encodeCheckpoint(sample()), 'x').best).toBeUndefined();
  });

  it('refuses a header that names a best model whose parameters are missing', () => {
    const bytes = encodeCheckpoint({ ...sample(), best: { iteration: 1, validationLoss: 1, parameters: Float32Array.of(1) } });
    const text = Buffer.from(bytes).toString('latin1').replace('"name":"best"', '"name":"xxxx"');
    expect(() => decodeCheckpoint(Uint8Array.from(Buffer.from(text, 'latin1')), 'run/checkpoint.bin')).toThrow(
      /"run\/checkpoint.bin" is not a usable PathReg checkpoint \(it names a best model but lacks its parameters\)/,
    );
  });

  it('puts the best model’s checkpoint beside the last one', () => {
    expect(bestCheckpointPath(join('runs', 'a', 'checkpoint.bin'))).toBe(join('runs', 'a', 'checkpoint-best.bin'));
  });

  it('writes atomically and leaves no temporary file behind', async () => {
    const path = join(folder, 'checkpoint.bin');
    await writeCheckpoint(path, sample());
    await writeCheckpoint(path, { ...sample(), iteration: 43 });
    expect(await readdir(folder)).toEqual(['checkpoint.bin']);
    expect((await readCheckpoint(path)).iteration).toBe(43);
  });

  it('recognises a truncated or damaged file and says what to do', async () => {
    const bytes = encodeCheckpoint(sample());
    const path = join(folder, 'checkpoint.bin');
    await writeFile(path, bytes.subarray(0, bytes.length - 4));
    await expect(readCheckpoint(path)).rejects.toThrow(
      /checkpoint\.bin" is not a usable PathReg checkpoint \(expected \d+ bytes, found \d+/,
    );
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 1] ^= 0xff;
    expect(() => decodeCheckpoint(flipped, 'run/checkpoint.bin')).toThrow(/do not match their checksum/);
    expect(() => decodeCheckpoint(new TextEncoder().encode('hello'), 'notes.txt')).toThrow(
      /"notes.txt" is not a usable PathReg checkpoint.*marker/,
    );
  });

  it('names a missing checkpoint as data (missing, the file); the command line adds its advice', async () => {
    const error = await readCheckpoint(join(folder, 'nope.bin')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointReadError);
    expect((error as CheckpointReadError).missing).toBe(true);
    expect((error as CheckpointReadError).message).toMatch(/There is no checkpoint at ".*nope\.bin"/);
    expect(String(wordFitRefusalForCommandLine(error))).toMatch(
      /There is no checkpoint at ".*nope\.bin" to resume from: run without --resume first/,
    );
  });

  it('keeps the header readable as JSON after the marker', async () => {
    const path = join(folder, 'checkpoint.bin');
    await writeCheckpoint(path, sample());
    const text = (await readFile(path)).toString('latin1');
    expect(text.startsWith('PATHREG-CHECKPOINT\n')).toBe(true);
    expect(text).toContain('"dataSha256"');
  });
});
