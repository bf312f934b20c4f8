import { describe, expect, it } from 'vitest';
import type { DagDefinition } from '../../../src/core/dag';
import { dagId, taskId, type TaskId } from '../../../src/core/ids';
import { downstreamMap, taskLayers, topologicalOrder } from '../../../src/core/topology';
import { manualDag, task } from './harness';

const [a, b, c, d, e] = [taskId('a'), taskId('b'), taskId('c'), taskId('d'), taskId('e')];

const diamond = manualDag(dagId('diamond'), [task(a), task(b, [a]), task(c, [a]), task(d, [b, c])]);

function expectRespectsEdges(dag: DagDefinition, order: readonly TaskId[]): void {
  expect([...order].sort()).toEqual(dag.tasks.map((t) => t.id).sort());
  for (const t of dag.tasks) {
    for (const up of t.upstream) expect(order.indexOf(up), `${up} before ${t.id}`).toBeLessThan(order.indexOf(t.id));
  }
}

describe('topologicalOrder', () => {
  it('puts every upstream before its downstream, even when defined in reverse', () => {
    const reversed = manualDag(dagId('reversed'), [task(d, [b, c]), task(c, [a]), task(b, [a]), task(a)]);
    const order = topologicalOrder(reversed);
    expectRespectsEdges(reversed, order);
    expect(order[0]).toBe(a);
    expect(order[3]).toBe(d);
  });

  it('keeps definition order for ties', () => {
    expect(topologicalOrder(diamond)).toEqual([a, b, c, d]);
    const cFirst = manualDag(dagId('c_first'), [task(a), task(c, [a]), task(b, [a]), task(d, [b, c])]);
    expect(topologicalOrder(cFirst)).toEqual([a, c, b, d]);
    const roots = manualDag(dagId('roots'), [task(e), task(c), task(a), task(d), task(b)]);
    expect(topologicalOrder(roots)).toEqual([e, c, a, d, b]);
  });

  it('orders a DAG with a long and a short path to the same task', () => {
    const dag = manualDag(dagId('skip'), [task(a), task(d, [a, c]), task(b, [a]), task(c, [b])]);
    const order = topologicalOrder(dag);
    expectRespectsEdges(dag, order);
    expect(order).toEqual([a, b, c, d]);
  });
});

describe('taskLayers', () => {
  it('gives the diamond layers a=0, b=1, c=1, d=2', () => {
    expect(Object.fromEntries(taskLayers(diamond))).toEqual({ a: 0, b: 1, c: 1, d: 2 });
  });

  it('uses the longest path: a->d plus a->b->c->d puts d at 3', () => {
    const dag = manualDag(dagId('skip'), [task(a), task(b, [a]), task(c, [b]), task(d, [a, c])]);
    expect(Object.fromEntries(taskLayers(dag))).toEqual({ a: 0, b: 1, c: 2, d: 3 });
  });

  it('puts every root in layer 0', () => {
    const dag = manualDag(dagId('forest'), [task(a), task(b), task(c, [b])]);
    expect(Object.fromEntries(taskLayers(dag))).toEqual({ a: 0, b: 0, c: 1 });
  });
});

describe('downstreamMap', () => {
  it('maps each task to its direct downstream tasks, in definition order, leaving out leaves', () => {
    const map = downstreamMap(diamond);
    expect(Object.fromEntries(map)).toEqual({ a: [b, c], b: [d], c: [d] });
    expect(map.has(d)).toBe(false);
  });

  it('is empty for a DAG without edges', () => {
    expect(downstreamMap(manualDag(dagId('flat'), [task(a), task(b)])).size).toBe(0);
  });
});
