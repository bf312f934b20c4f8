import { describe, expect, it } from 'vitest';
import { readEmbedLaunch, wantsEmbed, type EmbedLaunch } from '../../../src/embed/embedParams';
import { embedUrlOf } from '../../../src/embed/embedSnippet';
import { APP_SCOPE, embedStorageScope } from '../../../src/runtime/storageScope';

const LESSONS = ['producer-consumer', 'retries'];

function params(launch: EmbedLaunch) {
  if (launch.kind !== 'embed') throw new Error(`expected an embed, got ${JSON.stringify(launch)}`);
  return launch.params;
}

describe('readEmbedLaunch', () => {
  it('is the full app without embed=1', () => {
    expect(readEmbedLaunch('', '', LESSONS)).toEqual({ kind: 'app' });
    expect(readEmbedLaunch('?seed=3&embed=0', '#/dags', LESSONS)).toEqual({ kind: 'app' });
    expect([wantsEmbed(''), wantsEmbed('?embed=false'), wantsEmbed('?embed=1'), wantsEmbed('?embed=yes')]).toEqual([false, false, true, true]);
  });

  it('reads back what embedUrlOf writes', () => {
    const url = new URL(
      embedUrlOf('https://docs.example/pp/', { id: 'a_1', lesson: 'retries', panes: ['graph', 'logs'], hide: ['open'], origin: ['https://docs.example'] }),
    );
    const read = params(readEmbedLaunch(url.search, url.hash, LESSONS));
    expect(read).toMatchObject({ id: 'a_1', lesson: 'retries', sharePayload: null, panes: ['graph', 'logs'], origins: ['https://docs.example'] });
    expect([...read.hidden]).toEqual(['open']);
  });

  it('derives the id from the lesson, else from the shared payload, else "default"', () => {
    expect(params(readEmbedLaunch('?embed=1&lesson=retries', '', LESSONS)).id).toBe('retries');
    const a = params(readEmbedLaunch('?embed=1', '#/share/1.abc', LESSONS));
    const b = params(readEmbedLaunch('?embed=1', '#/share/1.abd', LESSONS));
    expect(a.id).toMatch(/^share-[0-9a-z]+$/);
    expect(a.id).not.toBe(b.id);
    expect(a.sharePayload).toBe('1.abc');
    expect(params(readEmbedLaunch('?embed=1', '', LESSONS)).id).toBe('default');
  });

  it('hides panes named in hide= and keeps the layout order whatever the order in panes=', () => {
    const read = params(readEmbedLaunch('?embed=1&panes=logs,editor,graph&hide=editor,run', '', LESSONS));
    expect(read.panes).toEqual(['graph', 'logs']);
    expect(read.hidden.has('run')).toBe(true);
  });

  it.each([
    ['?embed=1&id=../../x', /not a valid embed id/],
    ['?embed=1&id=' + 'a'.repeat(65), /not a valid embed id/],
    ['?embed=1&id=', /not a valid embed id/],
    ['?embed=yes', /embed=1/],
    ['?embed=1&lesson=nope', /no lesson "nope"/],
    ['?embed=1&panes=editor,settings', /"settings" is not a pane/],
    ['?embed=1&hide=everything', /"everything" cannot be hidden/],
    ['?embed=1&origin=javascript:alert(1)', /not an origin/],
    ['?embed=1&origin=https://a.example/path', /not an origin/],
  ])('refuses %s with a message naming the key', (search, message) => {
    const launch = readEmbedLaunch(search, '', LESSONS);
    expect(launch.kind).toBe('embed-error');
    if (launch.kind === 'embed-error') expect(launch.message).toMatch(message);
  });
});

describe('storage scopes', () => {
  it('give each embed id its own database, channels and lock, apart from the full app', () => {
    const a = embedStorageScope('a');
    const b = embedStorageScope('b');
    expect(a.dbName).toBe('pipeline-playground-embed-a');
    for (const key of ['dbName', 'tabChannel', 'schedulerLock', 'workspaceChannel'] as const) {
      expect(new Set([APP_SCOPE[key], a[key], b[key]]).size).toBe(3);
    }
    expect(embedStorageScope('a')).toEqual(a);
    expect(a.storesSettings).toBe(false);
    expect(() => embedStorageScope('a/b')).toThrow(/Not an embed id/);
  });
});
