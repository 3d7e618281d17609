import { describe, expect, it } from 'vitest';
import { edgeKey, genesOfPicked, withPickedEdges } from '../../../src-renderer/view-logic/edge-selection.ts';

const edge = (source: string, target: string, weight = 1, sign: -1 | 0 | 1 = 1) => ({ source, target, weight, sign });

describe('edges picked in the edge table', () => {
  it('are drawn once each: already drawn ones are not doubled, the others are added after the drawn edges', () => {
    const drawn = [edge('A', 'B'), edge('B', 'C')];
    const picked = [{ ...edge('B', 'C'), rank: 2 }, { ...edge('C', 'A', 0.01, -1), rank: 9000 }, edge('C', 'A', 0.01, -1)];
    expect(withPickedEdges(drawn, picked)).toEqual([...drawn, edge('C', 'A', 0.01, -1)]);
    expect(withPickedEdges(drawn, [])).toBe(drawn);
  });

  it('tells direction apart and marks both genes of each', () => {
    expect(edgeKey(edge('A', 'B'))).not.toBe(edgeKey(edge('B', 'A')));
    expect(genesOfPicked([edge('A', 'B'), edge('B', 'C')])).toEqual(['A', 'B', 'C']);
  });
});
