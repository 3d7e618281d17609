/**
 * The Embedding view's lasso: which cells a freehand outline encloses. Pure, so the renderer runs it and tests pin
 * it down without a browser.
 */

/**
 * Whether (x, y) lies inside the polygon [x0, y0, x1, y1, …] (closed implicitly), by the even–odd rule: a ray to
 * the right crosses the outline an odd number of times (W. R. Franklin's PNPOLY). Points exactly on an edge may
 * fall either side, which a freehand lasso never makes matter.
 */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  const n = Math.floor(polygon.length / 2);
  if (n < 3) return false;
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Indices of the cells whose point (xy = [x0, y0, x1, y1, …]) lies inside the polygon; a bounding box skips most. */
export function cellsInLasso(xy: ArrayLike<number>, polygon: ArrayLike<number>): number[] {
  const n = Math.floor(polygon.length / 2);
  if (n < 3) return [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, polygon[2 * i]);
    maxX = Math.max(maxX, polygon[2 * i]);
    minY = Math.min(minY, polygon[2 * i + 1]);
    maxY = Math.max(maxY, polygon[2 * i + 1]);
  }
  const inside: number[] = [];
  const cells = Math.floor(xy.length / 2);
  for (let c = 0; c < cells; c++) {
    const x = xy[2 * c];
    const y = xy[2 * c + 1];
    if (x < minX || x > maxX || y < minY || y > maxY) continue;
    if (pointInPolygon(x, y, polygon)) inside.push(c);
  }
  return inside;
}

/**
 * The selection's excluded cells after a lasso: the earlier ones, then the newly enclosed ones not already there, in
 * the order of the file (so the same cells give the same list, whatever the order they were lassoed in).
 */
export function withExcludedCells(
  current: readonly string[] | undefined,
  cellNames: readonly string[],
  enclosed: readonly number[],
): string[] {
  const already = new Set(current ?? []);
  const added = [...enclosed]
    .sort((a, b) => a - b)
    .map((c) => cellNames[c])
    .filter((name) => !already.has(name));
  return [...(current ?? []), ...added];
}
