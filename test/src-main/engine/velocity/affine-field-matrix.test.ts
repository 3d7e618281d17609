import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import {
  affineFieldMatrix,
  affineFieldParameterGradient,
  affineFieldPattern,
} from '../../../../src-main/engine/velocity/affine-field-matrix.ts';
import { perEdgeGates, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { scaledFieldForward, scaledFieldVjp, type ScaledPerEdgeField } from '../../../../src-main/engine/velocity/per-edge-field-vjp.ts';
import { AFFINE_CONFIGS, affineTestField } from './affine-test-field.ts';

describe('affineFieldMatrix: the field without hidden units as c + K·x', () => {
  for (const [name, config] of AFFINE_CONFIGS) {
    it(`${name}: c + K·x equals the per-edge field at random states`, () => {
      const { field, params } = affineTestField(config, 4);
      const pattern = affineFieldPattern(field, params);
      const affine = affineFieldMatrix(field, pattern, params);
      const d = config.genes;
      const rows = 7;
      const random = new SeededRandom(9);
      const states = Float64Array.from({ length: rows * d }, () => random.normal());
      const expected = scaledFieldForward(field, params, states, rows);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < d; j++) {
          let value = affine.offset[j];
          for (let e = pattern.rowStart[j]; e < pattern.rowStart[j + 1]; e++) value += affine.values[e] * states[r * d + pattern.column[e]];
          expect(Math.abs(value - expected[r * d + j])).toBeLessThan(1e-12 * (1 + Math.abs(expected[r * d + j])));
        }
      }
    });

    it(`${name}: the pattern holds the open non-zero pairs and the decay diagonal, sorted, nothing else`, () => {
      const { field, params } = affineTestField(config, 5);
      const pattern = affineFieldPattern(field, params);
      const o = perEdgeFieldOffsets(config);
      const d = config.genes;
      const sources = config.sources ?? Array.from({ length: d }, (_, i) => i);
      let expected = 0;
      for (let j = 0; j < d; j++) {
        const columns = new Set<number>();
        sources.forEach((source, i) => {
          const pair = i * d + j;
          if (config.linear && field.gates[pair] > 0 && params[o.linear + pair] !== 0) columns.add(source);
        });
        if (config.decay) columns.add(j);
        expected += columns.size;
        const row = Array.from(pattern.column.subarray(pattern.rowStart[j], pattern.rowStart[j + 1]));
        expect(row).toEqual([...columns].sort((a, b) => a - b));
      }
      expect(pattern.column.length).toBe(expected);
    });

    it(`${name}: the gradient on (K, c) maps back to the parameters as the per-edge field's own vector–Jacobian product`, () => {
      const { field, params } = affineTestField(config, 6);
      const pattern = affineFieldPattern(field, params);
      const d = config.genes;
      const rows = 5;
      const random = new SeededRandom(11);
      const states = Float64Array.from({ length: rows * d }, () => random.normal());
      const cotangent = Float64Array.from({ length: rows * d }, () => random.normal());
      const reference = new Float64Array(params.length);
      scaledFieldVjp(field, params, states, rows, cotangent, reference);
      // ∂⟨g, c + K·x⟩/∂K_ji = Σ_rows g_j·x_i, /∂c_j = Σ_rows g_j.
      const matrixGradient = new Float64Array(pattern.column.length);
      const offsetGradient = new Float64Array(d);
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < d; j++) {
          offsetGradient[j] += cotangent[r * d + j];
          for (let e = pattern.rowStart[j]; e < pattern.rowStart[j + 1]; e++)
            matrixGradient[e] += cotangent[r * d + j] * states[r * d + pattern.column[e]];
        }
      const gradient = new Float64Array(params.length);
      affineFieldParameterGradient(field, pattern, params, matrixGradient, offsetGradient, gradient);
      const o = perEdgeFieldOffsets(config);
      const inPattern = new Set(Array.from(pattern.linearParameter).filter((p) => p >= 0));
      for (let i = 0; i < params.length; i++) {
        const outsidePattern = i >= o.linear && !inPattern.has(i);
        if (outsidePattern || (i >= o.logAlpha && i < o.decay)) expect(gradient[i]).toBe(0);
        else expect(Math.abs(gradient[i] - reference[i])).toBeLessThan(1e-12 * (1 + Math.abs(reference[i])));
      }
    });
  }

  it('refuses a field with hidden units, which is not affine', () => {
    const config: PerEdgeFieldConfig = { genes: 3, hidden: 2, decay: true, penalty: 'none', lambda: 0, linear: true };
    const params = Float64Array.from(initialPerEdgeField(config, new SeededRandom(1)));
    const field: ScaledPerEdgeField = {
      config,
      gates: perEdgeGates(params, config, null),
      inputShift: new Float32Array(3),
      inputScale: new Float32Array(3).fill(1),
      outputScale: new Float32Array(3).fill(1),
    };
    expect(() => affineFieldPattern(field, params)).toThrow(/2 hidden unit\(s\) per target is not affine/);
  });

  it('a NaN parameter gives NaN entries, not finite ones', () => {
    const [, config] = AFFINE_CONFIGS[0];
    const { field, params } = affineTestField(config, 7);
    const pattern = affineFieldPattern(field, params);
    const o = perEdgeFieldOffsets(config);
    const broken = Float64Array.from(params);
    broken[o.decay + 2] = Number.NaN;
    const affine = affineFieldMatrix(field, pattern, broken);
    const diagonal = Array.from(pattern.column.subarray(pattern.rowStart[2], pattern.rowStart[3])).indexOf(2) + pattern.rowStart[2];
    expect(affine.values[diagonal]).toBeNaN();
    expect(affine.offset[2]).toBeNaN();
    expect(affine.offset[1]).not.toBeNaN();
  });
});
