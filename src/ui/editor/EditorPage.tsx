import { lazy, Suspense } from 'react';

/**
 * The editor view's entry in the main bundle: a few lines. CodeMirror, the workspace and the editor's views load as a
 * chunk of their own when the view is first opened, so the playground's first load does not pay for them.
 */
const EditorWorkbench = lazy(() => import('./EditorWorkbench'));

export function EditorPage() {
  return (
    <Suspense
      fallback={
        <p className="muted hint" role="status" data-testid="editor-loading">
          Loading the editor…
        </p>
      }
    >
      <EditorWorkbench />
    </Suspense>
  );
}
