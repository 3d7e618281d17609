// The velocity fit's refinement on the trajectory loss inside the one fit: the run records what was done, the refined
// field fits the training trajectories better, and the network (edges, weights, ranking, signs) is the unrefined run's;
// where the refined field's sign differs the run counts and notes it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../../src-main/cli/option-parser.ts';
import { defaultEngineRegistry } from '../../../../src-main/engine/engine-registry.ts';
import { runFit, type FitRequest } from '../../../../src-main/fit/run-fit.ts';
import { cappedRefineIterations, refineCellCost } from '../../../../src-main/fit/velocity/refine-for-run.ts';
import { readVelocityModel } from '../../../../src-main/run/velocity-model-file.ts';
import { perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { RUN_FILES } from '../../../../src-main/run/run-folder.ts';
import { APP_ROOT } from '../../../../src-main/session/create-session.ts';
import type { RunMetricsRecord } from '../../../../src-shared/contract/run-record.ts';
import { trainingConfigSchema } from '../../../../src-shared/contract/schemas.ts';
import { RECOMMENDED_DEFAULTS } from '../../../../src-shared/run-config.ts';

const EXAMPLE = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
const GENES = 'GATA1,KLF1,GATA2,TAL1,CEBPB,IRF8,PAX5,EBF1,THRB,MAFB,ELF2,AHR';
const SHORT = 'iterations=60,stages=4,stage-iterations=20,batch=64';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-refine-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fitWith(name: string, velocity: string): Promise<{ fit: FitRequest; metrics: RunMetricsRecord; edges: string[][] }> {
  const argv = ['--data', EXAMPLE, '--train', '12', '--test', '21', '--genes', GENES, '--seed', '2'];
  argv.push('--method', 'velocity', '--velocity', velocity, '--out', path.join(root, name));
  const fit = await fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), `pathreg fit ${argv.join(' ')}`);
  const outcome = await runFit(fit, { registry: defaultEngineRegistry() });
  expect(outcome.status).toBe('completed');
  const metrics = JSON.parse(await readFile(path.join(fit.outDir, RUN_FILES.metrics), 'utf8')) as RunMetricsRecord;
  const edges = (await readFile(path.join(fit.outDir, RUN_FILES.edges), 'utf8'))
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  return { fit, metrics, edges };
}

describe('runFit with the velocity method: refinement on the trajectory loss', () => {
  it('lowers the training MSE, records what it did, and keeps the network', async () => {
    const plain = await fitWith('plain', `${SHORT},refine=0`);
    const refined = await fitWith('refined', `${SHORT},refine=150`);
    expect(plain.metrics.velocity?.refinement).toBeNull();
    const record = refined.metrics.velocity?.refinement;
    expect(record).toBeTruthy();
    if (!record) return;
    expect(record).toMatchObject({ iterations: 150, iterations_asked: 150, bins: 50, rejected_iterations: 0 });
    expect(record.iterations_run).toBeGreaterThan(0);
    expect(record.best_iteration).toBeGreaterThan(0);
    expect(record.loss_after).toBeLessThan(record.loss_before);
    expect(record.free_parameters).toBeGreaterThan(0);
    // The per-cell MSE the run reports (Dormand–Prince at every cell) follows the binned loss down.
    expect(refined.metrics.train_mse!).toBeLessThan(plain.metrics.train_mse!);
    expect(refined.metrics.seconds).toBeGreaterThanOrEqual(record.seconds);

    // Same edges, weights, order and signs: the network is the velocity fit's; the run notes the refined field's flips.
    expect(refined.edges).toEqual(plain.edges);
    expect(record.sign_flips).toBeGreaterThanOrEqual(0);
    if (record.sign_flips > 0) expect(refined.metrics.notes.join(' ')).toMatch(/gave \d+ edge\(s\) the other sign/);
    expect(refined.metrics.feature_sparsity).toBe(plain.metrics.feature_sparsity);
    expect(refined.metrics.edges).toBe(plain.metrics.edges);
  }, 240_000);

  it('caps the default budget at about the fit’s own cost; a budget the user names is run as asked', async () => {
    // The paper's protocol: 2,000 iterations of 256 cells; 50 bins, 7 substeps, 3 trajectories.
    expect(cappedRefineIterations(200, 2000 * 256, 50, 7, 3)).toBe(81);
    // BEELINE's dyn-TF: 1 substep, 3 trajectories, far under the cap.
    expect(cappedRefineIterations(200, 2000 * 256, 50, 1, 3)).toBe(200);
    expect(cappedRefineIterations(200, 10, 50, 64, 8)).toBe(1);
    // Through a sparse matrix a refinement evaluation costs a fraction of the fit's: the paper's protocol with the
    // README's cut-off field (530 entries of 113·529 pairs) is no longer capped.
    expect(cappedRefineIterations(200, 2000 * 256, 50, 7, 3, (530 + 2 * 529) / (113 * 529 + 529))).toBe(200);
    expect(cappedRefineIterations(200, 2000 * 256, 50, 7, 3, 0.5)).toBe(162);
    // SHORT: 140 iterations of 64 cells, so the default 200 is cut to what 8,960 cell evaluations allow.
    const byDefault = await fitWith('default', SHORT);
    const record = byDefault.metrics.velocity?.refinement;
    expect(record?.iterations_asked).toBe(200);
    // The zero pattern the cost is counted on is the fit's, which the refined field keeps.
    const model = await readVelocityModel(path.join(byDefault.fit.outDir, RUN_FILES.velocityModel));
    expect(record?.iterations).toBe(cappedRefineIterations(200, 140 * 64, 50, record!.substeps_start, 3, refineCellCost(model)));
    expect(record?.iterations).toBeLessThan(200);
    expect(record?.iterations_run).toBeLessThanOrEqual(record!.iterations);
  }, 240_000);

  it('weighs a refinement evaluation by what it touches: the sparse matrix’s entries, or every pair with hidden units', () => {
    const genes = 'abcdefghij'.split('');
    const config = { genes: 10, hidden: 0, decay: true, penalty: 'none' as const, lambda: 0, linear: true, sources: [0, 1, 2] };
    const o = perEdgeFieldOffsets(config);
    const values = new Float32Array(o.total).fill(10, o.logAlpha, o.decay);
    values[o.linear + 1] = 0.5; // source a → target b
    const model = {
      kind: 'per-edge-field' as const,
      genes,
      config,
      values,
      inputShift: new Float32Array(10),
      inputScale: new Float32Array(10).fill(1),
      outputScale: new Float32Array(10).fill(1),
    };
    // 1 pair + 10 decay diagonals, plus 2·10 for the stage's vector work, against 3·10 pairs + 10 genes.
    expect(refineCellCost(model)).toBeCloseTo((11 + 20) / 40, 12);
    // Every pair non-zero: no cheaper than the fit.
    values.fill(0.5, o.linear, o.linear + 30);
    expect(refineCellCost(model)).toBe(1);
    const hidden = { ...config, hidden: 2 };
    expect(refineCellCost({ ...model, config: hidden, values: new Float32Array(perEdgeFieldOffsets(hidden).total) })).toBe(1);
  });

  it('takes refine from the app’s schema and the command line within its limits', async () => {
    const parse = (velocity: object) => trainingConfigSchema.safeParse({ ...RECOMMENDED_DEFAULTS, method: 'velocity', velocity });
    expect(parse({ refine: 0 }).success).toBe(true);
    expect(parse({ refine: 300 }).success).toBe(true);
    expect(parse({ refine: -1 }).success).toBe(false);
    expect(parse({ refine: 2.5 }).success).toBe(false);
    const argv = ['--data', EXAMPLE, '--method', 'linear', '--velocity', 'refine=10', '--out', path.join(root, 'x')];
    const refused = await Promise.resolve()
      .then(() => fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), 'pathreg fit'))
      .catch((e: unknown) => e);
    expect(String(refused)).toMatch(/refine does not apply to --method linear/);
  });
});
