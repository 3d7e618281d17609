/**
 * Time of one loss-and-gradient call of the per-edge field (the velocity fit's iteration, without Adam) on each CPU
 * backend, at the paper data's shape by default: 529 genes, the 113 TFs of the bundled list as sources, 256 cells per
 * batch, a linear term and decay. Prints one JSON line per backend and hidden size: wall and CPU milliseconds per call
 * (CPU time is the steadier number on a shared machine).
 *
 * Usage: npx tsx src-main/engine/velocity/bench/measure-per-edge-kernel.ts [--genes 529] [--sources 113] [--rows 256]
 *   [--hidden 0,2] [--engines typescript,wasm,native] [--calls 40]
 */
import { SeededRandom } from '../../model/random.ts';
import type { PerEdgeFieldConfig } from '../per-edge-field-cpu.ts';
import { choosePerEdgeKernel, type VelocityEngineChoice } from '../per-edge-field-kernel.ts';
import { initialPerEdgeField } from '../per-edge-field-layout.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const genes = Number(option('genes', '529'));
const sourceCount = Number(option('sources', '113'));
const rows = Number(option('rows', '256'));
const calls = Number(option('calls', '40'));
const hiddenSizes = option('hidden', '0,2').split(',').map(Number);
const engines = option('engines', 'typescript,wasm,native').split(',') as VelocityEngineChoice[];
// Sources spread over the genes, as TFs are in the paper's gene order.
const sources = Array.from({ length: sourceCount }, (_, i) => Math.floor((i * genes) / sourceCount));

for (const hidden of hiddenSizes) {
  const config: PerEdgeFieldConfig = { genes, hidden, decay: true, penalty: 'none', lambda: 0, linear: true, sources };
  const random = new SeededRandom(1);
  const params = initialPerEdgeField(config, random);
  const states = Float32Array.from({ length: rows * genes }, () => random.normal());
  const velocities = Float32Array.from({ length: rows * genes }, () => random.normal());
  for (const engine of engines) {
    const kernel = await choosePerEdgeKernel(engine);
    kernel.lossAndGradient(params, config, states, velocities, rows, null);
    // The TypeScript loops are 5–10× slower: fewer calls keep the run short.
    const n = engine === 'typescript' ? Math.max(1, Math.round(calls / 4)) : calls;
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < n; i++) kernel.lossAndGradient(params, config, states, velocities, rows, null);
    const cpu = process.cpuUsage(cpuStart);
    console.log(
      JSON.stringify({
        engine: kernel.name,
        genes,
        sources: sourceCount,
        rows,
        hidden,
        calls: n,
        wallMsPerCall: +((performance.now() - wallStart) / n).toFixed(2),
        cpuMsPerCall: +((cpu.user + cpu.system) / 1000 / n).toFixed(2),
      }),
    );
  }
}
