import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.useRealTimers();
  vi.resetModules();
});

// The gate is module state (one per page): each test imports a fresh copy.
const freshGate = () => import('../../../src/sw/firstInstallGate');

describe('firstInstallGate', () => {
  it('opens when the playground says it has settled', async () => {
    vi.useFakeTimers();
    const { firstInstallGate, openFirstInstallGate } = await freshGate();
    let open = false;
    void firstInstallGate(60_000).then(() => (open = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(open).toBe(false);
    openFirstInstallGate();
    await vi.advanceTimersByTimeAsync(0);
    expect(open).toBe(true);
  });

  it('opens at the cap when the playground never settles', async () => {
    vi.useFakeTimers();
    const { firstInstallGate, FIRST_INSTALL_CAP_MS } = await freshGate();
    let open = false;
    void firstInstallGate().then(() => (open = true));
    await vi.advanceTimersByTimeAsync(FIRST_INSTALL_CAP_MS - 1);
    expect(open).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(open).toBe(true);
  });
});
