import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

/** A session storage holding what a tab's previous load remembered. */
const sessionWith = (entries: Record<string, string>) => ({ getItem: (key: string) => entries[key] ?? null, setItem() {}, removeItem() {} });

describe('isUpdateResuming', () => {
  it('is true on a load that a Reload into the new version made before the new version took over', async () => {
    vi.stubGlobal('sessionStorage', sessionWith({ 'pipeline-playground-update-requested': '1' }));
    const { isUpdateResuming } = await import('../../../src/sw/updateStatus');
    expect(isUpdateResuming()).toBe(true);
  });

  it('is false on any other load, and where there is no session storage', async () => {
    vi.stubGlobal('sessionStorage', sessionWith({}));
    expect((await import('../../../src/sw/updateStatus')).isUpdateResuming()).toBe(false);
    vi.resetModules();
    vi.stubGlobal('sessionStorage', undefined);
    expect((await import('../../../src/sw/updateStatus')).isUpdateResuming()).toBe(false);
  });
});
