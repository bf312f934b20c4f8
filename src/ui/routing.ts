import type { DagId, RunId, TaskId } from '../core/ids';
import type { PlaygroundState, PlaygroundStore } from '../store/playgroundStore';

type Route = Pick<PlaygroundState, 'view' | 'selectedDagId' | 'selectedRunId' | 'selectedTaskId'>;

/**
 * Deep links in the hash (`#/dags/ml_consumer/runs/<run>/tasks/train`, `#/datasets`, `#/notifications`): they work
 * from any sub-path of any static server, with no server-side routing.
 */
export function parseRoute(hash: string, known: readonly DagId[]): Partial<Route> {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'datasets') return { view: 'datasets' };
  if (parts[0] === 'notifications') return { view: 'notifications' };
  if (parts[0] === 'dags' && parts[1] && known.includes(parts[1] as DagId)) {
    const runId = parts[2] === 'runs' && parts[3] ? (parts[3] as RunId) : null;
    const taskId = runId && parts[4] === 'tasks' && parts[5] ? (parts[5] as TaskId) : null;
    return { view: 'dag', selectedDagId: parts[1] as DagId, selectedRunId: runId, selectedTaskId: taskId };
  }
  return {};
}

export function routeToHash(route: Route): string {
  if (route.view === 'datasets') return '#/datasets';
  if (route.view === 'notifications') return '#/notifications';
  let hash = `#/dags/${encodeURIComponent(route.selectedDagId)}`;
  if (route.selectedRunId) hash += `/runs/${encodeURIComponent(route.selectedRunId)}`;
  if (route.selectedRunId && route.selectedTaskId) hash += `/tasks/${encodeURIComponent(route.selectedTaskId)}`;
  return hash;
}

/** Keeps the URL and the store's selection in step, both ways. */
export function syncRouteWithLocation(store: PlaygroundStore): () => void {
  const known = () => store.getState().dags.map((d) => d.id);
  const apply = () => store.setState(parseRoute(window.location.hash, known()));
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
