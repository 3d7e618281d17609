/**
 * Speed of an in-silico perturbation (docs/benchmarks.md, "In-silico perturbation"): loading a run folder's model
 * once, then single knockouts as the app's worker answers them, and the same through the app's PerturbationService
 * (worker thread, message round trip), asked cold and after the preparation the app starts when a run is shown.
 * Usage: npx tsx scripts/bench-perturbation.ts [--bundled] RUN_DIR [GENE…]
 * `--bundled`: the worker the app runs (dist/cli/perturbation-worker.mjs, `npm run build:cli`), not the TypeScript sources.
 * `--browser [--reps N] [--think S] [--profile]`: instead, what the user waits for in the browser shell in chromium,
 * click → ranked responders shown, first and later knockouts, N fresh servers (default 5), S seconds before the first
 * click, `--profile`: the page main thread's JavaScript time per answer, `--typed`: the later genes typed into
 * the panel instead of focused on the network, `--functions` (with `--profile`): the functions that JavaScript ran in
 * (scripts/bench-perturbation-browser.ts; needs `npm run build:cli build:renderer` and /usr/bin/chromium).
 */
import { PerturbationService } from '../src-main/jobs/perturbation-service.ts';
import { readPerturbableRun } from '../src-main/perturb/perturbable-run.ts';
import { perturbModel } from '../src-main/perturb/perturb-model.ts';
import { benchPerturbationInBrowser } from './bench-perturbation-browser.ts';

const args = process.argv.slice(2);
const bundled = args.includes('--bundled');
const browser = args.includes('--browser');
const valueOf = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const valued = new Set(['--reps', '--think'].flatMap((name) => (args.includes(name) ? [args.indexOf(name), args.indexOf(name) + 1] : [])));
const [folder, ...named] = args.filter((a, i) => !a.startsWith('--') && !valued.has(i));
if (!folder)
  throw new Error(
    'Usage: npx tsx scripts/bench-perturbation.ts [--bundled | --browser [--reps N] [--think S] [--profile] [--typed]] RUN_DIR [GENE…]',
  );
// SPI1 and CEBPA are not among the example's 529 genes; CEBPB and IRF8 are its myeloid regulators.
const genes = named.length > 0 ? named : ['GATA1', 'KLF1', 'CEBPB', 'IRF8'];
const ms = (a: number, b: number) => `${(b - a).toFixed(0)} ms`;
/** CPU time of this process since `since`, its worker threads included (what an idle machine's wall time would be). */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return `${((used.user + used.system) / 1000).toFixed(0)} ms`;
};

if (browser) {
  await benchPerturbationInBrowser({
    folder,
    genes,
    repetitions: valueOf('--reps', 5),
    thinkSeconds: valueOf('--think', 0),
    profile: args.includes('--profile'),
    typed: args.includes('--typed'),
    profileFunctions: args.includes('--functions'),
  });
  process.exit(0);
}

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

const workerEntry = bundled ? new URL('../dist/cli/perturbation-worker.mjs', import.meta.url) : undefined;
const service = new PerturbationService(workerEntry);
const task = (gene: string) => ({
  folder,
  runName: `run "${folder}"`,
  perturbations: [{ gene, kind: 'knockout' as const, value: 0 }],
  starts: { kind: 'lineages' as const },
  appVersion: 'bench',
  command: 'bench',
});
const first = performance.now();
const firstCpu = process.cpuUsage();
await service.perturb(task(genes[0]));
console.log(
  `app worker (${bundled ? 'bundled' : 'sources'}), not prepared: first answer (worker start + model load) ${ms(first, performance.now())}, CPU ${cpuMs(firstCpu)}`,
);
for (const gene of genes) {
  const a = performance.now();
  const c = process.cpuUsage();
  await service.perturb(task(gene));
  console.log(`  ${gene} knockout through the worker: ${ms(a, performance.now())}, CPU ${cpuMs(c)}`);
}
await service.dispose();

// As the app does it: the worker started and the model loaded (and the solver warmed up) when the run is shown, so
// the first question waits for its own solve only.
const prepared = new PerturbationService(workerEntry);
const p0 = performance.now();
const preparedCpu = process.cpuUsage();
const ready = await prepared.prepare({ folder, runName: `run "${folder}"` });
console.log(
  `app worker, prepared when the run is shown: preparation ${ms(p0, performance.now())}, CPU ${cpuMs(preparedCpu)} (of which the warm-up solve ${(ready.seconds * 1000).toFixed(0)} ms wall)`,
);
for (const gene of genes) {
  const a = performance.now();
  const c = process.cpuUsage();
  await prepared.perturb(task(gene));
  console.log(`  ${gene} knockout through the prepared worker: ${ms(a, performance.now())}, CPU ${cpuMs(c)}`);
}
await prepared.dispose();
