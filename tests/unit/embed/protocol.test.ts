import { describe, expect, it } from 'vitest';
import { isEmbedMessage, MAX_LOADED_FILE_CHARS, readHostMessage } from '../../../src/embed/protocol';
import { listenToHost } from '../../../src/ui/embed/embedHost';

describe('readHostMessage', () => {
  it('accepts the three host messages, with or without a request id', () => {
    expect(readHostMessage({ type: 'pp:load', requestId: 3, file: { name: 'a.ts', text: 'x' } })).toEqual({
      ok: true,
      message: { type: 'pp:load', requestId: 3, file: { name: 'a.ts', text: 'x' } },
    });
    expect(readHostMessage({ type: 'pp:run' })).toMatchObject({ ok: true });
    expect(readHostMessage({ type: 'pp:run', dagId: 'd' })).toMatchObject({ ok: true });
    expect(readHostMessage({ type: 'pp:get-state', requestId: 1 })).toMatchObject({ ok: true });
  });

  it('ignores what is not the protocol (another library on the page may post too)', () => {
    for (const data of [null, 'pp:run', 42, {}, { type: 7 }, { type: 'react-devtools' }, { source: 'x', type: 'webpackOk' }]) {
      expect(readHostMessage(data)).toBeNull();
    }
  });

  it.each([
    [{ type: 'pp:load', file: { name: '../x.ts', text: '' } }, /file\.name/],
    [{ type: 'pp:load', file: { name: 'a.js', text: '' } }, /file\.name/],
    [{ type: 'pp:load', file: { name: 'a.ts', text: 'x'.repeat(MAX_LOADED_FILE_CHARS + 1) } }, /at most 200000/],
    [{ type: 'pp:load', file: { name: 'a.ts', text: 'x' }, extra: true }, /extra/],
    [{ type: 'pp:run', dagId: '' }, /dagId/],
    [{ type: 'pp:delete-everything' }, /pp:delete-everything/],
    [{ type: 'pp:run', requestId: 1.5 }, /requestId/],
  ])('refuses a malformed protocol message with a reason: %j', (data, reason) => {
    const read = readHostMessage(data);
    expect(read?.ok).toBe(false);
    if (read && !read.ok) expect(read.error).toMatch(reason);
  });
});

describe('isEmbedMessage', () => {
  it('checks what the embed sends', () => {
    expect(isEmbedMessage({ type: 'pp:ready', embedId: 'a', version: 1 })).toBe(true);
    expect(isEmbedMessage({ type: 'pp:ready', embedId: 'a', version: 2 })).toBe(false);
    expect(isEmbedMessage({ type: 'pp:run-state', runId: 'r', dagId: 'd', state: 'running', tasks: { t: 'queued' }, tries: { t: 0 } })).toBe(true);
    expect(isEmbedMessage({ type: 'pp:run-state', runId: 'r', dagId: 'd', state: 'running', tasks: { t: 'exploded' }, tries: {} })).toBe(false);
  });
});

/** A window's message events, by hand. */
function fakeWindow() {
  const listeners = new Set<(event: MessageEvent) => void>();
  return {
    addEventListener: (_: string, listener: (event: MessageEvent) => void) => listeners.add(listener),
    removeEventListener: (_: string, listener: (event: MessageEvent) => void) => listeners.delete(listener),
    dispatch: (event: Partial<MessageEvent>) => listeners.forEach((listener) => listener(event as MessageEvent)),
    count: () => listeners.size,
  };
}

describe('listenToHost', () => {
  const setUp = (origins: string[]) => {
    const self = fakeWindow();
    const posted: [unknown, string][] = [];
    const parent = { postMessage: (message: unknown, origin: string) => posted.push([message, origin]) };
    const heard: unknown[] = [];
    const link = listenToHost({
      self: self as unknown as Window,
      parent: parent as unknown as Window,
      ownOrigin: 'https://pp.example',
      origins,
      onMessage: (message) => heard.push(message),
    });
    return { self, parent, posted, heard, link };
  };

  it('obeys only its parent at its own origin by default, and answers only there', () => {
    const { self, parent, posted, heard, link } = setUp([]);
    self.dispatch({ source: parent as unknown as Window, origin: 'https://pp.example', data: { type: 'pp:run' } });
    self.dispatch({ source: parent as unknown as Window, origin: 'https://evil.example', data: { type: 'pp:run' } });
    self.dispatch({ source: {} as Window, origin: 'https://pp.example', data: { type: 'pp:run' } });
    expect(heard).toEqual([{ type: 'pp:run' }]);
    link.send({ type: 'pp:ready', embedId: 'a', version: 1 });
    expect(posted).toEqual([[{ type: 'pp:ready', embedId: 'a', version: 1 }, 'https://pp.example']]);
    link.stop();
    expect(self.count()).toBe(0);
  });

  it('with ?origin= obeys those origins (not its own) and answers a malformed message with pp:error', () => {
    const { self, parent, posted, heard } = setUp(['https://docs.example']);
    self.dispatch({ source: parent as unknown as Window, origin: 'https://pp.example', data: { type: 'pp:run' } });
    self.dispatch({ source: parent as unknown as Window, origin: 'https://docs.example', data: { type: 'pp:run', requestId: 4, dagId: 5 } });
    expect(heard).toEqual([]);
    expect(posted).toHaveLength(1);
    expect(posted[0]![1]).toBe('https://docs.example');
    expect(posted[0]![0]).toMatchObject({ type: 'pp:error', requestId: 4 });
  });

  it('sends nothing when not framed, and never a message that fails its own schema', () => {
    const self = fakeWindow();
    const link = listenToHost({ self: self as unknown as Window, parent: null, ownOrigin: 'https://pp.example', origins: [], onMessage: () => undefined });
    expect(() => link.send({ type: 'pp:ready', embedId: 'a', version: 1 })).not.toThrow();
    const posted: unknown[] = [];
    const framed = listenToHost({
      self: self as unknown as Window,
      parent: { postMessage: (message: unknown) => posted.push(message) } as unknown as Window,
      ownOrigin: 'https://pp.example',
      origins: [],
      onMessage: () => undefined,
    });
    framed.send({ type: 'pp:error', message: 'x'.repeat(5000) });
    expect(posted).toEqual([]);
  });
});
