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

async function readCase(c: CorpusCase): Promise<{ ok: true; values: Float32Array } | { ok: false; error: unknown }> {
  try {
    await reader.inspect(c.path);
    const dataset = await reader.open(c.path);
    try {
      const values = await dataset.readGenes(Array.from({ length: Math.min(dataset.geneNames.length, 5) }, (_, i) => i));
      return { ok: true, values };
    } finally {
      dataset.close();
    }
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * Resident memory of this process (the worker is a thread of it), sampled every 20 ms while cases run: the peak of
 * the whole process, and the largest growth during one case over the memory at its start, with the case's name.
 * Under tsx a reader worker with h5wasm loaded is already about 650 MB (tsx transforms h5wasm's 4 MB module), so the
 * growth is what a file costs (plus, for a file that crashes the worker, its replacement starting up); both are
 * recorded in docs/benchmarks.md.
 */
function sampleRss() {
  let current = { name: '(none)', startRss: process.memoryUsage().rss };
  let peak = { bytes: current.startRss, during: current.name };
  let growth = { bytes: 0, during: current.name };
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak.bytes) peak = { bytes: rss, during: current.name };
    // Before the first case only the worker loads: not a file's cost.
    if (current.name !== '(none)' && rss - current.startRss > growth.bytes)
      growth = { bytes: rss - current.startRss, during: current.name };
  };
  const timer = setInterval(sample, 20);
  return {
    startCase(name: string) {
      sample();
      current = { name, startRss: process.memoryUsage().rss };
    },
    stop() {
      clearInterval(timer);
      sample();
      return { peak, growth };
    },
  };
}

describe('malformed-input corpus', () => {
  it('has at least 300 cases covering every reader', () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
    for (const prefix of ['h5ad-', 'tenx-folder-', 'tenx-', 'loom-', 'csv-'])
      expect(cases.some((c) => c.name.startsWith(prefix))).toBe(true);
  });

  it('every case fails with a message naming the file and the element, or reads the right values, within 10 s and 1 GB', async () => {
    const problems: string[] = [];
    const rss = sampleRss();
    let slowest = { name: '', ms: 0 };
    for (const c of cases) {
      // A case that crashed or hung the previous worker makes the next case wait for a fresh one (seconds, once per
      // restart); that start-up is not the case's reading time, which the 10 s limit is about.
      await reader.ready();
      rss.startCase(c.name);
      const started = performance.now();
      const outcome = await readCase(c);
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { name: c.name, ms };
      if (ms > 10_000) problems.push(`${c.name}: took ${Math.round(ms)} ms (limit 10 s)`);
      const expectedName = `"${c.reportedFile ?? basename(c.path)}"`;
      if (outcome.ok) {
        if (c.expect === 'error') problems.push(`${c.name}: read without error, expected one mentioning ${c.mentions ?? 'the file'}`);
        else if (c.values && Array.from(outcome.values).join() !== c.values.join())
          problems.push(`${c.name}: read as [${Array.from(outcome.values).join(', ')}], expected [${c.values.join(', ')}]`);
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
    const { peak, growth } = rss.stop();
    const counts = { error: 0, ok: 0, either: 0, checkedValues: cases.filter((c) => c.values).length };
    for (const c of cases) counts[c.expect]++;
    const mb = (bytes: number) => Math.round(bytes / 1024 ** 2);
    // Recorded in docs/benchmarks.md (malformed corpus).
    console.log(
      `malformed corpus: ${cases.length} cases ${JSON.stringify(counts)}, slowest ${slowest.name} ${Math.round(slowest.ms)} ms, ` +
        `largest growth during one case ${mb(growth.bytes)} MB (${growth.during}), ` +
        `peak RSS of the whole process ${mb(peak.bytes)} MB (${peak.during})`,
    );
    expect(problems).toEqual([]);
    // No file costs more than 1 GB, whatever it declares; the whole run (test runner, worker under tsx, h5wasm's heap,
    // a retired worker not yet freed beside its replacement) stays under 1.5 GB.
    expect(growth.bytes).toBeLessThan(1024 ** 3);
    expect(peak.bytes).toBeLessThan(1.5 * 1024 ** 3);
  }, 600_000);
});
