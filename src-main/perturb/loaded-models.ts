/**
 * The perturbation worker's loaded models, one per run folder: read once (the first knockout after a run is opened
 * would otherwise wait for the read), kept for the next questions, and read again when the folder's model files
 * change (a run continued or refined in place), so an answer never comes from a model the folder no longer holds.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../run/run-folder.ts';
import { readPerturbableRun } from './perturbable-run.ts';
import type { PerturbableModel } from './simulate-perturbation.ts';

/** The files readPerturbableRun reads: a change to any of them is a different model or different starts. */
const MODEL_FILES = [RUN_FILES.metrics, RUN_FILES.checkpoint, RUN_FILES.velocityModel, RUN_FILES.trajectoryIndex, RUN_FILES.trajectoryData];

/** Size and modification time of every model file (absent ones included): cheap, and changes with every atomic rewrite. */
export async function modelFingerprint(folder: string): Promise<string> {
  const parts = await Promise.all(
    MODEL_FILES.map((name) =>
      stat(join(folder, name)).then(
        (s) => `${name}:${s.size}:${s.mtimeMs}`,
        () => `${name}:-`,
      ),
    ),
  );
  return parts.join('|');
}

export class LoadedModels {
  private readonly models = new Map<string, { fingerprint: string; model: Promise<PerturbableModel> }>();

  constructor(
    private readonly keep = 4,
    private readonly read: (folder: string, runName: string) => Promise<PerturbableModel> = readPerturbableRun,
  ) {}

  /** The folder's model: the kept one while its files are unchanged, else read now (a failed read is not kept). */
  async get(folder: string, runName: string): Promise<PerturbableModel> {
    const fingerprint = await modelFingerprint(folder);
    const kept = this.models.get(folder);
    if (kept && kept.fingerprint === fingerprint) {
      this.models.delete(folder);
      this.models.set(folder, kept);
      return kept.model;
    }
    const model = this.read(folder, runName);
    const entry = { fingerprint, model };
    // Most recently asked last, so the oldest is dropped first.
    this.models.delete(folder);
    this.models.set(folder, entry);
    model.catch(() => {
      if (this.models.get(folder) === entry) this.models.delete(folder);
    });
    while (this.models.size > this.keep) this.models.delete(this.models.keys().next().value!);
    return model;
  }

  /** Whether the folder's model is kept and still matches its files (for tests and the benchmark). */
  async isCurrent(folder: string): Promise<boolean> {
    const kept = this.models.get(folder);
    return kept !== undefined && kept.fingerprint === (await modelFingerprint(folder));
  }
}
