import { beforeEach, describe, expect, it, vi } from 'vitest';

type UpdateStatus = typeof import('../../../src/sw/updateStatus');

/** A waiting service worker as the page sees it: only the messages posted to it matter here. */
function fakeWorker() {
  const messages: unknown[] = [];
  return { worker: { postMessage: (message: unknown) => messages.push(message) } as unknown as ServiceWorker, messages };
}

describe('the update status behind "A new version is available — Reload"', () => {
  let status: UpdateStatus;
  beforeEach(async () => {
    vi.resetModules(); // the status is module state: a fresh module per test
    status = await import('../../../src/sw/updateStatus');
  });

  it('the first install taking control of the page is not an update and does not reload it', () => {
    const seen = vi.fn();
    status.subscribeToUpdate(seen);
    expect(status.onControllerChange(false)).toBe('none');
    expect(status.isUpdateAvailable()).toBe(false);
    expect(seen).not.toHaveBeenCalled();
  });

  it('a waiting version is offered; Reload asks it to take over and the takeover reloads the page', () => {
    const { worker, messages } = fakeWorker();
    const seen = vi.fn();
    status.subscribeToUpdate(seen);
    status.setWaitingWorker(worker);
    expect(status.isUpdateAvailable()).toBe(true);
    expect(seen).toHaveBeenCalledTimes(1);
    expect(messages).toEqual([]);
    status.applyUpdate();
    expect(messages).toEqual([{ type: 'skip-waiting' }]);
    expect(status.onControllerChange(true)).toBe('reload');
  });

  it('a takeover that another tab asked for keeps the prompt in this tab, which still runs the old build', () => {
    const { worker } = fakeWorker();
    status.setWaitingWorker(worker);
    const seen = vi.fn();
    status.subscribeToUpdate(seen);
    expect(status.onControllerChange(true)).toBe('none');
    expect(status.isUpdateAvailable()).toBe(true);
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it('unsubscribing stops the notices', () => {
    const seen = vi.fn();
    const unsubscribe = status.subscribeToUpdate(seen);
    unsubscribe();
    status.setWaitingWorker(fakeWorker().worker);
    expect(seen).not.toHaveBeenCalled();
  });

  /** The page's edges, recorded: timers run only when the test says so; `remembered` is the note kept across a reload. */
  function fakeEdges(rememberedFromLastLoad = 0) {
    const timers: { ms: number; run: () => void }[] = [];
    const done: string[] = [];
    let remembered = rememberedFromLastLoad;
    const edges = {
      reload: () => done.push('reload'),
      after: (ms: number, run: () => void) => timers.push({ ms, run }),
      rememberRequest: (reloads: number) => {
        remembered = reloads;
        done.push(`remember ${reloads}`);
      },
      takeRememberedRequest: () => {
        const was = remembered;
        remembered = 0;
        return was;
      },
    };
    return { edges, timers, done, remembered: () => remembered };
  }

  it('Reload stops background loading, and reloads anyway when the new version has not taken over in time', () => {
    const { worker, messages } = fakeWorker();
    const { edges, timers, done, remembered } = fakeEdges();
    status.setWaitingWorker(worker);
    expect(status.isUpdateRequested()).toBe(false);
    status.applyUpdate(edges);
    expect(status.isUpdateRequested()).toBe(true);
    expect(messages).toEqual([{ type: 'skip-waiting' }]);
    expect(done).toEqual([]);
    expect(timers.map((t) => t.ms)).toEqual([status.TAKEOVER_FALLBACK_MS]);
    timers[0]!.run();
    expect(done).toEqual(['remember 1', 'reload']);
    expect(remembered()).toBe(1);
  });

  it('the load after such a reload asks the waiting version again once it is known, and reloads when it takes over', () => {
    const { edges, timers, done } = fakeEdges(1);
    status.resumeRequestedUpdate(edges);
    expect(status.isUpdateRequested()).toBe(true);
    const { worker, messages } = fakeWorker();
    status.setWaitingWorker(worker);
    expect(messages).toEqual([{ type: 'skip-waiting' }]);
    expect(status.onControllerChange(true)).toBe('reload');
    // Still not taken over in time: one more reload, counted.
    timers[0]!.run();
    expect(done).toEqual(['remember 2', 'reload']);
  });

  it('gives up reloading after MAX_TAKEOVER_RELOADS: the prompt stays for the person to try again', () => {
    const { edges, timers, done } = fakeEdges(status.MAX_TAKEOVER_RELOADS);
    status.resumeRequestedUpdate(edges);
    const { worker, messages } = fakeWorker();
    status.setWaitingWorker(worker);
    expect(messages).toEqual([{ type: 'skip-waiting' }]);
    expect(timers).toEqual([]);
    expect(done).toEqual([]);
    expect(status.isUpdateAvailable()).toBe(true);
  });

  it('a load that did not ask for the update does not ask the waiting version to take over', () => {
    const { edges, timers } = fakeEdges(0);
    status.resumeRequestedUpdate(edges);
    const { worker, messages } = fakeWorker();
    status.setWaitingWorker(worker);
    expect(messages).toEqual([]);
    expect(timers).toEqual([]);
    expect(status.isUpdateRequested()).toBe(false);
  });
});
