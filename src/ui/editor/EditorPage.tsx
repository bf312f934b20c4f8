import { lazyView } from '../lazyView';

/**
 * The editor view's entry in the main bundle: a few lines. CodeMirror, the workspace and the editor's views load as a
 * chunk of their own when the view is first opened.
 */
export const EditorPage = lazyView(() => import('./EditorWorkbench'), 'Loading the editor…', 'editor-loading');
