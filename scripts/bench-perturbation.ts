/**
 * Speed of an in-silico perturbation (docs/benchmarks.md, "In-silico perturbation"): loading a run folder's model
 * once, then single knockouts as the app's worker answers them, and the same through the app's PerturbationService
 * (worker thread, message round trip). Usage: npx tsx scripts/bench-perturbation.ts [--bundled] RUN_DIR [GENE…]
 * `--bundled`: the worker the app runs (dist/cli/perturbation-worker.mjs, `npm run build:cli`), not the TypeScript sources.
 */
import { PerturbationService } from '../src-main/jobs/perturbation-service.ts';
import { readPerturbableRun } from '../src-main/perturb/perturbable-run.ts';
import { perturbModel } from '../src-main/perturb/perturb-model.ts';

const args = process.argv.slice(2);
const bundled = args.includes('--bundled');
const [folder, ...named] = args.filter((a) => a !== '--bundled');
if (!folder) throw new Error('Usage: npx tsx scripts/bench-perturbation.ts RUN_DIR [GENE…]');
const genes = named.length > 0 ? named : ['GATA1', 'KLF1', 'SPI1', 'CEBPA'];
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;

const t0 = performance.now();
const model = await readPerturbableRun(folder);
console.log(
  `in-process: load ${ms(t0, performance.now())}; ${model.genes.length} genes, ${model.method} model, ${model.trajectories.length} lineage starts`,
);
for (const gene of genes) {
  const times: number[] = [];
  const cpu: number[] = [];
  let steps = 0;
  for (let rep = 0; rep < 3; rep++) {
    const a = performance.now();
    const c = process.cpuUsage();
    const { result } = perturbModel(model, [{ gene, kind: 'knockout', value: 0 }]);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    times.push(performance.now() - a);
    steps = result.solve.steps;
  }
  // CPU time says what the solve costs on a core of its own; wall time adds the wait for a core on a loaded machine.
  console.log(
    `  ${gene} knockout: wall ${times.map((t) => t.toFixed(0)).join(', ')} ms; CPU ${cpu.map((t) => t.toFixed(0)).join(', ')} ms (${steps} Dormand–Prince steps)`,
  );
}

const service = new PerturbationService(bundled ? new URL('../dist/cli/perturbation-worker.mjs', import.meta.url) : undefined);
const task = (gene: string) => ({
  folder,
  runName: `run "${folder}"`,
  perturbations: [{ gene, kind: 'knockout' as const, value: 0 }],
  starts: { kind: 'lineages' as const },
  appVersion: 'bench',
  command: 'bench',
});
const first = performance.now();
await service.perturb(task(genes[0]));
console.log(`app worker (${bundled ? 'bundled' : 'sources'}): first answer (worker start + model load) ${ms(first, performance.now())}`);
for (const gene of genes) {
  const a = performance.now();
  await service.perturb(task(gene));
  console.log(`  ${gene} knockout through the worker: ${ms(a, performance.now())}`);
}
await service.dispose();
