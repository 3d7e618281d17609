/**
 * The app's in-silico perturbations (run:perturb, export:perturbation): a finished run's folder handed to the
 * perturbation worker, which loads its trained model once and answers each perturbation; the exported files are the
 * ones `pathreg perturb` writes, with the same provenance.
 */
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import type { PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import { PERTURBATION_FILES } from '../export/perturbation-export.ts';
import type { PerturbationService } from '../jobs/perturbation-service.ts';

export interface PerturbedRun {
  runId: string;
  label: string;
  folder: string;
}

const FILE_OF: Record<RequestOf<'export:perturbation'>['file'], { name: string; mimeType: string }> = {
  table: { name: PERTURBATION_FILES.table, mimeType: 'text/csv' },
  curves: { name: PERTURBATION_FILES.curves, mimeType: 'text/csv' },
  'trajectories-svg': { name: `${PERTURBATION_FILES.trajectories}.svg`, mimeType: 'image/svg+xml' },
  'trajectories-pdf': { name: `${PERTURBATION_FILES.trajectories}.pdf`, mimeType: 'application/pdf' },
  'network-svg': { name: `${PERTURBATION_FILES.network}.svg`, mimeType: 'image/svg+xml' },
  'network-pdf': { name: `${PERTURBATION_FILES.network}.pdf`, mimeType: 'application/pdf' },
};

function task(run: PerturbedRun, request: RequestOf<'run:perturb'>, appVersion: string) {
  return {
    folder: run.folder,
    runName: `run "${run.label}"`,
    perturbations: request.perturbations,
    starts: request.starts ?? { kind: 'lineages' as const },
    appVersion,
    command: `PathReg Studio ${appVersion}: Network view, Perturb (${run.runId})`,
  };
}

export function perturbSessionRun(
  service: PerturbationService,
  run: PerturbedRun,
  request: RequestOf<'run:perturb'>,
  appVersion: string,
): Promise<PerturbationResult> {
  return service.perturb(task(run, request, appVersion));
}

/**
 * Loads a finished run's model in the perturbation worker while the user looks at the run, so the first knockout
 * answers as fast as the next ones. Not awaited by anyone: a run that cannot be perturbed (a linear run, an imported
 * network) says why when a perturbation is asked for, not here.
 */
export function preparePerturbation(service: PerturbationService, run: PerturbedRun): void {
  service.prepare({ folder: run.folder, runName: `run "${run.label}"` }).catch(() => undefined);
}

/** One file of the perturbation; the table carries responders.json (provenance, meanings, shifts) as its sidecar. */
export async function exportSessionPerturbation(
  service: PerturbationService,
  run: PerturbedRun,
  request: RequestOf<'export:perturbation'>,
  appVersion: string,
): Promise<ExportedFile> {
  const { file, ...perturbation } = request;
  const { result, files } = await service.files(task(run, perturbation, appVersion));
  const wanted = FILE_OF[file];
  const found = files.find((f) => f.name === wanted.name);
  if (!found) throw new UserError('internal', `The perturbation wrote no ${wanted.name}.`);
  const sidecar = files.find((f) => f.name === PERTURBATION_FILES.sidecar);
  return {
    fileName: wanted.name,
    mimeType: wanted.mimeType,
    contentBase64: Buffer.from(found.bytes).toString('base64'),
    bytes: found.bytes.length,
    ...(file === 'table' && sidecar
      ? { sidecar: { fileName: PERTURBATION_FILES.sidecar, contentBase64: Buffer.from(sidecar.bytes).toString('base64') } }
      : {}),
    content: `in-silico perturbation of ${run.label}: ${result.description}; ${wanted.name}`,
  };
}
