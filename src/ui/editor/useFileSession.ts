import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { Cursor, WorkspaceFile } from '../../runtime/workspace/workspace';
import type { CodeEditorHandle } from './CodeEditor';
import type { EditorWorkspace } from './editorWorkspace';

/** Drafts are written this long after the last keystroke (and at once when the file or the page is left). */
export const AUTOSAVE_MS = 300;

export type SaveStatus = 'saved' | 'pending' | 'conflict' | 'failed';

export interface FileSession {
  /** The file as loaded (its draft, cursor and deployed text); null while loading or when it does not exist. */
  readonly file: WorkspaceFile | null;
  readonly missing: boolean;
  /** Changes when a new document must be loaded into the editor. */
  readonly docKey: string;
  /** The text in the editor now. */
  readonly text: string;
  readonly status: SaveStatus;
  readonly error: string | null;
  /** What another tab stored while this one had unsaved edits: the person chooses. */
  readonly conflict: WorkspaceFile | null;
  /** A passing note ("Updated with the changes made in another tab."). */
  readonly notice: string | null;
  onChange(text: string, cursor: Cursor): void;
  keepMine(): void;
  takeTheirs(): void;
  /** Writes the pending draft now. */
  flush(): Promise<void>;
  /** Replaces the draft (revert to deployed, lesson start-over) and saves it. */
  replace(text: string): void;
  /** The stored file changed outside the draft (deployed): read it again without touching the editor. */
  reloadMeta(): Promise<void>;
}

/**
 * One open file of the workspace: loads it, saves the draft on every debounced keystroke (compare-and-set on its
 * revision) and follows other tabs. When another tab wrote the file: with nothing unsaved here, its version is
 * loaded (a notice says so); with unsaved edits here, nothing is overwritten either way until the person picks.
 */
export function useFileSession(opened: EditorWorkspace | null, name: string | null, editor: RefObject<CodeEditorHandle | null>): FileSession {
  const [file, setFile] = useState<WorkspaceFile | null>(null);
  const [missing, setMissing] = useState(false);
  const [docKey, setDocKey] = useState('');
  const [text, setText] = useState('');
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<WorkspaceFile | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const live = useRef({ text: '', cursor: { anchor: 0, head: 0 } as Cursor, revision: 0, dirty: false, name: null as string | null, conflicted: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const save = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const state = live.current;
    if (!opened || !state.name || !state.dirty || state.conflicted) return;
    const closed = opened.closed();
    if (closed) {
      setStatus('failed');
      setError(closed);
      return;
    }
    state.dirty = false;
    const outcome = await opened.workspace.saveDraft(state.name, state.text, state.cursor, state.revision);
    if (outcome.ok) {
      state.revision = outcome.file.revision;
      setFile(outcome.file);
      if (!state.dirty) setStatus('saved');
    } else if (outcome.conflict) {
      state.conflicted = true;
      state.dirty = true;
      setConflict(outcome.theirs);
      setStatus('conflict');
    } else {
      state.dirty = true;
      setStatus('failed');
      setError(outcome.error);
    }
  }, [opened]);

  // Load the file when it changes; leave the previous one saved.
  useEffect(() => {
    if (!opened || !name) return;
    let cancelled = false;
    void (async () => {
      await save();
      const loaded = await opened.workspace.get(name);
      if (cancelled) return;
      live.current = { text: loaded?.text ?? '', cursor: loaded?.cursor ?? { anchor: 0, head: 0 }, revision: loaded?.revision ?? 0, dirty: false, name: loaded ? name : null, conflicted: false };
      setFile(loaded ?? null);
      setMissing(!loaded);
      setText(loaded?.text ?? '');
      setConflict(null);
      setNotice(null);
      setError(null);
      setStatus('saved');
      setDocKey(`${name}#${loaded?.revision ?? 0}#${Date.now()}`);
    })();
    return () => {
      cancelled = true;
    };
  }, [opened, name, save]);

  // Another tab wrote this file.
  useEffect(() => {
    if (!opened || !name) return;
    return opened.subscribe((change) => {
      if (change.name !== name || change.workspace !== opened.workspace.workspace) return;
      void opened.workspace.get(name).then((theirs) => {
        const state = live.current;
        if (!theirs || theirs.revision <= state.revision) return;
        if (theirs.text === state.text) {
          state.revision = theirs.revision;
          setFile(theirs);
          return;
        }
        if (state.dirty || timer.current) {
          state.conflicted = true;
          setConflict(theirs);
          setStatus('conflict');
          return;
        }
        state.revision = theirs.revision;
        state.text = theirs.text;
        setFile(theirs);
        setText(theirs.text);
        editor.current?.replaceText(theirs.text);
        setNotice('Updated with the changes made to this file in another tab.');
      });
    });
  }, [opened, name, editor]);

  // A page that goes away writes its pending draft first (IndexedDB finishes what was started).
  useEffect(() => {
    const leave = () => void save();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      void save();
    };
  }, [save]);

  const onChange = useCallback(
    (next: string, cursor: Cursor) => {
      const state = live.current;
      const textChanged = next !== state.text;
      state.text = next;
      state.cursor = cursor;
      state.dirty = true;
      if (textChanged) {
        setText(next);
        setNotice(null);
      }
      if (state.conflicted) return;
      setStatus('pending');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), AUTOSAVE_MS);
    },
    [save],
  );

  return {
    file,
    missing,
    docKey,
    text,
    status,
    error,
    conflict,
    notice,
    onChange,
    keepMine() {
      if (!conflict) return;
      live.current.revision = conflict.revision;
      live.current.conflicted = false;
      setConflict(null);
      void save();
    },
    takeTheirs() {
      if (!conflict) return;
      Object.assign(live.current, { revision: conflict.revision, text: conflict.text, dirty: false, conflicted: false });
      setFile(conflict);
      setText(conflict.text);
      editor.current?.replaceText(conflict.text);
      // replaceText reported a change: the text is theirs, already stored.
      live.current.dirty = false;
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      setConflict(null);
      setStatus('saved');
    },
    flush: save,
    replace(next) {
      editor.current?.replaceText(next);
      live.current.text = next;
      live.current.dirty = true;
      setText(next);
      void save();
    },
    async reloadMeta() {
      if (!opened || !name) return;
      const stored = await opened.workspace.get(name);
      if (!stored) return;
      live.current.revision = Math.max(live.current.revision, stored.revision);
      setFile(stored);
    },
  };
}
