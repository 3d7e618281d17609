/**
 * An in-silico perturbation's answer as every front end sees it (the command line's table and figures, the app's
 * Perturb panel): plain JSON, numbers as numbers, curves row-major (time points × genes).
 */
import { z } from 'zod';

export type PerturbationKind = 'knockout' | 'knockdown' | 'overexpression';

export interface GenePerturbation {
  gene: string;
  kind: PerturbationKind;
  /** knockout: 0; knockdown: the factor (0 ≤ factor < 1); overexpression: the level held, on the trained 0–1 scale. */
  value: number;
}

/** One start of the wild type and the perturbed system: a lineage's initial state or a chosen cell's state. */
export interface PerturbationStartInfo {
  /** The trajectory's name (e.g. "eryth_12"), with "@cell N" for a chosen cell. */
  name: string;
  lineage: string;
  donor: string;
  /** Scaled pseudotime the integration starts at (0 for a lineage's initial state). */
  startTime: number;
}

/** How far a start's end state moves, and towards which other lineage's end. */
export interface LineageShift {
  start: string;
  /** Euclidean distance between the perturbed and the wild-type end states, over the genes not perturbed. */
  distance: number;
  /** The same distance over the wild-type end's distance to the nearest other lineage's end (1 = as far as that lineage is). */
  relativeDistance: number | null;
  /** The other lineage whose end the perturbed end came closer to (the most), when it came closer to one; null otherwise. */
  towards: string | null;
  /** Per other lineage: the distance to its end in the data (mean of its last cells) from the wild-type end and from the perturbed end. */
  byLineage: Array<{ lineage: string; wildTypeDistance: number; perturbedDistance: number }>;
  /** The sentence shown to the user. */
  summary: string;
}

/** One gene's response at every start. */
export interface GeneResponse {
  gene: string;
  /** 1 = strongest responder over all starts (largest |effect| at any start); the perturbed genes come last. */
  rank: number;
  perturbed: boolean;
  /**
   * Per start (in `starts` order): the signed area between the perturbed and the wild-type curve over pseudotime.
   * Pseudotime is scaled to [0, 1], so it is the gene's average change along the trajectory on its trained 0–1 scale:
   * −0.2 means 0.2 of its observed range lower than the wild type on average.
   */
  effects: number[];
  /** Per start: the rank of |effect| among the genes not perturbed (1 = strongest). */
  ranksByStart: number[];
  /** Per start: the largest signed difference along the trajectory. */
  peakDifferences: number[];
  /** Per start: the difference at the end of the trajectory. */
  endDifferences: number[];
}

export interface PerturbationCurves {
  /** The genes drawn, in order. */
  genes: string[];
  /** Per start: the scaled pseudotimes, and wild-type and perturbed values (times × genes.length, row-major). */
  starts: Array<{ times: number[]; wildType: number[]; perturbed: number[] }>;
}

export interface PerturbationResult {
  /** "GATA1 knocked out, …". */
  description: string;
  perturbations: GenePerturbation[];
  /** The trained model integrated: `trajectory` (the gated MLP) or `velocity` (the per-edge field). */
  method: 'trajectory' | 'velocity';
  genes: string[];
  starts: PerturbationStartInfo[];
  /** Every gene, strongest responder first. */
  responses: GeneResponse[];
  shifts: LineageShift[];
  /** Curves of the perturbed genes and the top responders. */
  curves: PerturbationCurves;
  /** The solve: Dormand–Prince 5(4), tolerances, accepted steps, and the wall time of the simulation. */
  solve: { method: 'dopri5'; rtol: number; atol: number; steps: number; seconds: number };
  /** What the effect size means, in words (also the table's sidecar). */
  effectMeaning: string;
}

export const EFFECT_MEANING =
  'effect = signed area between the perturbed and the wild-type curve over pseudotime (scaled to 0–1): the average change of the gene along the trajectory on its trained scale, where 0 is its lowest and 1 its highest level in the training cells. −0.2 means 0.2 of its observed range lower than the wild type on average; 0 means no response.';

const runId = z.string().regex(/^run-[0-9]+$/, 'a run id looks like "run-3"');

/** One gene's perturbation as the app sends it; the values are checked again by the core, with messages. */
export const genePerturbationSchema = z.strictObject({
  gene: z.string().min(1).max(200),
  kind: z.enum(['knockout', 'knockdown', 'overexpression']),
  value: z.number(),
});

export const perturbationStartsSchema = z.union([
  z.strictObject({ kind: z.literal('lineages') }),
  z.strictObject({
    kind: z.literal('cells'),
    cells: z
      .array(z.strictObject({ trajectory: z.string().min(1).max(200), cell: z.number().int().min(0) }))
      .min(1)
      .max(50),
  }),
]);

/** run:perturb — simulate a perturbation of a finished run's trained model. */
export const runPerturbSchema = z.strictObject({
  runId,
  perturbations: z.array(genePerturbationSchema).min(1).max(50),
  starts: perturbationStartsSchema.optional(),
});

/** The files of export:perturbation: the ranked table (with its JSON sidecar), the curves, and the two figures. */
export const PERTURBATION_EXPORT_FILES = ['table', 'curves', 'trajectories-svg', 'trajectories-pdf', 'network-svg', 'network-pdf'] as const;

export const exportPerturbationSchema = runPerturbSchema.extend({ file: z.enum(PERTURBATION_EXPORT_FILES) });
