import { describe, expect, it } from 'vitest';
import { inSlices } from '../../../src/viz/inSlices';

/** Resolves after `n` more timer tasks (slices, MessageChannel messages, run between them). */
const tasks = (n: number) => new Promise<void>((resolve) => {
  let left = n;
  const next = () => (left-- <= 0 ? resolve() : setTimeout(next, 0));
  next();
});

describe('inSlices', () => {
  it('covers every item once, in order, at most `size` a task, none in the caller\'s task, then calls done', async () => {
    const slices: [number, number][] = [];
    let doneAfter = -1;
    const finished = new Promise<void>((resolve) => {
      inSlices(1_000, 200, (start, end) => slices.push([start, end]), () => {
        doneAfter = slices.length;
        resolve();
      });
    });
    expect(slices).toEqual([]);
    await finished;
    expect(slices).toEqual([[0, 200], [200, 400], [400, 600], [600, 800], [800, 1_000]]);
    expect(doneAfter).toBe(5);
  });

  it('runs one slice a task: the microtasks a slice queues run before the next slice', async () => {
    const settled: number[] = [];
    const before: number[][] = [];
    await new Promise<void>((resolve) =>
      inSlices(9, 2, (start) => {
        before.push([...settled]);
        queueMicrotask(() => settled.push(start));
      }, resolve),
    );
    // Slices in one loop of one task would see no microtask of the slices before them.
    expect(before).toEqual([[], [0], [0, 2], [0, 2, 4], [0, 2, 4, 6]]);
  });

  it('an empty list calls done in the next task; a cancel stops the rest and done is never called', async () => {
    let emptyDone = false;
    inSlices(0, 10, () => undefined, () => (emptyDone = true));
    expect(emptyDone).toBe(false);
    await tasks(3);
    expect(emptyDone).toBe(true);

    const slices: number[] = [];
    let done = false;
    const cancel = inSlices(100, 10, (start) => {
      slices.push(start);
      if (start === 20) cancel();
    }, () => (done = true));
    await tasks(20);
    expect(slices).toEqual([0, 10, 20]);
    expect(done).toBe(false);
  });

  it('a size below one still moves on, one item a task', async () => {
    const slices: [number, number][] = [];
    await new Promise<void>((resolve) => inSlices(3, 0, (start, end) => slices.push([start, end]), resolve));
    expect(slices).toEqual([[0, 1], [1, 2], [2, 3]]);
  });
});
