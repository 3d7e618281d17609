/**
 * Child process for the memory test of inspect-csv.test.ts: inspects one table and prints the summary with the peak
 * growth of heap plus array buffers, sampled every 2 ms during the pass. Run with a small young generation
 * (--max-semi-space-size=1) so short-lived garbage does not hide what the pass keeps. With "full" as second argument
 * it measures the full reader instead, for comparison.
 */
import { inspectCsv } from '../../../../src-main/data/csv/inspect-csv.ts';
import { openCsv } from '../../../../src-main/data/csv/read-csv.ts';

const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const baseline = used();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, used());
}, 2);
const summary = process.argv[3] === 'full' ? (await openCsv(process.argv[2])).summary : await inspectCsv(process.argv[2]);
clearInterval(sampler);
peak = Math.max(peak, used());
process.stdout.write(JSON.stringify({ summary, peakGrowthBytes: peak - baseline }));
