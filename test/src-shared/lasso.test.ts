// The lasso's geometry: points inside and outside convex and concave outlines, and which cells it excludes.
import { describe, expect, it } from 'vitest';
import { cellsInLasso, pointInPolygon, withExcludedCells } from '../../src-shared/lasso.ts';

describe('pointInPolygon', () => {
  const square = [0, 0, 4, 0, 4, 4, 0, 4];
  // A "U": the notch between x = 1 and x = 3 above y = 1 is outside.
  const u = [0, 0, 4, 0, 4, 4, 3, 4, 3, 1, 1, 1, 1, 4, 0, 4];

  it('tells inside from outside of a square', () => {
    expect(pointInPolygon(2, 2, square)).toBe(true);
    expect(pointInPolygon(0.1, 3.9, square)).toBe(true);
    expect(pointInPolygon(5, 2, square)).toBe(false);
    expect(pointInPolygon(-0.1, 2, square)).toBe(false);
    expect(pointInPolygon(2, 4.1, square)).toBe(false);
  });

  it('leaves out the notch of a concave outline', () => {
    expect(pointInPolygon(2, 3, u)).toBe(false);
    expect(pointInPolygon(2, 0.5, u)).toBe(true);
    expect(pointInPolygon(0.5, 3, u)).toBe(true);
    expect(pointInPolygon(3.5, 3, u)).toBe(true);
  });

  it('works whichever way the outline is drawn, and a line or a point encloses nothing', () => {
    const reversed = [0, 4, 4, 4, 4, 0, 0, 0];
    expect(pointInPolygon(2, 2, reversed)).toBe(true);
    expect(pointInPolygon(2, 2, [0, 0, 4, 4])).toBe(false);
    expect(pointInPolygon(0, 0, [0, 0])).toBe(false);
  });
});

describe('cellsInLasso and withExcludedCells', () => {
  it('finds the enclosed cells and adds them once, in file order', () => {
    const xy = [1, 1, 10, 10, 2, 3, 3.5, 3.5, 1.5, 1.5];
    const triangle = [0, 0, 4, 0, 0, 4];
    // Below the hypotenuse x + y = 4: (1, 1) and (1.5, 1.5); (2, 3) and (3.5, 3.5) lie beyond it, (10, 10) far out.
    expect(cellsInLasso(xy, triangle)).toEqual([0, 4]);
    expect(cellsInLasso(xy, [0, 0, 5, 0, 5, 5, 0, 5])).toEqual([0, 2, 3, 4]);
    expect(cellsInLasso(xy, [0, 0, 1, 1])).toEqual([]);
    const names = ['a', 'b', 'c', 'd', 'e'];
    expect(withExcludedCells(undefined, names, [4, 0])).toEqual(['a', 'e']);
    expect(withExcludedCells(['e'], names, [3, 4, 0])).toEqual(['e', 'a', 'd']);
  });
});
