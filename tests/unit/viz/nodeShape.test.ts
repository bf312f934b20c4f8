import { describe, expect, it } from 'vitest';
import { fitLabel, MAX_NODE_WIDTH, MIN_NODE_WIDTH, nodeWidthFor, shapeParts } from '../../../src/viz/nodeShape';

describe('nodeShape', () => {
  it('sizes nodes to their text within bounds', () => {
    expect(nodeWidthFor('a')).toBe(MIN_NODE_WIDTH);
    expect(nodeWidthFor('x'.repeat(200))).toBe(MAX_NODE_WIDTH);
    expect(nodeWidthFor('save_raw_data_to_the_lake')).toBeGreaterThan(MIN_NODE_WIDTH);
  });

  it('truncates text that does not fit, with an ellipsis', () => {
    expect(fitLabel('train', 170, 'label')).toBe('train');
    const cut = fitLabel('x'.repeat(100), 170, 'label');
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(100);
  });

  it('draws a different outline for each kind', () => {
    const task = shapeParts('task', 170, 52);
    const dataset = shapeParts('dataset', 170, 52);
    const dag = shapeParts('dag', 170, 52);
    expect(task).toHaveLength(1);
    expect(dataset.map((p) => p.tag)).toEqual(['path', 'path']);
    expect(dag.map((p) => [p.tag, p.role])).toEqual([
      ['rect', 'fill'],
      ['rect', 'line'],
    ]);
    // Exactly one filled part per kind: it carries the state colour.
    for (const parts of [task, dataset, dag]) expect(parts.filter((p) => p.role === 'fill')).toHaveLength(1);
  });
});
