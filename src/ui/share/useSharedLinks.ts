import { useCallback, useEffect, useState } from 'react';
import type { WorkspaceFile } from '../../runtime/workspace/workspace';
import { openSharedLink } from '../../share/openSharedLink';
import type { SharedSettings } from '../../share/sharePayload';
import type { EditorWorkspace } from '../editor/editorWorkspace';
import { sharedFileRef } from '../editor/fileRef';
import { shareInbox, takeShareLink } from './shareInbox';

/** A share link's scratch workspace and its files, as the sidebar lists them. */
export interface SharedGroup {
  readonly id: string;
  readonly files: readonly WorkspaceFile[];
}

/** What this page load knows of a link it opened (a link opened on an earlier visit shows without these). */
export interface SharedOrigin {
  readonly origin: string | null;
  readonly settings: SharedSettings | null;
  readonly reopened: boolean;
}

export interface SharedLinks {
  readonly groups: readonly SharedGroup[];
  /** The groups were read once (until then a shared file in the address cannot be told from a gone one). */
  readonly loaded: boolean;
  readonly origins: ReadonlyMap<string, SharedOrigin>;
  /** Why the last link could not be opened (nothing was changed). */
  readonly openError: string | null;
  dismissError(): void;
  refresh(): Promise<void>;
  /** Whether Save & run of this scratch workspace must ask first: nothing of it was run yet, and not allowed yet. */
  gated(id: string): boolean;
  allowRun(id: string): void;
  /** Deletes the scratch workspace's files (to the trash, restorable for this session). */
  remove(id: string): Promise<void>;
}

/**
 * The share links of this browser: opens a link handed over by the router (into its scratch workspace, then shows
 * its first file), applies its settings for this page load, and keeps what the gate knows. Nothing here deploys.
 */
export function useSharedLinks(opened: EditorWorkspace | null, show: (ref: string) => void, applySettings: (settings: SharedSettings) => void): SharedLinks {
  const [groups, setGroups] = useState<readonly SharedGroup[] | null>(null);
  const [origins, setOrigins] = useState<ReadonlyMap<string, SharedOrigin>>(new Map());
  const [openError, setOpenError] = useState<string | null>(null);
  const [allowed, setAllowed] = useState<ReadonlySet<string>>(new Set());

  const refresh = useCallback(async () => {
    if (!opened) return;
    const ids = await opened.scratchIds();
    setGroups(await Promise.all(ids.map(async (id) => ({ id, files: await opened.scratch(id).workspace.list() }))));
  }, [opened]);

  useEffect(() => {
    if (!opened) return;
    void refresh();
    const unsubscribe = opened.subscribe((change) => {
      if (change.workspace.startsWith('scratch:')) void refresh();
    });
    return unsubscribe;
  }, [opened, refresh]);

  useEffect(() => {
    if (!opened) return;
    // A link taken is seen through even if this view re-mounts meanwhile: its files are stored either way.
    const take = async () => {
      const hash = takeShareLink();
      if (hash === null) return;
      const result = await openSharedLink(hash, (id) => opened.scratch(id).workspace);
      if (!result.ok) return setOpenError(result.error);
      const { id, payload, active, reopened } = result.opened;
      setOpenError(null);
      if (payload.settings) applySettings(payload.settings);
      setOrigins((before) => new Map(before).set(id, { origin: payload.origin ?? null, settings: payload.settings ?? null, reopened }));
      await refresh();
      show(sharedFileRef(id, active));
    };
    void take();
    return shareInbox.subscribe(() => void take());
  }, [opened, refresh, show, applySettings]);

  return {
    groups: groups ?? [],
    loaded: groups !== null,
    origins,
    openError,
    dismissError: () => setOpenError(null),
    refresh,
    gated: (id) => !allowed.has(id) && !(groups?.find((g) => g.id === id)?.files.some((f) => f.deployed !== null) ?? false),
    allowRun: (id) => setAllowed((before) => new Set(before).add(id)),
    async remove(id) {
      if (!opened) return;
      const scratch = opened.scratch(id).workspace;
      for (const file of await scratch.list()) await scratch.delete(file.name);
      await refresh();
    },
  };
}
