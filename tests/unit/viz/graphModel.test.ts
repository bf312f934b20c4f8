import { describe, expect, it } from 'vitest';
import { sameLayoutInput, sizedNodes, type GraphModel } from '../../../src/viz/graphModel';
import { nodeWidthFor } from '../../../src/viz/nodeShape';

const model = (sublabels: string[], edges: GraphModel['edges'] = [{ source: 'a', target: 'b' }]): GraphModel => ({
  nodes: sublabels.map((sublabel, i) => ({ id: 'ab'[i]!, label: 'ab'[i]!, sublabel, state: 'none', kind: 'task' })),
  edges,
});

describe('sizedNodes and sameLayoutInput: a state change repaints, a change of shape lays out again', () => {
  it('keeps the size of a node whose text did not change, and measures one whose text did', () => {
    const first = model(['none', 'none']);
    const sized = sizedNodes(first);
    const next = model(['none', 'upstream_failed · try 12 of a rather long sublabel']);
    const resized = sizedNodes(next, { model: first, sized });
    expect(resized[0]).toBe(sized[0]);
    expect(resized[1]).toEqual({ id: 'b', width: nodeWidthFor('b', 'upstream_failed · try 12 of a rather long sublabel') });
    expect(resized[1]!.width).toBeGreaterThan(sized[1]!.width);
  });

  it('says two inputs lay out alike only when ids, widths and edges all match', () => {
    const a = model(['none', 'none']);
    const input = { sized: sizedNodes(a), edges: a.edges };
    expect(sameLayoutInput(null, input)).toBe(false);
    expect(sameLayoutInput(input, { sized: sizedNodes(a), edges: [...a.edges] })).toBe(true);
    expect(sameLayoutInput(input, { sized: sizedNodes(a), edges: [{ source: 'b', target: 'a' }] })).toBe(false);
    expect(sameLayoutInput(input, { sized: [{ id: 'a', width: 150 }, { id: 'c', width: 150 }], edges: a.edges })).toBe(false);
    expect(sameLayoutInput(input, { sized: [{ id: 'a', width: 150 }, { id: 'b', width: 151 }], edges: a.edges })).toBe(false);
  });
});
