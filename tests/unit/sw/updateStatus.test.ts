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
});
