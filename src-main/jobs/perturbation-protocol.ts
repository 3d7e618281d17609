/** Messages between the session and the perturbation worker. */
import type { GenePerturbation, PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import type { PerturbationFile } from '../export/perturbation-export.ts';
import type { PerturbationStarts } from '../perturb/perturbation.ts';

/**
 * Load a run's model ahead of the first question (the app sends it when a finished run is shown), so the first
 * knockout waits for the solve alone.
 */
export interface PrepareTask {
  id: number;
  kind: 'prepare';
  folder: string;
  runName: string;
}

export interface PerturbationTask {
  id: number;
  kind: 'perturb' | 'files';
  folder: string;
  /** How messages name the run (`run "run-3"`). */
  runName: string;
  perturbations: GenePerturbation[];
  starts: PerturbationStarts;
  /** For the files' provenance. */
  appVersion: string;
  command: string;
}

export type PerturbationReply =
  | { id: number; ok: true; result: PerturbationResult; files?: PerturbationFile[] }
  | {
      id: number;
      ok: true;
      prepared: {
        genes: number;
        method: 'trajectory' | 'velocity';
        seconds: number;
        /** 'gave way': a question arrived during the warm-up, which stopped so that it is answered first. */
        warmUp: 'warmed' | 'gave way' | 'not needed';
      };
    }
  | { id: number; ok: false; input: boolean; message: string };
