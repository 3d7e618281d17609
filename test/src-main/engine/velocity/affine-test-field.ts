import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { perEdgeGates, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import type { ScaledPerEdgeField } from '../../../../src-main/engine/velocity/per-edge-field-vjp.ts';

/**
 * A seeded field without hidden units in data units: gates spread (some shut), some linear terms exactly zero, shift
 * and scales away from 0 and 1.
 */
export function affineTestField(config: PerEdgeFieldConfig, seed: number): { field: ScaledPerEdgeField; params: Float64Array } {
  const random = new SeededRandom(seed);
  const values = initialPerEdgeField(config, random);
  const o = perEdgeFieldOffsets(config);
  for (let i = o.b2; i < o.logAlpha; i++) values[i] = 0.3 * random.normal();
  for (let i = o.logAlpha; i < o.decay; i++) values[i] = 2 * random.normal();
  for (let i = o.decay; i < o.total; i++) values[i] = random.uniform() < 0.3 ? 0 : 0.5 * random.normal();
  const d = config.genes;
  const field: ScaledPerEdgeField = {
    config,
    gates: perEdgeGates(values, config, null),
    inputShift: Float32Array.from({ length: d }, () => 0.3 * random.normal()),
    inputScale: Float32Array.from({ length: d }, () => 0.5 + random.uniform()),
    outputScale: Float32Array.from({ length: d }, () => 0.5 + random.uniform()),
  };
  return { field, params: Float64Array.from(values) };
}

export const AFFINE_CONFIGS: Array<[string, PerEdgeFieldConfig]> = [
  ['every gene a source, decay', { genes: 6, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true }],
  [
    'sources 0, 2, 3 (a self pair on 0, 2, 3), decay',
    { genes: 6, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true, sources: [0, 2, 3] },
  ],
  ['no decay', { genes: 5, hidden: 0, decay: false, penalty: 'none', lambda: 0, linear: true, sources: [1, 4] }],
  ['no linear term (bias and decay only)', { genes: 4, hidden: 0, decay: true, penalty: 'none', lambda: 0 }],
];
