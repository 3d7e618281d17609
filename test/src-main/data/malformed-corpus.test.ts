import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMalformedCorpus, type CorpusCase } from '../../../scripts/generate-malformed-corpus.ts';
import { ReaderWorker } from '../../../src-main/data/reader-worker.ts';
import { DataFileError } from '../../../src-main/data/reader-error.ts';

// Every case is opened in the reader worker, as the app does: summary, open, then a few genes, each request limited
// to 10 s. A crash or a hang would surface as a DataFileError from the worker client naming the file, and is
// reported here so it can be fixed.
const dir = mkdtempSync(join(tmpdir(), 'malformed-corpus-'));
let cases: CorpusCase[] = [];
const reader = new ReaderWorker({ timeoutMs: 10_000, maxHeapMb: 1024 });

beforeAll(async () => {
  cases = await generateMalformedCorpus(dir);
}, 120_000);
afterAll(async () => {
  await reader.terminate();
  rmSync(dir, { recursive: true, force: true });
});

async function readCase(c: CorpusCase): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await reader.inspect(c.path);
    const dataset = await reader.open(c.path);
    try {
      await dataset.readGenes(Array.from({ length: Math.min(dataset.geneNames.length, 5) }, (_, i) => i));
    } finally {
      dataset.close();
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

describe('malformed-input corpus', () => {
  it('has at least 300 cases covering every reader', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const prefix of ['h5ad-', 'tenx-folder-', 'tenx-', 'loom-', 'csv-'])
      expect(cases.some((c) => c.name.startsWith(prefix))).toBe(true);
  });

  it('every case fails with a message naming the file and the element, or reads, within 10 s and bounded memory', async () => {
    const problems: string[] = [];
    let peakRss = 0;
    for (const c of cases) {
      const outcome = await readCase(c);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const expectedName = `"${c.reportedFile ?? basename(c.path)}"`;
      if (outcome.ok) {
        if (c.expect === 'error') problems.push(`${c.name}: read without error, expected one mentioning ${c.mentions ?? 'the file'}`);
        continue;
      }
      const { error } = outcome;
      const message = error instanceof Error ? error.message : String(error);
      if (c.expect === 'ok') problems.push(`${c.name}: should read but failed: ${message}`);
      else if (!(error instanceof DataFileError)) problems.push(`${c.name}: not a DataFileError: ${message}`);
      else if (!message.startsWith(expectedName)) problems.push(`${c.name}: message does not start with ${expectedName}: ${message}`);
      else if (c.mentions && !message.includes(c.mentions))
        problems.push(`${c.name}: message does not mention "${c.mentions}": ${message}`);
      else if (/took longer than|stop unexpectedly|made the reader fail/.test(message))
        problems.push(`${c.name}: the reader hung or crashed: ${message}`);
    }
    expect(problems).toEqual([]);
    // The whole run (test process + worker with h5wasm) stays far below the 2 GB the readers are allowed.
    expect(peakRss).toBeLessThan(2 * 1024 ** 3);
  }, 600_000);
});
