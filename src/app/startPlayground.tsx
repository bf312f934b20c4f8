import { lazy, StrictMode, Suspense } from 'react';
import type { Root } from 'react-dom/client';
import type { EmbedParams } from '../embed/embedParams';
import { ALL_DAGS } from '../pipelines/allDags';
import { HOUSING_DAGS } from '../pipelines/housing/dags';
import { HOUSING_DATASETS } from '../pipelines/housing/datasets';
import { provideCurrentUserSettings } from '../runtime/settings/userSettings';
import { probeStorageKeeping, type ProbedStorage } from '../runtime/storage/database';
import { APP_SCOPE, embedStorageScope } from '../runtime/storageScope';
import { measureStage, timedStage } from '../runtime/stageMarks';
import { startTabSession } from '../runtime/tabs/session';
import { createPlaygroundStore } from '../store/playgroundStore';
import { createSettingsStore } from '../store/settingsStore';
import { App } from '../ui/App';
import { preloadPagesWhenIdle } from '../ui/lazyPage';
import { PAGE_OF_VIEW } from '../ui/pages';
import { PlaygroundContext } from '../ui/PlaygroundContext';
import { SettingsContext } from '../ui/settings/SettingsContext';
import { syncRouteWithLocation } from '../ui/routing';
import { receiveShareLink } from '../ui/share/shareInbox';
import { runAutorunOnce } from './autorun';
import { idleWithoutRun } from './idleWithoutRun';
import { bootPlayground, type BootSettings, type BootedPlayground } from './boot';
import { takeEarlyDatabase } from './earlyStorage';
import { pageClient } from './pageClient';
import { renderAfterBoot } from './renderAfterBoot';
import { runLogLoader } from './runLogLoader';
import { storeTabView } from './storeTabView';

const EmbedApp = lazy(() => import('../ui/embed/EmbedApp'));

/** localStorage, or null where the browser refuses it (some privacy modes throw on access). */
function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * Starts the playground in this page: the full app, or (`embed` given) a minimal embedded frame whose storage scope
 * — database, tab channel, scheduler lock, settings — is its own (runtime/storageScope.ts).
 */
export function startPlayground(root: Root, embed: EmbedParams | null): void {
  const scope = embed ? embedStorageScope(embed.id) : APP_SCOPE;
  const store = createPlaygroundStore(ALL_DAGS, HOUSING_DATASETS);
  // An embed has no routes: its hash is the shared pipeline it shows (or nothing).
  // A share link (`#/share/…`) is handed to the editor, which opens it into a scratch workspace; nothing runs on load.
  if (!embed) syncRouteWithLocation(store, receiveShareLink);

  // Settings: stored in this browser, overridden for this page load by the URL (?seed, backend, speed, pool, fault,
  // autorun), changed in the Settings page. Tabs of the playground follow each other's changes.
  const settings = createSettingsStore({
    // An embed takes its settings from its URL only: what a docs page sets must not change the visitor's own playground.
    storage: scope.storesSettings ? localStorageOrNull() : null,
    search: window.location.search,
    hardwareConcurrency: navigator.hardwareConcurrency,
    // Fault task ids and the autorun DAG are checked against the DAGs scheduled once the page is up (imported DAGs
    // are known only then): see SettingsBanner and runAutorunOnce.
    defaultAutorun: HOUSING_DAGS.find((d) => d.schedule.type === 'manual')?.id,
  });
  provideCurrentUserSettings(() => settings.store.getState().effective);
  if (scope.storesSettings) settings.followOtherTabs(window);
  const bootSettings: BootSettings = {
    current: () => settings.store.getState().effective,
    urlFaults: () => settings.store.getState().urlFaults,
    baseUrl: document.baseURI,
    claimArmedFailure: (dagId, taskId) => settings.claimArmedFailure(dagId, taskId),
    subscribe: (listener) =>
      settings.store.subscribe((state, previous) => {
        if (state.effective !== previous.effective) listener(state.effective);
      }),
    clearStored: () => settings.clearStored(),
    changer: settings,
  };

  /** Set once this tab schedules (it holds the scheduler lock); null while it mirrors the tab that does. */
  let booted: BootedPlayground | null = null;
  /**
   * Whether IndexedDB opens in this page, known before the tab election (a tab keeping its data in memory leads alone),
   * with the probe's connection: the boot uses it if this tab schedules; a tab that mirrors another closes it at once
   * (an idle connection would hold up another tab's reset or upgrade).
   */
  let probed: ProbedStorage | undefined;
  /** The probe's connection, once: a later boot (this tab leading after it mirrored another) opens its own. */
  const takeProbe = () => {
    const taken = probed;
    if (probed) probed = { ...probed, db: null, created: false };
    return taken;
  };
  const reload = () => window.location.reload();
  const storeView = storeTabView(store);
  const tab = startTabSession({
    view: {
      ...storeView,
      update(status) {
        if (status.tabRole === 'follower') takeProbe()?.db?.close();
        storeView.update(status);
      },
    },
    soloCheck: async () => {
      probed = await timedStage('boot:probe-storage', () => probeStorageKeeping(scope.dbName, takeEarlyDatabase(scope.dbName)));
      return probed.mode.kind === 'memory' ? 'IndexedDB is unavailable in this page, so its data is kept in memory' : null;
    },
    boot: async () => {
      const storage = takeProbe();
      return (booted = await timedStage('boot:total', () =>
        bootPlayground(store, {
          settings: bootSettings,
          scope,
          ...(storage ? { storageMode: storage.mode } : {}),
          ...(storage?.db ? { connection: storage.db, firstVisit: storage.created } : {}),
          onResetStatus: (resetStatus) => store.setState({ resetStatus }),
          reloadAllTabs: () => {
            tab.announceReload();
            reload();
          },
        }),
      ));
    },
    locks: typeof navigator.locks?.request === 'function' ? navigator.locks : undefined,
    lockName: scope.schedulerLock,
    openChannel: typeof BroadcastChannel === 'function' ? () => new BroadcastChannel(scope.tabChannel) : undefined,
    onReload: reload,
  });
  // A page kept in the back/forward cache may come back: only a page that really goes says bye.
  window.addEventListener('pagehide', (event) => event.persisted || tab.close());

  // Every command of the page goes through one client, whichever tab schedules; the controls are disabled until the
  // store says `ready`.
  const client = pageClient(tab.client, store, settings);
  // Nothing runs on load in an embed: its code may be a stranger's, and a docs page with three embeds would start three.
  if (!embed) runAutorunOnce(store, settings, client);

  // The other pages' code, fetched once the first one is up, no run is going and the browser is idle (a click then
  // shows no skeleton).
  // An embed shows one page: it fetches nothing more.
  const stopWaitingForReady = store.subscribe((state) => {
    if (state.status !== 'ready') return;
    stopWaitingForReady();
    measureStage('boot:navigation-to-ready', 0);
    if (!embed) preloadPagesWhenIdle(idleWithoutRun(store));
  });

  const render = () =>
    root.render(
      <StrictMode>
        <PlaygroundContext.Provider value={{ store, client, loadRunLogs: runLogLoader(client, store, tab.ready), database: () => booted?.database ?? null, scope }}>
          <SettingsContext.Provider value={{ settings }}>
            {embed ? (
              <Suspense fallback={null}>
                <EmbedApp params={embed} />
              </Suspense>
            ) : (
              <App />
            )}
          </SettingsContext.Provider>
        </PlaygroundContext.Provider>
      </StrictMode>,
    );
  if (embed) render();
  else {
    // The first view's code loads meanwhile, as it would have on its first render.
    void PAGE_OF_VIEW[store.getState().view].preload().catch(() => undefined);
    renderAfterBoot(store, render);
  }
}
