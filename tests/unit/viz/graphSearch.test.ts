import { describe, expect, it } from 'vitest';
import { FSI, PDI } from '../../../src/core/displayText';
import { layerBox, nodeLabelText } from '../../../src/viz/graphModel';
import { searchNodes } from '../../../src/viz/graphSearch';

const nodes = ['extract_00_001', 'score_30', 'score_30_002', 'rescore_30', 'score_30_001', 'publish_31_000'].map((id) => ({ id }));

describe('searchNodes', () => {
  it('ranks the id itself first, then ids that start with the text, then ids that contain it, each in the given order', () => {
    expect(searchNodes(nodes, 'score_30')).toEqual({ ids: ['score_30', 'score_30_002', 'score_30_001', 'rescore_30'], total: 4 });
  });

  it('ignores case and surrounding spaces, and matches nothing for an empty query', () => {
    expect(searchNodes(nodes, '  PUBLISH ').ids).toEqual(['publish_31_000']);
    expect(searchNodes(nodes, '   ')).toEqual({ ids: [], total: 0 });
    expect(searchNodes(nodes, 'nothing_like_it')).toEqual({ ids: [], total: 0 });
  });

  it('lists at most `limit` ids but counts every match', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ id: `task_${String(i).padStart(4, '0')}` }));
    const result = searchNodes(many, 'task_1', 8);
    expect(result.total).toBe(1_000);
    expect(result.ids).toEqual(['task_1000', 'task_1001', 'task_1002', 'task_1003', 'task_1004', 'task_1005', 'task_1006', 'task_1007']);
  });
});

describe('nodeLabelText', () => {
  it('leaves a plain id alone and fits it to the node', () => {
    expect(nodeLabelText('extract')).toBe('extract');
    expect(nodeLabelText('a_rather_long_task_id_that_does_not_fit', 150, 'label')).toBe('a_rather_long…');
  });

  it('isolates an id with a right-to-left override, after cutting it to the node, so the override ends with the label', () => {
    expect(nodeLabelText('evil\u202egnp.exe', 260, 'label')).toBe(`${FSI}evil\u202egnp.exe${PDI}`);
    // Cut, the label still closes everything it opened (the isolate was added after the cut).
    const cut = nodeLabelText(`\u2067${'x'.repeat(100)}`, 150, 'label');
    expect(cut.startsWith(FSI) && cut.endsWith(`…${PDI}${PDI}`)).toBe(true);
  });

  it('never cuts a surrogate pair in two', () => {
    const label = nodeLabelText('😀'.repeat(40), 150, 'label');
    expect(label).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('layerBox', () => {
  it('is the box around one layer of a layout, where a readable fit starts', () => {
    const laidOut = [
      { id: 'a', x: 0, y: 100, width: 150, height: 52, layer: 0, order: 0 },
      { id: 'b', x: 174, y: 20, width: 160, height: 52, layer: 0, order: 1 },
      { id: 'c', x: 400, y: 0, width: 150, height: 52, layer: 1, order: 2 },
    ];
    expect(layerBox(laidOut, 0)).toEqual({ x: 0, y: 20, width: 334, height: 132 });
    expect(layerBox(laidOut, 5)).toBeUndefined();
  });
});
