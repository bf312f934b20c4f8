import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/core/random';
import { LAYOUT_DEFAULTS, layoutIndexed, uniqueEdgePairs } from '../../../src/viz/indexedLayout';

/** A random DAG: edges only from earlier to later in a random order of the nodes, some repeated. */
function randomDag(random: () => number, n: number) {
  const rank = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
  const pairs: number[] = [];
  for (let k = Math.floor(random() * n * 2.5); k > 0; k--) {
    const [a, b] = [Math.floor(random() * n), Math.floor(random() * n)];
    if (a === b) continue;
    const [s, t] = rank[a]! < rank[b]! ? [a, b] : [b, a];
    pairs.push(s, t);
    if (random() < 0.05) pairs.push(s, t);
  }
  const widths = Float64Array.from({ length: n }, () => (random() < 0.3 ? 100 + Math.floor(random() * 100) : Number.NaN));
  return { widths, edges: Int32Array.from(pairs) };
}

const name = (i: number) => `n${i}`;

describe('layoutIndexed (the layout on indices and typed arrays)', () => {
  it('keeps its invariants on 300 seeded random DAGs: edges point right, no overlaps, inside the extent', () => {
    const random = seededRandom(20261205);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * (round % 10 === 0 ? 400 : 30));
      const graph = randomDag(random, n);
      const maxRowsPerColumn = random() < 0.5 ? 1 + Math.floor(random() * 8) : Number.POSITIVE_INFINITY;
      const { boxes, ranks, width, height } = layoutIndexed(graph, { maxRowsPerColumn }, name);
      const box = (v: number) => ({ x: boxes[4 * v]!, y: boxes[4 * v + 1]!, w: boxes[4 * v + 2]!, h: boxes[4 * v + 3]! });

      for (let i = 0; i < graph.edges.length; i += 2) {
        const [s, t] = [graph.edges[i]!, graph.edges[i + 1]!];
        expect(ranks[2 * t]!).toBeGreaterThan(ranks[2 * s]!);
        expect(box(t).x).toBeGreaterThan(box(s).x + box(s).w);
      }
      // Reading order is a permutation of the nodes, layer by layer.
      const order = Array.from({ length: n }, (_, v) => ranks[2 * v + 1]!);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      const byOrder = Array.from({ length: n }, (_, v) => v).sort((a, b) => order[a]! - order[b]!);
      for (let i = 1; i < n; i++) expect(ranks[2 * byOrder[i]!]!).toBeGreaterThanOrEqual(ranks[2 * byOrder[i - 1]!]!);

      for (let v = 0; v < n; v++) {
        const b = box(v);
        expect(b.w).toBe(Number.isNaN(graph.widths[v]!) ? LAYOUT_DEFAULTS.nodeWidth : graph.widths[v]);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w).toBeLessThanOrEqual(width + 1e-9);
        expect(b.y + b.h).toBeLessThanOrEqual(height + 1e-9);
      }
      const sorted = Array.from({ length: n }, (_, v) => box(v)).sort((a, b) => a.x - b.x || a.y - b.y);
      for (let i = 1; i < n; i++) {
        const [a, b] = [sorted[i - 1]!, sorted[i]!];
        if (a.x === b.x) expect(b.y).toBeGreaterThanOrEqual(a.y + a.h);
      }
    }
  });

  it('counts a repeated edge once: the same layout as without the repeat', () => {
    const widths = new Float64Array(4).fill(Number.NaN);
    const once = layoutIndexed({ widths, edges: Int32Array.from([0, 2, 1, 3, 0, 3]) }, {}, name);
    const repeated = layoutIndexed({ widths, edges: Int32Array.from([0, 2, 1, 3, 0, 3, 0, 3, 0, 3]) }, {}, name);
    expect(repeated).toEqual(once);
    expect([...uniqueEdgePairs(4, Int32Array.from([0, 3, 1, 2, 0, 3]))]).toEqual([0, 3, 1, 2]);
  });

  it('names the nodes of a cycle through nameOf, and leaves its input untouched', () => {
    const edges = Int32Array.from([0, 1, 1, 2, 2, 3, 3, 1]);
    expect(() => layoutIndexed({ widths: new Float64Array(4), edges }, {}, name)).toThrow(/cycle: (n1 → n2 → n3 → n1|n2 → n3 → n1 → n2|n3 → n1 → n2 → n3)/);
    expect([...edges]).toEqual([0, 1, 1, 2, 2, 3, 3, 1]);
  });
});
