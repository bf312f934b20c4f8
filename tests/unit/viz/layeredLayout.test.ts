import { linkHorizontal } from 'd3';
import { describe, expect, it } from 'vitest';
import { edgePath, layeredLayout, LAYOUT_DEFAULTS, type GraphLayout } from '../../../src/viz/layeredLayout';

const ids = (...names: string[]) => names.map((id) => ({ id }));
const edge = (source: string, target: string) => ({ source, target });
const node = (layout: GraphLayout, id: string) => {
  const found = layout.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
};

describe('layeredLayout', () => {
  it('puts each node of a diamond in the layer of its longest path from a root', () => {
    const layout = layeredLayout(ids('a', 'b', 'c', 'd'), [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')]);
    expect(layout.nodes.map((n) => [n.id, n.layer])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 1],
      ['d', 2],
    ]);
    // Same layer, same column; later layers further right.
    expect(node(layout, 'b').x).toBe(node(layout, 'c').x);
    expect(node(layout, 'a').x).toBeLessThan(node(layout, 'b').x);
    expect(node(layout, 'b').x).toBeLessThan(node(layout, 'd').x);
    // b and c share the column, stacked in input order.
    expect(node(layout, 'b').y).toBeLessThan(node(layout, 'c').y);
  });

  it('uses the longest path, not the shortest, when a shortcut edge exists', () => {
    const layout = layeredLayout(ids('a', 'b', 'c'), [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')]);
    expect(node(layout, 'c').layer).toBe(2);
  });

  it('keeps a simple chain on one row', () => {
    const layout = layeredLayout(ids('extract', 'transform', 'load', 'report'), [
      edge('extract', 'transform'),
      edge('transform', 'load'),
      edge('load', 'report'),
    ]);
    const rows = new Set(layout.nodes.map((n) => n.y));
    expect(rows.size).toBe(1);
    expect(layout.nodes.map((n) => n.layer)).toEqual([0, 1, 2, 3]);
  });

  it('orders a layer by the barycenter of its predecessors, not by input order', () => {
    // Roots r1 (top) and r2 (bottom); their children are listed bottom-parent first. Barycenters put c1 (child of
    // r1) above c2 (child of r2), which avoids the crossing that input order would draw.
    const layout = layeredLayout(ids('r1', 'r2', 'c2', 'c1'), [edge('r2', 'c2'), edge('r1', 'c1')]);
    expect(node(layout, 'c1').y).toBeLessThan(node(layout, 'c2').y);
    expect(node(layout, 'c1').y).toBe(node(layout, 'r1').y);
    expect(node(layout, 'c2').y).toBe(node(layout, 'r2').y);
  });

  it('breaks barycenter ties by input order', () => {
    const layout = layeredLayout(ids('root', 'z', 'y', 'x'), [edge('root', 'z'), edge('root', 'y'), edge('root', 'x')]);
    const order = ['z', 'y', 'x'].map((id) => node(layout, id).y);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps every node inside width × height and without overlaps', () => {
    const layout = layeredLayout(
      [{ id: 'a', width: 240 }, { id: 'b' }, { id: 'c' }, { id: 'd', width: 90 }, { id: 'e' }],
      [edge('a', 'b'), edge('a', 'c'), edge('c', 'd'), edge('b', 'e'), edge('d', 'e')],
      { columnGap: 40, rowGap: 10, nodeWidth: 120, nodeHeight: 30 },
    );
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
      expect(n.height).toBe(30);
    }
    expect(node(layout, 'a').width).toBe(240);
    expect(node(layout, 'b').width).toBe(120);
    // The widest node sets its column's width: the next column starts after it plus the gap.
    expect(node(layout, 'b').x).toBe(240 + 40);
    for (const p of layout.nodes) {
      for (const q of layout.nodes) {
        if (p === q) continue;
        const apart = p.x + p.width <= q.x || q.x + q.width <= p.x || p.y + p.height <= q.y || q.y + q.height <= p.y;
        expect(apart, `${p.id} overlaps ${q.id}`).toBe(true);
      }
    }
  });

  it('draws each edge from the middle of the source right side to the middle of the target left side', () => {
    const layout = layeredLayout(ids('a', 'b', 'c'), [edge('a', 'b'), edge('a', 'c')]);
    expect(layout.edges.map((e) => [e.source, e.target])).toEqual([
      ['a', 'b'],
      ['a', 'c'],
    ]);
    for (const e of layout.edges) {
      const s = node(layout, e.source);
      const t = node(layout, e.target);
      const numbers = e.path.match(/-?\d+(?:\.\d+)?/g)!.map(Number);
      expect(e.path.startsWith('M')).toBe(true);
      expect(numbers.slice(0, 2)).toEqual([s.x + s.width, s.y + s.height / 2]);
      expect(numbers.slice(-2)).toEqual([t.x, t.y + t.height / 2]);
    }
  });

  it('drops duplicate edges', () => {
    const layout = layeredLayout(ids('a', 'b'), [edge('a', 'b'), edge('a', 'b')]);
    expect(layout.edges).toHaveLength(1);
  });

  it('uses the defaults and handles an empty graph', () => {
    const single = layeredLayout(ids('only'), []);
    expect(single.nodes[0]).toEqual({
      id: 'only',
      x: 0,
      y: 0,
      width: LAYOUT_DEFAULTS.nodeWidth,
      height: LAYOUT_DEFAULTS.nodeHeight,
      layer: 0,
      order: 0,
    });
    expect(layeredLayout([], [])).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });

  it('is deterministic', () => {
    const nodes = ids('a', 'b', 'c', 'd', 'e');
    const edges = [edge('a', 'c'), edge('b', 'c'), edge('c', 'd'), edge('b', 'e')];
    expect(layeredLayout(nodes, edges)).toEqual(layeredLayout(nodes, edges));
  });

  it('throws naming the nodes of a cycle', () => {
    expect(() =>
      layeredLayout(ids('start', 'a', 'b', 'c'), [edge('start', 'a'), edge('a', 'b'), edge('b', 'c'), edge('c', 'a')]),
    ).toThrow(/cycle: (a → b → c → a|b → c → a → b|c → a → b → c)/);
    expect(() => layeredLayout(ids('self'), [edge('self', 'self')])).toThrow(/cycle: self → self/);
  });

  it('throws naming unknown ids', () => {
    expect(() => layeredLayout(ids('a'), [edge('a', 'ghost'), edge('phantom', 'a')])).toThrow(
      /unknown node ids: "ghost", "phantom"/,
    );
  });

  it('throws on duplicate node ids', () => {
    expect(() => layeredLayout(ids('a', 'a'), [])).toThrow(/duplicate node id "a"/);
  });

  it('lays out a 1,000-node fan-out/fan-in with distinct positions', () => {
    const middle = Array.from({ length: 998 }, (_, i) => `m${i}`);
    const nodes = ids('source', ...middle, 'sink');
    const edges = middle.flatMap((id) => [edge('source', id), edge(id, 'sink')]);
    const layout = layeredLayout(nodes, edges);

    expect(layout.nodes).toHaveLength(1000);
    expect(layout.edges).toHaveLength(1996);
    const positions = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
    expect(positions.size).toBe(1000);
    expect(node(layout, 'source').layer).toBe(0);
    expect(node(layout, 'sink').layer).toBe(2);
    expect(middle.every((id) => node(layout, id).layer === 1)).toBe(true);
    // Source and sink are centred on the fan: same row, in the middle of the height.
    const centre = layout.height / 2;
    expect(node(layout, 'source').y + node(layout, 'source').height / 2).toBe(centre);
    expect(node(layout, 'sink').y).toBe(node(layout, 'source').y);
  });

  it('wraps a layer longer than maxRowsPerColumn into balanced sub-columns, without overlaps, in reading order', () => {
    const middle = Array.from({ length: 10 }, (_, i) => `m${i}`);
    const nodes = ids('start', ...middle, 'end');
    const edges = [...middle.map((id) => edge('start', id)), ...middle.map((id) => edge(id, 'end'))];
    const layout = layeredLayout(nodes, edges, { maxRowsPerColumn: 4, nodeWidth: 100, nodeHeight: 20, rowGap: 10, columnGap: 50 });
    const xs = [...new Set(middle.map((id) => node(layout, id).x))].sort((a, b) => a - b);
    // 10 nodes, at most 4 a column: 3 sub-columns (of 4, 4 and 2 nodes), each 100 wide and a row gap apart.
    expect(xs).toEqual([150, 260, 370]);
    expect(middle.map((id) => node(layout, id).layer)).toEqual(middle.map(() => 1));
    expect(node(layout, 'end').x).toBe(370 + 100 + 50);
    expect(layout.height).toBe(4 * 20 + 3 * 10);
    // Reading order: start, then the middle column by column, top to bottom, then end.
    const byOrder = [...layout.nodes].sort((a, b) => a.order - b.order);
    expect(byOrder[0]!.id).toBe('start');
    expect(byOrder.at(-1)!.id).toBe('end');
    for (let i = 2; i < byOrder.length - 1; i++) {
      const [previous, current] = [byOrder[i - 1]!, byOrder[i]!];
      expect(current.x > previous.x || (current.x === previous.x && current.y > previous.y)).toBe(true);
    }
    const boxes = layout.nodes.map((n) => `${n.x},${n.y}`);
    expect(new Set(boxes).size).toBe(boxes.length);
  });
});

describe('edgePath', () => {
  it("is d3's linkHorizontal from the source's right middle to the target's left middle, written out", () => {
    const link = linkHorizontal();
    for (const [s, t] of [
      [{ x: 0, y: 0, width: 170, height: 52 }, { x: 234, y: 76, height: 52 }],
      [{ x: 12.5, y: 300.25, width: 151, height: 52 }, { x: 400, y: -8, height: 40 }],
    ] as const) {
      expect(edgePath(s, t)).toBe(link({ source: [s.x + s.width, s.y + s.height / 2], target: [t.x, t.y + t.height / 2] }));
    }
  });
});
