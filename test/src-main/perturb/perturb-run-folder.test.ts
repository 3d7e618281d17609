// Perturbation of real run folders, both kinds of trained model: the wild type integrated from the loaded model
// is the prediction the fit stored in trajectories.bin (so the right model, scale and start are read); `pathreg
// perturb` writes the table (header on line 1), the sidecar, the curves and the figures; a folder without a model
// and an unknown gene are answered with what to do.
import { copyFile, cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../src-main/cli/option-parser.ts';
import { defaultEngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { runFit } from '../../../src-main/fit/run-fit.ts';
import { readPerturbableRun } from '../../../src-main/perturb/perturbable-run.ts';
import { perturbModel } from '../../../src-main/perturb/perturb-model.ts';
import { RUN_FILES, type TrajectoryIndex } from '../../../src-main/run/run-folder.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { runCli } from '../cli/cli-harness.ts';
import { PerturbationService } from '../../../src-main/jobs/perturbation-service.ts';
import { UserError } from '../../../src-shared/contract/result.ts';

const EXAMPLE = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
const GENES = 'GATA1,KLF1,GATA2,TAL1,CEBPB,IRF8,PAX5,EBF1,THRB,MAFB,ELF2,AHR';

let root: string;
const folders: Record<'velocity' | 'trajectory', string> = { velocity: '', trajectory: '' };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-perturb-'));
  for (const method of ['velocity', 'trajectory'] as const) {
    const out = path.join(root, method);
    const extra =
      method === 'velocity'
        ? ['--method', 'velocity', '--velocity', 'iterations=60,stages=2,stage-iterations=20,batch=64']
        : ['--method', 'trajectory', '--iterations', '60', '--engine', 'tfjs'];
    const argv = ['--data', EXAMPLE, '--train', '12', '--test', '21', '--genes', GENES, '--seed', '3', ...extra, '--out', out];
    const request = await fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), `pathreg fit ${argv.join(' ')}`);
    const outcome = await runFit(request, { registry: defaultEngineRegistry() });
    expect(outcome.status).toBe('completed');
    folders[method] = out;
  }
}, 240_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The stored prediction of each training trajectory at its cells, and the loaded model's wild type read there. */
async function storedPredictions(folder: string) {
  const index = JSON.parse(await readFile(path.join(folder, RUN_FILES.trajectoryIndex), 'utf8')) as TrajectoryIndex;
  const bytes = await readFile(path.join(folder, RUN_FILES.trajectoryData));
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const d = index.genes.length;
  return index.trajectories
    .filter((t) => t.split === 'train')
    .map((t) => ({
      name: t.name,
      times: Array.from(data.subarray(t.offset, t.offset + t.cells)),
      predicted: data.subarray(t.offset + t.cells * (1 + d), t.offset + t.cells * (1 + 2 * d)),
    }));
}

describe.each(['velocity', 'trajectory'] as const)('a %s run folder', (method) => {
  it("integrates the wild type exactly as the fit's own evaluation did", async () => {
    const model = await readPerturbableRun(folders[method]);
    expect(model.method).toBe(method);
    const { simulation } = perturbModel(model, [{ gene: 'GATA1', kind: 'knockout', value: 0 }]);
    const d = model.genes.length;
    const stored = await storedPredictions(folders[method]);
    expect(simulation.starts.map((s) => s.name)).toEqual(stored.map((s) => s.name));
    let worst = 0;
    stored.forEach((t, s) => {
      const grid = simulation.starts[s];
      t.times.forEach((time, c) => {
        // Linear interpolation between grid points (spacing 0.01) of the wild type, against the stored prediction.
        const k = Math.min(grid.times.length - 2, Math.floor(time * (grid.times.length - 1)));
        const w = (time - grid.times[k]) / (grid.times[k + 1] - grid.times[k]);
        for (let g = 0; g < d; g++) {
          const wild = (1 - w) * grid.wildType[k * d + g] + w * grid.wildType[(k + 1) * d + g];
          worst = Math.max(worst, Math.abs(wild - t.predicted[c * d + g]));
        }
      });
    });
    // The fit solved with rtol = atol = 1e-3 and this with 1e-5; interpolation over 0.01 adds less than that.
    expect(worst).toBeLessThan(1e-2);
  });
});

describe('pathreg perturb', () => {
  it('writes the ranked table, sidecar, curves and figures, and prints the top responders per lineage', async () => {
    const out = path.join(root, 'perturb-out');
    const result = await runCli(['perturb', folders.velocity, '--knockout', 'GATA1', '--knockdown', 'KLF1=0.5', '--out', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/GATA1 knocked out, KLF1 knocked down to 50 %/);
    expect(result.stdout).toMatch(/eryth_12: /);
    const table = (await readFile(path.join(out, 'responders.csv'), 'utf8')).trim().split('\n');
    expect(table[0]).toBe('rank,gene,perturbed,start,lineage,effect,rank_in_start,peak_difference,end_difference');
    // 12 genes × 3 lineages, the perturbed genes last.
    expect(table).toHaveLength(1 + 12 * 3);
    expect(table.at(-1)).toMatch(/^12,(GATA1|KLF1),yes,/);
    const sidecar = JSON.parse(await readFile(path.join(out, 'responders.json'), 'utf8'));
    expect(sidecar.method).toBe('velocity');
    expect(sidecar.command).toContain('pathreg perturb');
    expect(sidecar.provenance.inputs.length).toBeGreaterThan(0);
    expect(sidecar.shifts).toHaveLength(3);
    const curves = (await readFile(path.join(out, 'difference-curves.csv'), 'utf8')).trim().split('\n');
    expect(curves[0]).toBe('start,time,gene,wild_type,perturbed,difference');
    expect(curves).toHaveLength(1 + 3 * 101 * 12);
    const svg = await readFile(path.join(out, 'perturbation-trajectories.svg'), 'utf8');
    expect(svg).toContain('pathreg-provenance');
    expect(svg).toContain('wild type');
    const pdf = await readFile(path.join(out, 'perturbation-network.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers an unknown gene with the run, the gene and close names', async () => {
    const result = await runCli(['perturb', folders.velocity, '--knockout', 'GATA3', '--out', path.join(root, 'x')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`GATA3 is not among the 12 genes of the run in "${folders.velocity}"; did you mean GATA1, GATA2?`);
  });

  it('refuses a run folder that holds a network but no trained model', async () => {
    const bare = path.join(root, 'bare');
    await mkdir(bare);
    for (const file of [RUN_FILES.metrics, RUN_FILES.edges, RUN_FILES.trajectoryIndex, RUN_FILES.trajectoryData])
      await copyFile(path.join(folders.trajectory, file), path.join(bare, file));
    const result = await runCli(['perturb', bare, '--knockout', 'GATA1', '--out', path.join(root, 'y')]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/has no checkpoint\.bin: it holds a network .* but no trained model to integrate/);
  });
});

describe("the app's perturbation worker", () => {
  it('answers what the core answers in-process, keeps the model for the next request, and refuses bad input as data', async () => {
    const service = new PerturbationService();
    try {
      const task = {
        folder: folders.velocity,
        runName: 'run "velocity"',
        perturbations: [{ gene: 'KLF1', kind: 'knockdown' as const, value: 0.25 }],
        starts: { kind: 'lineages' as const },
        appVersion: 'test',
        command: 'test',
      };
      const inWorker = await service.perturb(task);
      const inProcess = perturbModel(await readPerturbableRun(folders.velocity, 'run "velocity"'), task.perturbations).result;
      expect(inWorker.responses.map((r) => [r.gene, r.effects])).toEqual(inProcess.responses.map((r) => [r.gene, r.effects]));
      const { files } = await service.files(task);
      expect(files.map((f) => f.name).sort()).toEqual([
        'difference-curves.csv',
        'perturbation-network.pdf',
        'perturbation-network.svg',
        'perturbation-trajectories.pdf',
        'perturbation-trajectories.svg',
        'responders.csv',
        'responders.json',
      ]);
      const refused = await service
        .perturb({ ...task, perturbations: [{ gene: 'KLF', kind: 'knockout', value: 0 }] })
        .catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(UserError);
      expect((refused as UserError).code).toBe('bad-input');
      expect((refused as UserError).message).toBe('KLF is not among the 12 genes of run "velocity"; did you mean KLF1?');
    } finally {
      await service.dispose();
    }
  }, 120_000);

  it("loads a run's model before the first question, and reads it again when the run folder's model changes", async () => {
    const service = new PerturbationService();
    const changing = path.join(root, 'changing');
    await cp(folders.trajectory, changing, { recursive: true });
    try {
      await expect(service.prepare({ folder: changing, runName: 'run "changing"' })).resolves.toMatchObject({
        genes: 12,
        method: 'trajectory',
        warmUp: 'warmed',
      });
      const task = {
        folder: changing,
        runName: 'run "changing"',
        perturbations: [{ gene: 'GATA1', kind: 'knockout' as const, value: 0 }],
        starts: { kind: 'lineages' as const },
        appVersion: 'test',
        command: 'test',
      };
      await expect(service.perturb(task)).resolves.toMatchObject({ method: 'trajectory' });
      // The run folder now holds another model (as a run refined or continued in place would): the kept one is stale.
      await rm(changing, { recursive: true });
      await cp(folders.velocity, changing, { recursive: true });
      const after = await service.perturb(task);
      expect(after.method).toBe('velocity');
      const inProcess = perturbModel(await readPerturbableRun(folders.velocity), task.perturbations).result;
      expect(after.responses.map((r) => [r.gene, r.effects])).toEqual(inProcess.responses.map((r) => [r.gene, r.effects]));
      // A folder with nothing to integrate: the preparation fails with the message a perturbation would show.
      await expect(service.prepare({ folder: path.join(root, 'bare'), runName: 'run "bare"' })).rejects.toThrow(/has no checkpoint\.bin/);
    } finally {
      await service.dispose();
    }
  }, 120_000);

  it('answers a knockout asked during the preparation before the throwaway warm-up, which gives way', async () => {
    const service = new PerturbationService();
    try {
      const task = {
        folder: folders.velocity,
        runName: 'run "velocity"',
        perturbations: [{ gene: 'GATA1', kind: 'knockout' as const, value: 0 }],
        starts: { kind: 'lineages' as const },
        appVersion: 'test',
        command: 'test',
      };
      // Clicked the instant the run is shown: the question arrives while the model is still loading.
      const order: string[] = [];
      const preparing = service.prepare({ folder: folders.velocity, runName: 'run "velocity"' }).then((prepared) => {
        order.push('prepared');
        return prepared;
      });
      const answer = await service.perturb(task).then((result) => {
        order.push('answered');
        return result;
      });
      expect((await preparing).warmUp).toBe('gave way');
      expect(order).toEqual(['answered', 'prepared']);
      const inProcess = perturbModel(await readPerturbableRun(folders.velocity, 'run "velocity"'), task.perturbations).result;
      expect(answer.responses.map((r) => [r.gene, r.effects])).toEqual(inProcess.responses.map((r) => [r.gene, r.effects]));
      // The question compiled the solver and the field: a later preparation has nothing left to warm up.
      await expect(service.prepare({ folder: folders.velocity, runName: 'run "velocity"' })).resolves.toMatchObject({
        warmUp: 'not needed',
      });
    } finally {
      await service.dispose();
    }
  }, 120_000);
});
