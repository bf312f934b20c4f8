import { describe, expect, it } from 'vitest';
import { oneAfterAnother } from '../../../../src/ui/editor/oneAfterAnother';

/** A promise the test resolves when it chooses. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('oneAfterAnother', () => {
  it('applies results in the order of the calls even when the first read answers last (the editor file list)', async () => {
    const applied: string[] = [];
    const reads = [deferred<string>(), deferred<string>()];
    let started = 0;
    const refresh = oneAfterAnother(async () => {
      const list = await reads[started++]!.promise;
      applied.push(list);
    });
    const first = refresh(); // the list read as the workspace opened
    const second = refresh(); // the list read after a file was added
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The second read has not started: it would otherwise answer first with the newer list and be overwritten.
    expect(started).toBe(1);
    reads[0]!.resolve('before the file was added');
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(started).toBe(2);
    reads[1]!.resolve('with the added file');
    await second;
    expect(applied).toEqual(['before the file was added', 'with the added file']);
  });

  it('goes on after a call that failed, and the failure reaches its own caller', async () => {
    const calls: number[] = [];
    const run = oneAfterAnother(async (n: number) => {
      calls.push(n);
      if (n === 1) throw new Error('list failed');
    });
    const failing = run(1);
    const next = run(2);
    await expect(failing).rejects.toThrow('list failed');
    await next;
    expect(calls).toEqual([1, 2]);
  });
});
