import { describe, expect, it } from 'vitest';
import { anyOf, allOf, onDataset } from '../../../src/core/datasetCondition';
import { dagId, datasetId, taskId } from '../../../src/core/ids';
import { dagFilePicture } from '../../../src/viz/dagFilePicture';
import { datasetDag, manualDag, task } from '../core/harness';

const t = taskId;
const a = datasetId;

describe('dagFilePicture', () => {
  it('joins producers and consumers through the assets they write and wait for', () => {
    const picture = dagFilePicture([
      manualDag(dagId('weather_feed'), [task(t('publish_weather'), [], [a('weather')])]),
      manualDag(dagId('sales_feed'), [task(t('publish_sales'), [], [a('sales')])]),
      datasetDag(dagId('join_both'), allOf(onDataset(a('weather')), onDataset(a('sales'))), [task(t('join'))]),
      datasetDag(dagId('either'), anyOf(onDataset(a('weather')), onDataset(a('sales'))), [task(t('refresh'))]),
    ]);
    expect(picture.nodes.map((n) => `${n.kind}:${n.label}`).sort()).toEqual(
      ['asset:sales', 'asset:weather', 'task:join', 'task:publish_sales', 'task:publish_weather', 'task:refresh'].sort(),
    );
    expect(picture.edges.map((e) => e.key).sort()).toEqual(
      [
        'task:weather_feed/publish_weather>asset:weather',
        'task:sales_feed/publish_sales>asset:sales',
        'asset:weather>task:join_both/join',
        'asset:sales>task:join_both/join',
        'asset:weather>task:either/refresh',
        'asset:sales>task:either/refresh',
      ].sort(),
    );
    // Producer left of asset left of consumer; everything inside the picture.
    const x = (label: string) => picture.nodes.find((n) => n.label === label)!.x;
    expect(x('publish_weather')).toBeLessThan(x('weather'));
    expect(x('weather')).toBeLessThan(x('join'));
    for (const n of picture.nodes) {
      expect(n.x + n.width).toBeLessThanOrEqual(picture.width);
      expect(n.y + n.height).toBeLessThanOrEqual(picture.height);
    }
    expect(picture.description).toBe('4 DAGs (weather_feed, sales_feed, join_both, either) with 4 tasks and 2 assets between them');
  });

  it('keeps the same task id of two DAGs apart and cuts long labels', () => {
    const picture = dagFilePicture([
      manualDag(dagId('one'), [task(t('a_task_with_a_very_long_name')), task(t('b'), [t('a_task_with_a_very_long_name')])]),
      manualDag(dagId('two'), [task(t('b'))]),
    ]);
    expect(picture.nodes).toHaveLength(3);
    expect(picture.nodes.find((n) => n.id === 'task:one/a_task_with_a_very_long_name')!.label).toBe('a_task_with_a_v…');
    expect(picture.edges).toHaveLength(1);
    expect(picture.description).toBe('2 DAGs (one, two) with 3 tasks');
  });

  it('folds a long chain into bands under each other, the edge between bands through the gap', () => {
    const ids = Array.from({ length: 11 }, (_, i) => t(`step_${i}`));
    const picture = dagFilePicture([manualDag(dagId('long'), ids.map((id, i) => task(id, i === 0 ? [] : [ids[i - 1]!])))]);
    const node = (i: number) => picture.nodes.find((n) => n.label === `step_${i}`)!;
    expect(node(6).x).toBe(node(0).x);
    expect(node(6).y).toBeGreaterThan(node(5).y + node(5).height);
    expect(node(5).x).toBeGreaterThan(node(4).x);
    for (const n of picture.nodes) {
      expect(n.x + n.width).toBeLessThanOrEqual(picture.width);
      expect(n.y + n.height).toBeLessThanOrEqual(picture.height);
    }
    expect(picture.width).toBeLessThan(6 * 112 + 6 * 22 + 1);
    const between = picture.edges.find((e) => e.key === 'task:long/step_5>task:long/step_6')!;
    expect(between.path).toMatch(/^M[\d.]+,[\d.]+H[\d.]+V[\d.]+H[\d.]+V[\d.]+H[\d.]+$/);
  });
});
