/**
 * Worker entry for in-silico perturbations, so neither the server's thread nor the window integrates anything. It
 * lives as long as the session and keeps the last runs' loaded models, so a second perturbation of the same run
 * answers in the time of the solve alone (docs/benchmarks.md, "In-silico perturbation").
 */
import { parentPort } from 'node:worker_threads';
import { readRunFolder } from '../export/run-folder-reader.ts';
import { perturbationFiles } from '../export/perturbation-export.ts';
import { readPerturbableRun } from '../perturb/perturbable-run.ts';
import { perturbModel } from '../perturb/perturb-model.ts';
import { PerturbationInputError } from '../perturb/perturbation.ts';
import type { PerturbableModel } from '../perturb/simulate-perturbation.ts';
import type { PerturbationTask, PerturbationReply } from './perturbation-protocol.ts';

const port = parentPort;
if (!port) throw new Error('perturbation-worker.ts runs only as a worker_thread.');

/** Loaded models by run folder; a few runs at most, the oldest dropped first. */
const loaded = new Map<string, Promise<PerturbableModel>>();
const KEEP_MODELS = 4;

function modelOf(folder: string, runName: string): Promise<PerturbableModel> {
  let model = loaded.get(folder);
  if (!model) {
    model = readPerturbableRun(folder, runName);
    loaded.set(folder, model);
    // A failed read is not kept: the folder may be fixed and asked again.
    model.catch(() => loaded.delete(folder));
    while (loaded.size > KEEP_MODELS) loaded.delete(loaded.keys().next().value!);
  }
  return model;
}

port.on('message', (task: PerturbationTask) => {
  void (async (): Promise<PerturbationReply> => {
    try {
      const model = await modelOf(task.folder, task.runName);
      const { result, simulation } = perturbModel(model, task.perturbations, task.starts);
      if (task.kind === 'perturb') return { id: task.id, ok: true, result };
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
  })().then((reply) => port.postMessage(reply));
});
