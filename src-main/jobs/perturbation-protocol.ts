/** Messages between the session and the perturbation worker. */
import type { GenePerturbation, PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import type { PerturbationFile } from '../export/perturbation-export.ts';
import type { PerturbationStarts } from '../perturb/perturbation.ts';

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
  | { id: number; ok: false; input: boolean; message: string };
