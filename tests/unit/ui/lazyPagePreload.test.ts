import { beforeEach, describe, expect, it, vi } from 'vitest';

type LazyPageModule = typeof import('../../../src/ui/lazyPage');

describe('preloading the lazy pages in idle time', () => {
  let lazyPages: LazyPageModule;
  beforeEach(async () => {
    vi.resetModules(); // the list of pages is module state
    lazyPages = await import('../../../src/ui/lazyPage');
  });

  /** Pages whose loads are recorded; `idle` runs its callbacks when the test flushes them. */
  function pagesAndIdle(count: number) {
    const loaded: string[] = [];
    for (let i = 0; i < count; i++) {
      lazyPages.lazyPage(`page${i}`, async () => {
        loaded.push(`page${i}`);
        return () => null;
      });
    }
    const queued: (() => void)[] = [];
    const step = async () => {
      queued.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const flush = async () => {
      while (queued.length > 0) await step();
    };
    return { loaded, idle: (run: () => void) => queued.push(run), step, flush };
  }

  it('loads every page, one after the other', async () => {
    const { loaded, idle, flush } = pagesAndIdle(3);
    lazyPages.preloadPagesWhenIdle(idle, () => false);
    await flush();
    expect(loaded).toEqual(['page0', 'page1', 'page2']);
  });

  it('loads nothing more once stopped (the person asked for a new version: the old service worker must go quiet)', async () => {
    const { loaded, idle, step, flush } = pagesAndIdle(3);
    let stopped = false;
    lazyPages.preloadPagesWhenIdle(idle, () => stopped);
    // The first page loads, the second is queued for the next idle time; then Reload is clicked.
    await step();
    expect(loaded).toEqual(['page0']);
    stopped = true;
    await flush();
    expect(loaded).toEqual(['page0']);
  });
});
