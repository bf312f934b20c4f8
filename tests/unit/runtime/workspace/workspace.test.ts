import { afterEach, describe, expect, it } from 'vitest';
import { checkFileName, freeFileName } from '../../../../src/runtime/workspace/fileNames';
import { Workspace, type WorkspaceChange } from '../../../../src/runtime/workspace/workspace';
import { openTestDatabase } from '../testDb';

describe('the editor workspace in IndexedDB', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function twoTabs() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    let clock = 1_000;
    const changes: WorkspaceChange[] = [];
    const channel = { postMessage: (change: WorkspaceChange) => changes.push(change) };
    const now = () => ++clock;
    return {
      db: opened.db,
      changes,
      a: new Workspace({ db: opened.db, tabId: 'tab-a', now, channel }),
      b: new Workspace({ db: opened.db, tabId: 'tab-b', now, channel }),
    };
  }

  it('keeps drafts with their cursor, separate from what was deployed', async () => {
    const { a, db, changes } = await twoTabs();
    const created = await a.create('pipeline', 'const x = 1;\n');
    expect(created).toMatchObject({ ok: true, file: { name: 'pipeline.ts', revision: 1, deployed: null } });
    const saved = await a.saveDraft('pipeline.ts', 'const x = 2;\n', { anchor: 11, head: 11 }, 1);
    expect(saved).toMatchObject({ ok: true, file: { text: 'const x = 2;\n', cursor: { anchor: 11, head: 11 }, revision: 2, writer: 'tab-a' } });
    await a.markDeployed('pipeline.ts', 'const x = 2;\n');
    await a.saveDraft('pipeline.ts', 'const x = 3;\n', { anchor: 0, head: 0 }, 3);
    // A new page load (another Workspace over the same database) finds the draft, the cursor and the deployed text.
    const reopened = await new Workspace({ db, tabId: 'tab-c', now: () => 0 }).get('pipeline.ts');
    expect(reopened).toMatchObject({ text: 'const x = 3;\n', cursor: { anchor: 0, head: 0 }, deployed: { text: 'const x = 2;\n' } });
    expect(changes.map((c) => [c.name, c.revision, c.writer])).toEqual([
      ['pipeline.ts', 1, 'tab-a'],
      ['pipeline.ts', 2, 'tab-a'],
      ['pipeline.ts', 3, 'tab-a'],
      ['pipeline.ts', 4, 'tab-a'],
    ]);
  });

  it('two tabs writing the same file: the second write is refused as a conflict, never a silent overwrite', async () => {
    const { a, b } = await twoTabs();
    await a.create('shared.ts', 'v1');
    expect(await b.saveDraft('shared.ts', 'from b', { anchor: 0, head: 0 }, 1)).toMatchObject({ ok: true, file: { revision: 2 } });
    const late = await a.saveDraft('shared.ts', 'from a', { anchor: 0, head: 0 }, 1);
    expect(late).toMatchObject({ ok: false, conflict: true, theirs: { text: 'from b', writer: 'tab-b', revision: 2 } });
    expect((await a.get('shared.ts'))?.text).toBe('from b');
    // "Keep mine": the person chose, so tab a writes over the revision it was shown.
    expect(await a.saveDraft('shared.ts', 'from a', { anchor: 0, head: 0 }, 2)).toMatchObject({ ok: true, file: { text: 'from a', revision: 3 } });
  });

  it('creates, renames and refuses bad or taken names with a reason', async () => {
    const { a } = await twoTabs();
    await a.create('one.ts', '1');
    expect(await a.create('one', 'again')).toMatchObject({ ok: true, file: { name: 'one (2).ts' } });
    expect(await a.create('  ', 'x')).toEqual({ ok: false, conflict: false, error: 'A file needs a name.' });
    expect(await a.rename('one.ts', 'one (2)')).toEqual({ ok: false, conflict: false, error: 'There is already a file named one (2).ts.' });
    expect(await a.rename('one.ts', 'a/b')).toMatchObject({ ok: false, error: expect.stringContaining('may not hold /') });
    const renamed = await a.rename('one.ts', 'first');
    expect(renamed).toMatchObject({ ok: true, file: { name: 'first.ts', text: '1', revision: 2 } });
    expect((await a.list()).map((f) => f.name)).toEqual(['first.ts', 'one (2).ts']);
  });

  it('delete moves a file to the trash; undo restores it whole; a new session purges the trash', async () => {
    const { a } = await twoTabs();
    await a.create('gone.ts', 'draft');
    await a.markDeployed('gone.ts', 'deployed text');
    const deleted = await a.delete('gone.ts');
    expect(deleted.ok).toBe(true);
    expect(await a.list()).toEqual([]);
    expect((await a.trash()).map((f) => f.name)).toEqual(['gone.ts']);
    // Meanwhile a new file took its name: the restored one gets a free name, nothing is overwritten.
    await a.create('gone.ts', 'newer');
    const restored = await a.restore((deleted as { key: string }).key);
    expect(restored).toMatchObject({ ok: true, file: { name: 'gone (2).ts', text: 'draft', deployed: { text: 'deployed text' }, trashedAt: null } });
    expect((await a.get('gone.ts'))?.text).toBe('newer');

    await a.delete('gone.ts');
    expect(await a.purgeTrash(Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(await a.trash()).toEqual([]);
  });

  it('keeps workspaces apart (a share link opens into a scratch workspace, never the person’s own)', async () => {
    const { db } = await twoTabs();
    const own = new Workspace({ db, tabId: 't', now: () => 1 });
    const scratch = new Workspace({ db, tabId: 't', now: () => 1, workspace: 'scratch:abc' });
    await own.create('pipeline.ts', 'mine');
    await scratch.create('pipeline.ts', 'shared with me');
    expect((await own.get('pipeline.ts'))?.text).toBe('mine');
    expect((await scratch.list()).map((f) => f.text)).toEqual(['shared with me']);
  });

  it('file names: .ts added, free names counted up', () => {
    expect(checkFileName(' sales ')).toEqual({ ok: true, name: 'sales.ts' });
    expect(checkFileName('x'.repeat(90)).ok).toBe(false);
    expect(checkFileName('apache-airflow-ts-sdk').ok).toBe(false);
    expect(freeFileName('a.ts', new Set(['a.ts', 'a (2).ts']))).toBe('a (3).ts');
  });
});
