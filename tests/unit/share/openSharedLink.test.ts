import { afterEach, describe, expect, it } from 'vitest';
import { LESSONS } from '../../../src/authoring/lessons';
import { purgeScratchTrash, scratchWorkspaceIds, scratchWorkspaceOf } from '../../../src/runtime/workspace/scratchWorkspaces';
import { Workspace } from '../../../src/runtime/workspace/workspace';
import { openSharedLink } from '../../../src/share/openSharedLink';
import { shareIdOf } from '../../../src/share/shareId';
import { encodeShareFragment, type SharePayload } from '../../../src/share/shareLink';
import { openTestDatabase } from '../runtime/testDb';

describe('opening a share link', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function setUp() {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const ws = (workspace?: string) => new Workspace({ db: opened.db, tabId: 'tab', now: () => 1, ...(workspace ? { workspace } : {}) });
    const own = ws();
    // The visitor already has a file of the same name as the shared one, with their own text.
    await own.create('retries.ts', '// mine\n');
    const everything = async () => (await opened.db.getAll('workspaceFiles')).map((f) => [f.workspace, f.name, f.text]);
    return { db: opened.db, own, scratchOf: (id: string) => ws(scratchWorkspaceOf(id)), everything };
  }

  const lesson = LESSONS.find((l) => l.name === 'retries')!;
  const payload: SharePayload = { v: 1, files: [{ name: 'retries.ts', text: lesson.text }, { name: 'helper.ts', text: '// two\n' }], active: 'helper.ts', origin: 'lesson retries' };

  it('writes the files into a scratch workspace of its own, beside the own files and never over them', async () => {
    const { own, scratchOf, db } = await setUp();
    const encoded = await encodeShareFragment(payload);
    if (!encoded.ok) throw new Error(encoded.error);
    const result = await openSharedLink(encoded.fragment, scratchOf);
    expect(result).toEqual({ ok: true, opened: { id: shareIdOf(payload), payload, active: 'helper.ts', reopened: false } });
    expect((await own.list()).map((f) => [f.name, f.text])).toEqual([['retries.ts', '// mine\n']]);
    const scratch = scratchOf(shareIdOf(payload));
    expect((await scratch.list()).map((f) => [f.name, f.text, f.deployed])).toEqual([
      ['helper.ts', '// two\n', null],
      ['retries.ts', lesson.text, null],
    ]);
    expect(await scratchWorkspaceIds(db)).toEqual([shareIdOf(payload)]);
  });

  it('opened twice, reuses its scratch workspace and keeps the edits made there', async () => {
    const { scratchOf } = await setUp();
    const encoded = await encodeShareFragment(payload);
    if (!encoded.ok) throw new Error(encoded.error);
    await openSharedLink(encoded.fragment, scratchOf);
    const scratch = scratchOf(shareIdOf(payload));
    const helper = (await scratch.get('helper.ts'))!;
    await scratch.saveDraft('helper.ts', '// edited\n', helper.cursor, helper.revision);
    const again = await openSharedLink(encoded.fragment, scratchOf);
    expect(again).toMatchObject({ ok: true, opened: { id: shareIdOf(payload), reopened: true } });
    expect((await scratch.list()).map((f) => f.text)).toEqual(['// edited\n', lesson.text]);
  });

  it('the same files with other settings open the same scratch workspace; other files another one', () => {
    expect(shareIdOf({ files: payload.files })).toBe(shareIdOf(payload));
    expect(shareIdOf({ files: [{ name: 'retries.ts', text: `${lesson.text} ` }] })).not.toBe(shareIdOf(payload));
    expect(shareIdOf(payload)).toMatch(/^[0-9a-f]{10}$/);
  });

  it('removed, its files leave the list and their trash is emptied by the next session, the own trash untouched', async () => {
    const { own, scratchOf, db, everything } = await setUp();
    const encoded = await encodeShareFragment(payload);
    if (!encoded.ok) throw new Error(encoded.error);
    await openSharedLink(encoded.fragment, scratchOf);
    const scratch = scratchOf(shareIdOf(payload));
    for (const file of await scratch.list()) await scratch.delete(file.name);
    await own.delete('retries.ts');
    expect(await scratchWorkspaceIds(db)).toEqual([]);
    expect(await purgeScratchTrash(db, 0)).toBe(0); // deleted at time 1: not before 0
    expect(await purgeScratchTrash(db, 2)).toBe(2);
    expect((await everything()).map(([workspace]) => workspace)).toEqual(['trash:own']);
  });

  it('a bad link writes nothing at all', async () => {
    const { scratchOf, everything } = await setUp();
    const before = await everything();
    const result = await openSharedLink('#/share/1.not*base64', scratchOf);
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/not base64url/) });
    expect(await everything()).toEqual(before);
  });
});
