import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEmbedClient } from '../../../src/embed/client';

/** A host window and an iframe whose content window records what the client posts. */
function frame() {
  const listeners = new Set<(event: MessageEvent) => void>();
  const host = {
    addEventListener: (_: string, l: (event: MessageEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (event: MessageEvent) => void) => listeners.delete(l),
  };
  const posted: [Record<string, unknown>, string][] = [];
  const contentWindow = { postMessage: (message: Record<string, unknown>, origin: string) => posted.push([message, origin]) };
  const iframe = { contentWindow } as unknown as HTMLIFrameElement;
  const fromEmbed = (data: unknown, origin = 'https://pp.example', source: unknown = contentWindow) =>
    listeners.forEach((l) => l({ data, origin, source } as MessageEvent));
  return { host: host as unknown as Window, iframe, posted, fromEmbed, listeners };
}

afterEach(() => vi.useRealTimers());

describe('the copyable client', () => {
  it('imports nothing, so a host can copy the one file', () => {
    expect(readFileSync('src/embed/client.ts', 'utf8')).not.toMatch(/^\s*import\s/m);
  });

  it('waits for ready, then sends requests to the embed origin and matches answers by request id', async () => {
    vi.useFakeTimers();
    const f = frame();
    const client = createEmbedClient(f.iframe, { origin: 'https://pp.example', window: f.host });
    expect(f.posted[0]).toEqual([{ type: 'pp:get-state' }, 'https://pp.example']);
    // Someone else's frame, or the right frame from the wrong origin, cannot make it ready.
    f.fromEmbed({ type: 'pp:ready', embedId: 'x', version: 1 }, 'https://evil.example');
    f.fromEmbed({ type: 'pp:ready', embedId: 'x', version: 1 }, 'https://pp.example', {});
    f.fromEmbed({ type: 'pp:ready', embedId: 'a', version: 1 });
    await expect(client.ready).resolves.toEqual({ embedId: 'a', version: 1 });

    const states: string[] = [];
    client.onRunState((run) => states.push(run.state));
    const finished = client.run('d');
    await Promise.resolve();
    const request = f.posted.at(-1)!;
    expect(request).toEqual([{ type: 'pp:run', dagId: 'd', requestId: 1 }, 'https://pp.example']);
    f.fromEmbed({ type: 'pp:run-state', runId: 'r', dagId: 'd', state: 'running', tasks: {}, tries: {} });
    f.fromEmbed({ type: 'pp:run-finished', requestId: 1, runs: [], ok: true });
    await expect(finished).resolves.toEqual({ runs: [], ok: true });
    expect(states).toEqual(['running']);

    const loading = client.load({ name: 'a.ts', text: '' });
    await Promise.resolve();
    f.fromEmbed({ type: 'pp:error', requestId: 2, message: 'A run is under way.' });
    await expect(loading).rejects.toThrow('A run is under way.');
    client.dispose();
    expect(f.listeners.size).toBe(0);
  });

  it('hears an embed that was ready before the client existed, through its probe', async () => {
    vi.useFakeTimers();
    const f = frame();
    const client = createEmbedClient(f.iframe, { origin: 'https://pp.example', window: f.host });
    vi.advanceTimersByTime(450);
    expect(f.posted.filter(([m]) => m.type === 'pp:get-state')).toHaveLength(3);
    f.fromEmbed({ type: 'pp:state', embedId: 'b', status: 'ready', fileName: null, running: false, runs: [] });
    await expect(client.ready).resolves.toEqual({ embedId: 'b', version: 1 });
    vi.advanceTimersByTime(1000);
    expect(f.posted.filter(([m]) => m.type === 'pp:get-state')).toHaveLength(3);
    client.dispose();
  });
});
