import * as v from 'valibot';
import type { DagId, DatasetId, RunId, TaskId } from '../core/ids';
import { DAG_TABS, type DagTab, type PlaygroundState, type PlaygroundStore } from '../store/playgroundStore';

type Route = Pick<
  PlaygroundState,
  'view' | 'selectedDagId' | 'selectedRunId' | 'selectedTaskId' | 'dagTab' | 'selectedDatasetId' | 'selectedModelId' | 'editorFile'
>;

/** A view named in a hand-editable link: one of the DAG tabs, or nothing. */
const dagTabSchema = v.picklist(DAG_TABS);
const isDagTab = (value: string | undefined): value is DagTab => v.is(dagTabSchema, value);

/**
 * Deep links in the hash, one per view: `#/dags` (all DAGs), `#/dags/ml_consumer/grid/runs/<run>/tasks/train` (one
 * DAG; the view segment is left out for the graph), `#/assets/built_features`, `#/model/<model id>`, `#/settings`,
 * `#/notifications`, `#/editor/<file name>`, `#/lessons`. Hash routes work from any sub-path of any static server, with no server-side routing. The
 * store's view keeps its old name, `datasets` (Airflow 2's word); links say `assets`, as Airflow 3 does.
 */

/**
 * Where an old link now lives: `#/datasets…` (the route before Airflow 3's assets) → `#/assets…`, the rest of the
 * hash kept as it is; null for a hash that is already current.
 */
export function currentHash(hash: string): string | null {
  const match = /^#\/?datasets(?=$|[/?#])/.exec(hash);
  return match ? `#/assets${hash.slice(match[0].length)}` : null;
}

function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string, known: readonly DagId[]): Partial<Route> {
  const decoded = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  // A hand-edited link with a broken %-escape opens nothing rather than throwing in the hashchange handler.
  if (decoded.some((part) => part === null)) return {};
  const parts = decoded as string[];
  switch (parts[0]) {
    case 'assets':
    case 'datasets':
      return { view: 'datasets', selectedDatasetId: (parts[1] ?? null) as DatasetId | null };
    case 'model':
      return { view: 'model', selectedModelId: parts[1] ?? null };
    case 'notifications':
      return { view: 'notifications' };
    case 'editor':
      // A file of a share link's scratch workspace: `#/editor/shared/<id>/<name>` (own file names never hold a '/').
      if (parts[1] === 'shared' && parts.length === 4) return { view: 'editor', editorFile: parts.slice(1).join('/') };
      return { view: 'editor', editorFile: parts[1] ?? null };
    case 'share':
      // The link's payload is handed over before routing (see syncRouteWithLocation); the editor shows what it holds
      // once it is opened. Until then (or when it is refused) the file already open stays open.
      return { view: 'editor' };
    case 'settings':
      return { view: 'settings' };
    case 'lessons':
      return { view: 'lessons' };
    case 'dags': {
      if (parts.length === 1) return { view: 'dags' };
      if (!parts[1] || !known.includes(parts[1] as DagId)) return {};
      const rest = parts.slice(2);
      const first = rest[0];
      const dagTab: DagTab = isDagTab(first) ? first : 'graph';
      if (isDagTab(first)) rest.shift();
      const runId = rest[0] === 'runs' && rest[1] ? (rest[1] as RunId) : null;
      const taskId = runId && rest[2] === 'tasks' && rest[3] ? (rest[3] as TaskId) : null;
      return { view: 'dag', selectedDagId: parts[1] as DagId, dagTab, selectedRunId: runId, selectedTaskId: taskId };
    }
    default:
      return {};
  }
}

export function routeToHash(route: Route): string {
  switch (route.view) {
    case 'dags':
    case 'notifications':
    case 'settings':
    case 'lessons':
      return `#/${route.view}`;
    case 'datasets':
      return route.selectedDatasetId ? `#/assets/${encodeURIComponent(route.selectedDatasetId)}` : '#/assets';
    case 'model':
      return route.selectedModelId ? `#/model/${encodeURIComponent(route.selectedModelId)}` : '#/model';
    case 'editor':
      return route.editorFile ? `#/editor/${route.editorFile.split('/').map(encodeURIComponent).join('/')}` : '#/editor';
    case 'dag': {
      let hash = `#/dags/${encodeURIComponent(route.selectedDagId)}`;
      if (route.dagTab !== 'graph') hash += `/${route.dagTab}`;
      if (route.selectedRunId) hash += `/runs/${encodeURIComponent(route.selectedRunId)}`;
      if (route.selectedRunId && route.selectedTaskId) hash += `/tasks/${encodeURIComponent(route.selectedTaskId)}`;
      return hash;
    }
  }
}

/** Whether a hash is a share link's (`#/share/<payload>`). */
export const isShareHash = (hash: string) => /^#\/?share(\/|$)/.test(hash);

/**
 * Keeps the URL and the store's selection in step, both ways. A share link's hash is handed to `onShareLink` before
 * the route replaces it (`#/editor/…`): a reload then opens the editor, it does not import the link again.
 */
export function syncRouteWithLocation(store: PlaygroundStore, onShareLink?: (hash: string) => void): () => void {
  const known = () => store.getState().dags.map((d) => d.id);
  const apply = () => {
    if (isShareHash(window.location.hash)) {
      onShareLink?.(window.location.hash);
      // Whatever the payload holds (even a broken %-escape), the editor is where it is opened or refused.
      store.setState({ view: 'editor' });
      return;
    }
    // An old link is rewritten in place (replaceState: Back does not return to the address that redirected).
    const moved = currentHash(window.location.hash);
    if (moved !== null) window.history.replaceState(null, '', moved);
    store.setState(parseRoute(window.location.hash, known()));
  };
  apply();
  window.addEventListener('hashchange', apply);
  const unsubscribe = store.subscribe((state) => {
    const hash = routeToHash(state);
    if (hash !== window.location.hash) window.history.replaceState(null, '', hash);
  });
  return () => {
    window.removeEventListener('hashchange', apply);
    unsubscribe();
  };
}
