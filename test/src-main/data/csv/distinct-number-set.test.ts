import { describe, expect, it } from 'vitest';
import { DistinctNumberSet } from '../../../../src-main/data/csv/distinct-number-set.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';

describe('DistinctNumberSet', () => {
  it('answers like a Set for repeated, negative, tiny, huge, zero, −0 and NaN values', () => {
    const random = new SeededRandom(7);
    const pool = [
      0,
      -0,
      NaN,
      1e-300,
      -1e300,
      0.1,
      Math.fround(0.1),
      5e-324,
      ...Array.from({ length: 90 }, () => Math.round(random.uniform() * 1e6) / 1000),
    ];
    const ours = new DistinctNumberSet(101);
    const reference = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = pool[Math.floor(random.uniform() * pool.length)];
      const isNew = !reference.has(value);
      reference.add(value);
      expect(ours.add(value)).toBe(isNew);
      expect(ours.size).toBe(reference.size);
    }
  });

  it('refuses more numbers than its capacity', () => {
    const set = new DistinctNumberSet(3);
    [1, 2, 3].forEach((v) => set.add(v));
    expect(set.add(2)).toBe(false);
    expect(() => set.add(4)).toThrow(/full/);
  });
});
