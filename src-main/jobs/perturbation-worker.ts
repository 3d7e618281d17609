/**
 * Worker entry for in-silico perturbations, so neither the server's thread nor the window integrates anything. It
 * lives as long as the session and keeps the last runs' loaded models, so a second perturbation of the same run
 * answers in the time of the solve alone (docs/benchmarks.md, "In-silico perturbation").
 */
import { parentPort } from 'node:worker_threads';
import { LoadedModels } from '../perturb/loaded-models.ts';
import { perturbModel } from '../perturb/perturb-model.ts';
import { PerturbationInputError } from '../perturb/perturbation.ts';
import type { PerturbableModel } from '../perturb/simulate-perturbation.ts';
import type { PerturbationTask, PerturbationReply, PrepareTask } from './perturbation-protocol.ts';

const port = parentPort;
if (!port) throw new Error('perturbation-worker.ts runs only as a worker_thread.');

/** The last runs' models, read again when a run folder's model files change. */
const models = new LoadedModels();

/** Questions (perturbations, exports) received and not yet answered: a warm-up gives way to them. */
let questionsWaiting = 0;

/**
 * Throwaway solves right after a prepared model's first load: the first solve in a fresh worker runs the solver
 * and the field unoptimised (V8 compiles them while they run): 1.4× the CPU time of the next ones on the 529-gene example;
 * paid here, before the user asks, the first knockout is as fast as the later ones. One lineage at a time, with the
 * event loop let through between them: a knockout asked meanwhile (a user clicking the instant the network shows)
 * stops the warm-up and waits for one lineage's solve at most, not the whole throwaway knockout.
 */
/** Methods whose solver and field have run in this worker (a warm-up or a real question). */
const warmed = new Set<PerturbableModel['method']>();
async function warmUp(model: PerturbableModel): Promise<'warmed' | 'gave way' | 'not needed'> {
  // Each method has its own field code to compile; the solver is shared.
  if (warmed.has(model.method) || model.genes.length === 0) return 'not needed';
  for (const trajectory of model.trajectories) {
    // Messages are delivered between macrotasks: setImmediate lets a question that arrived during the last solve in.
    await new Promise((resolve) => setImmediate(resolve));
    // A question waits, or one answered meanwhile has compiled the code already.
    if (questionsWaiting > 0 || warmed.has(model.method)) return 'gave way';
    try {
      perturbModel({ ...model, trajectories: [trajectory] }, [{ gene: model.genes[0], kind: 'knockout', value: 0 }]);
    } catch {
      // A model that cannot be perturbed says so when the user asks; the warm-up has nothing to report.
      break;
    }
  }
  warmed.add(model.method);
  return 'warmed';
}

port.on('message', (task: PerturbationTask | PrepareTask) => {
  const question = task.kind !== 'prepare';
  if (question) questionsWaiting++;
  void (async (): Promise<PerturbationReply> => {
    try {
      const model = await models.get(task.folder, task.runName);
      if (task.kind === 'prepare') {
        const began = performance.now();
        const warmUpDone = await warmUp(model);
        return {
          id: task.id,
          ok: true,
          prepared: { genes: model.genes.length, method: model.method, seconds: (performance.now() - began) / 1000, warmUp: warmUpDone },
        };
      }
      const { result, simulation } = perturbModel(model, task.perturbations, task.starts);
      warmed.add(model.method);
      if (task.kind === 'perturb') return { id: task.id, ok: true, result };
      // Loaded on the first export only: the figure and PDF code (jsdom, pdfkit) took 1.8 s of CPU to load, more
      // than the model and the solve together, and would hold up the first knockout for nothing.
      const [{ readRunFolder }, { perturbationFiles }] = await Promise.all([
        import('../export/run-folder-reader.ts'),
        import('../export/perturbation-export.ts'),
      ]);
      const run = await readRunFolder(task.folder, task.appVersion);
      const files = await perturbationFiles(run, result, simulation, { command: task.command });
      return { id: task.id, ok: true, result, files };
    } catch (error) {
      return {
        id: task.id,
        ok: false,
        input: error instanceof PerturbationInputError,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  })().then((reply) => {
    if (question) questionsWaiting--;
    port.postMessage(reply);
  });
});
