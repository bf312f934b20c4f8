import type { Database } from '../storage/database';
import { guardQuota } from '../storage/quota';
import type { StoredWorkspaceFile } from '../storage/schema';
import { checkFileName, freeFileName } from './fileNames';

export type WorkspaceFile = StoredWorkspaceFile;
export type Cursor = StoredWorkspaceFile['cursor'];

/** The person's own files. Issue 15's share links open into `scratch:<id>` workspaces beside it, never into this one. */
export const OWN_WORKSPACE = 'own';
/** Deleted files of workspace `w` are kept in `trash:w` (their name prefixed with the time of deletion). */
const trashOf = (workspace: string) => `trash:${workspace}`;

/** What tabs tell each other about a workspace: a file was written (draft, deployment, rename, delete). */
export interface WorkspaceChange {
  readonly type: 'workspace-changed';
  readonly workspace: string;
  readonly name: string;
  readonly revision: number;
  readonly writer: string;
}

/** The part of a BroadcastChannel the workspace uses (tests pass a pair of MessageChannel ports). */
export interface ChangeChannel {
  postMessage(message: WorkspaceChange): void;
}

export type SaveOutcome =
  | { readonly ok: true; readonly file: WorkspaceFile }
  /** Another tab wrote the file since this tab read it: nothing was written; `theirs` is what is stored. */
  | { readonly ok: false; readonly conflict: true; readonly theirs: WorkspaceFile }
  | { readonly ok: false; readonly conflict: false; readonly error: string };

export interface WorkspaceOptions {
  readonly db: Database;
  readonly workspace?: string;
  /** This page's id: which tab wrote a file last. */
  readonly tabId: string;
  readonly now: () => number;
  readonly channel?: ChangeChannel;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * An editor workspace in IndexedDB: files with their drafts (saved on every debounced keystroke, with the cursor),
 * what was last deployed from each, a trash. Writes are compare-and-set on a per-file revision, in one transaction:
 * two tabs typing into the same file never overwrite each other silently — the second write is refused as a conflict
 * and that tab asks the person. Every write is announced on the channel so other tabs can follow at once.
 */
export class Workspace {
  readonly workspace: string;

  constructor(private readonly options: WorkspaceOptions) {
    this.workspace = options.workspace ?? OWN_WORKSPACE;
  }

  /** Live files, by name. */
  async list(): Promise<WorkspaceFile[]> {
    const files = await this.options.db.getAllFromIndex('workspaceFiles', 'byWorkspace', this.workspace);
    return files.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Deleted files still restorable, newest first; `name` is what they were called. */
  async trash(): Promise<(WorkspaceFile & { readonly key: string })[]> {
    const files = await this.options.db.getAllFromIndex('workspaceFiles', 'byWorkspace', trashOf(this.workspace));
    return files.map((file) => ({ ...file, key: file.name, name: file.name.slice(file.name.indexOf(':') + 1) })).sort((a, b) => (b.trashedAt ?? 0) - (a.trashedAt ?? 0));
  }

  get(name: string): Promise<WorkspaceFile | undefined> {
    return this.options.db.get('workspaceFiles', [this.workspace, name]);
  }

  /** A new file (its name made free: `x (2).ts` when `x.ts` exists). */
  async create(typedName: string, text: string): Promise<SaveOutcome> {
    const checked = checkFileName(typedName);
    if (!checked.ok) return { ok: false, conflict: false, error: checked.error };
    const taken = new Set((await this.list()).map((f) => f.name));
    const file = this.record(freeFileName(checked.name, taken), text, { anchor: 0, head: 0 }, 1, null);
    return this.write(file, (stored) => (stored ? 'That name was taken meanwhile; try again.' : null));
  }

  /**
   * Saves the draft if the stored revision is still `expectedRevision` (what this tab last read or wrote); otherwise
   * nothing is written and the conflict is returned. `expectedRevision` of the stored file forces a write.
   */
  saveDraft(name: string, text: string, cursor: Cursor, expectedRevision: number): Promise<SaveOutcome> {
    return this.update(name, expectedRevision, (file) => ({ ...file, text, cursor }));
  }

  /** Records what was deployed from the file (the draft differs from it until the next deployment). */
  markDeployed(name: string, text: string): Promise<SaveOutcome> {
    return this.update(name, null, (file) => ({ ...file, deployed: { text, at: this.options.now() } }));
  }

  async rename(from: string, typedTo: string): Promise<SaveOutcome> {
    const checked = checkFileName(typedTo);
    if (!checked.ok) return { ok: false, conflict: false, error: checked.error };
    if (checked.name === from) {
      const same = await this.get(from);
      return same ? { ok: true, file: same } : { ok: false, conflict: false, error: `${from} is gone.` };
    }
    const { db } = this.options;
    const tx = db.transaction('workspaceFiles', 'readwrite');
    const [file, clash] = await Promise.all([tx.store.get([this.workspace, from]), tx.store.get([this.workspace, checked.name])]);
    if (!file) return this.abort(tx, `${from} is gone (deleted in another tab?).`);
    if (clash) return this.abort(tx, `There is already a file named ${checked.name}.`);
    const renamed = { ...file, name: checked.name, revision: file.revision + 1, writer: this.options.tabId, updatedAt: this.options.now() };
    try {
      await guardQuota(`the file ${checked.name}`, async () => {
        await tx.store.delete([this.workspace, from]);
        await tx.store.put(renamed);
        await tx.done;
      });
    } catch (error) {
      return { ok: false, conflict: false, error: messageOf(error) };
    }
    this.announce(from, renamed.revision);
    this.announce(renamed.name, renamed.revision);
    return { ok: true, file: renamed };
  }

  /** Moves a file to the trash; returns the trash key that `restore` takes. */
  async delete(name: string): Promise<{ readonly ok: true; readonly key: string } | { readonly ok: false; readonly error: string }> {
    const tx = this.options.db.transaction('workspaceFiles', 'readwrite');
    const file = await tx.store.get([this.workspace, name]);
    if (!file) {
      await tx.done;
      return { ok: false, error: `${name} is gone already.` };
    }
    const at = this.options.now();
    const key = `${at}:${name}`;
    await tx.store.delete([this.workspace, name]);
    await tx.store.put({ ...file, workspace: trashOf(this.workspace), name: key, trashedAt: at });
    await tx.done;
    this.announce(name, file.revision + 1);
    return { ok: true, key };
  }

  /** Brings a deleted file back under its name (or a free one, if that name was taken since). */
  async restore(key: string): Promise<SaveOutcome> {
    const tx = this.options.db.transaction('workspaceFiles', 'readwrite');
    const trashed = await tx.store.get([trashOf(this.workspace), key]);
    if (!trashed) return this.abort(tx, 'That file is no longer in the trash.');
    const live = await tx.store.index('byWorkspace').getAllKeys(this.workspace);
    const taken = new Set(live.map((k) => k[1]));
    const name = freeFileName(key.slice(key.indexOf(':') + 1), taken);
    const restored: WorkspaceFile = { ...trashed, workspace: this.workspace, name, trashedAt: null, revision: trashed.revision + 1, updatedAt: this.options.now() };
    await tx.store.delete([trashOf(this.workspace), key]);
    await tx.store.put(restored);
    await tx.done;
    this.announce(name, restored.revision);
    return { ok: true, file: restored };
  }

  /** Empties the trash of files deleted before `before` (a new session: deleted files are kept until then). */
  async purgeTrash(before: number): Promise<number> {
    const tx = this.options.db.transaction('workspaceFiles', 'readwrite');
    const trashed = await tx.store.index('byWorkspace').getAll(trashOf(this.workspace));
    const old = trashed.filter((file) => (file.trashedAt ?? 0) < before);
    for (const file of old) await tx.store.delete([file.workspace, file.name]);
    await tx.done;
    return old.length;
  }

  private record(name: string, text: string, cursor: Cursor, revision: number, deployed: WorkspaceFile['deployed']): WorkspaceFile {
    return { workspace: this.workspace, name, text, cursor, revision, writer: this.options.tabId, updatedAt: this.options.now(), deployed, trashedAt: null };
  }

  /** Read, change and write one file in one transaction; `expectedRevision` null skips the revision check. */
  private async update(name: string, expectedRevision: number | null, change: (file: WorkspaceFile) => WorkspaceFile): Promise<SaveOutcome> {
    const tx = this.options.db.transaction('workspaceFiles', 'readwrite');
    const stored = await tx.store.get([this.workspace, name]);
    if (!stored) return this.abort(tx, `${name} is gone (renamed or deleted in another tab?).`);
    // A tab never conflicts with itself (its own deployment mark may land between two of its drafts).
    if (expectedRevision !== null && stored.revision !== expectedRevision && stored.writer !== this.options.tabId) {
      await tx.done;
      return { ok: false, conflict: true, theirs: stored };
    }
    const next: WorkspaceFile = { ...change(stored), revision: stored.revision + 1, writer: this.options.tabId, updatedAt: this.options.now() };
    try {
      await guardQuota(`the file ${name}`, async () => {
        await tx.store.put(next);
        await tx.done;
      });
    } catch (error) {
      return { ok: false, conflict: false, error: messageOf(error) };
    }
    this.announce(name, next.revision);
    return { ok: true, file: next };
  }

  private async write(file: WorkspaceFile, refuse: (stored: WorkspaceFile | undefined) => string | null): Promise<SaveOutcome> {
    const tx = this.options.db.transaction('workspaceFiles', 'readwrite');
    const why = refuse(await tx.store.get([file.workspace, file.name]));
    if (why) return this.abort(tx, why);
    try {
      await guardQuota(`the file ${file.name}`, async () => {
        await tx.store.put(file);
        await tx.done;
      });
    } catch (error) {
      return { ok: false, conflict: false, error: messageOf(error) };
    }
    this.announce(file.name, file.revision);
    return { ok: true, file };
  }

  private async abort(tx: { done: Promise<void> }, error: string): Promise<{ ok: false; conflict: false; error: string }> {
    await tx.done;
    return { ok: false, conflict: false, error };
  }

  private announce(name: string, revision: number): void {
    this.options.channel?.postMessage({ type: 'workspace-changed', workspace: this.workspace, name, revision, writer: this.options.tabId });
  }
}
