import type { StorageScope } from '../../runtime/storageScope';
import { openEditorWorkspace } from '../editor/editorWorkspace';

/**
 * After "Try it" deployed a lesson as shipped, the person's copy of it in the workspace (if any) records that this
 * text is what runs now, so the editor's "draft differs from what is running" stays true. Best effort: the trial does
 * not depend on it.
 */
export async function markLessonDeployed(scope: StorageScope, fileName: string, text: string): Promise<void> {
  try {
    const { workspace } = await openEditorWorkspace(scope);
    if (await workspace.get(fileName)) await workspace.markDeployed(fileName, text);
  } catch {
    // The workspace could not be opened (storage refused): the editor says so itself when it opens.
  }
}
