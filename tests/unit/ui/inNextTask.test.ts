import { afterEach, describe, expect, it, vi } from 'vitest';
import { inNextTask } from '../../../src/ui/inNextTask';

const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('inNextTask', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('runs the work after the current task and its microtasks, not during them', async () => {
    const order: string[] = [];
    inNextTask(() => order.push('work'));
    order.push('same task');
    await Promise.resolve();
    order.push('microtask');
    expect(order).toEqual(['same task', 'microtask']);
    await nextMacrotask();
    await nextMacrotask();
    expect(order).toEqual(['same task', 'microtask', 'work']);
  });

  it("asks the browser's scheduler for a user-blocking task where there is one", async () => {
    const postTask = vi.fn((work: () => void) => Promise.resolve().then(work));
    vi.stubGlobal('scheduler', { postTask });
    const work = vi.fn();
    inNextTask(work);
    expect(postTask).toHaveBeenCalledWith(work, { priority: 'user-blocking' });
    await postTask.mock.results[0]!.value;
    expect(work).toHaveBeenCalledTimes(1);
  });
});
