import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { isUpdateRequested } from '../sw/updateStatus';
import './lazyPage.css';

/**
 * A page whose code loads when it is first opened, so the first page the playground shows does not pay for the
 * others (issue 16: a light entry chunk). While its chunk loads the page shows a skeleton of the page's shape (never
 * a blank); once loaded it renders at once, with no Suspense round at all, so a page preloaded in idle time (see
 * `preloadPagesWhenIdle`) or opened a second time never flashes its skeleton. A chunk that fails to load (offline
 * before the service worker cached it, a stale tab after a deploy) shows why, with a reload to try again: Chromium
 * remembers a failed module import for the life of the document, so importing it again in place would fail again.
 *
 * Usage, for any page (the editor too): `const EditorPage = lazyPage('editor', () => import('./x').then((m) => m.X))`.
 */
export interface LazyPage<P extends object> {
  (props: P): ReactNode;
  /** Starts loading the chunk (idempotent); resolves when it is there. */
  preload: () => Promise<void>;
  /** The name shown to a person while it loads ("Loading the model page…"). */
  pageName: string;
}

export interface LazyPageOptions {
  /**
   * Whether preloadPagesWhenIdle loads this page (default true). False for a page whose code is heavy to evaluate: an
   * `import()` evaluates the module in one task (the editor's CodeMirror: ~150 ms on a busy 2-core machine), a long
   * task that lands during whatever the person started meanwhile (a run). Such a page still loads ahead when its link
   * is hovered or focused, and shows its skeleton if opened before that.
   */
  readonly idlePreload?: boolean;
}

const pages: LazyPage<never>[] = [];

export function lazyPage<P extends object = Record<string, never>>(
  pageName: string,
  load: () => Promise<ComponentType<P>>,
  { idlePreload = true }: LazyPageOptions = {},
): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const fetchOnce = () => (pending ??= load().then((component) => (loaded = component)));
  const Suspending = lazy(() => fetchOnce().then((component) => ({ default: component })));

  const Page = ((props: P) => {
    // Decided once per mount: a page first shown through Suspense stays under it. Switching to the direct render when
    // the chunk arrives changed the tree above the page, so React mounted it anew on the next render of its parent and
    // its state was lost (a share link the editor had just opened lost its banner).
    // (A function given to useState is called as its initializer: the component goes in a closure.)
    const [LoadedAtMount] = useState(() => loaded);
    if (LoadedAtMount !== null) return <LoadedAtMount {...props} />;
    return (
      <PageLoadBoundary pageName={pageName}>
        <Suspense fallback={<PageSkeleton pageName={pageName} />}>
          <Suspending {...props} />
        </Suspense>
      </PageLoadBoundary>
    );
  }) as LazyPage<P>;
  Page.preload = () => fetchOnce().then(() => undefined);
  Page.pageName = pageName;
  if (idlePreload) pages.push(Page as LazyPage<never>);
  return Page;
}

/**
 * Loads every lazy page's chunk (but those made with `idlePreload: false`) once the browser is idle after the app is ready, one after the other so they never
 * compete with each other or with the first page for the network; a failure is left for the page to show when opened.
 */
export function preloadPagesWhenIdle(idle: (run: () => void) => void = whenIdle, stopped: () => boolean = isUpdateRequested): void {
  const queue = [...pages];
  const next = () => {
    // Once the person asked for a new version, the old service worker must go quiet to hand over (updateStatus.ts).
    if (stopped()) return;
    const page = queue.shift();
    if (page) idle(() => (stopped() ? undefined : void page.preload().catch(() => undefined).then(next)));
  };
  next();
}

/** The browser's next idle period (at most 2 s away), or 200 ms where it has no idle callbacks. */
export function whenIdle(run: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 2_000 });
  else setTimeout(run, 200);
}

/** The page's frame while its code loads: a heading bar and a few blocks, the shape most pages have. */
export function PageSkeleton({ pageName }: { pageName: string }) {
  return (
    <div className="page-skeleton" data-testid="page-loading" data-page={pageName} aria-busy="true">
      <p className="visually-hidden" role="status">
        Loading the {pageName} page…
      </p>
      <div className="page-skeleton-title" aria-hidden="true" />
      <div className="page-skeleton-line" aria-hidden="true" />
      <div className="page-skeleton-block" aria-hidden="true" />
      <div className="page-skeleton-block short" aria-hidden="true" />
    </div>
  );
}

interface BoundaryProps {
  pageName: string;
  children: ReactNode;
}

/** Shows a failed chunk load as a message with a reload, instead of unmounting the whole app. */
class PageLoadBoundary extends Component<BoundaryProps, { error: string | null }> {
  override state = { error: null as string | null };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="banner error" role="alert" data-testid="page-load-error">
        <p>
          The {this.props.pageName} page could not be loaded: <bdi>{shorten(this.state.error)}</bdi>
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
