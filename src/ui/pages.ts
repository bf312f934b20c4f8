import type { View } from '../store/playgroundStore';
import { lazyPage, type LazyPage } from './lazyPage';

// Every page's own code loads when it is opened, or when the browser is idle after the app is ready
// (preloadPagesWhenIdle); the header and the DAG list beside every page are in the entry chunk. See lazyPage.tsx.
export const DagsPage = lazyPage('DAGs', () => import('./dags/DagsPage').then((m) => m.DagsPage));
export const DagView = lazyPage('DAG', () => import('./dags/DagView').then((m) => m.DagView));
export const DatasetsView = lazyPage('assets', () => import('./datasets/DatasetsView').then((m) => m.DatasetsView));
export const ModelPage = lazyPage('model', () => import('./model/ModelPage').then((m) => m.ModelPage));
export const NotificationLog = lazyPage('notifications', () => import('./notifications/NotificationLog').then((m) => m.NotificationLog));
export const SettingsPage = lazyPage('settings', () => import('./settings/SettingsPage').then((m) => m.SettingsPage));
// Not in idle time: evaluating CodeMirror is one long task (see LazyPageOptions); it loads when its link is pointed at.
export const EditorPage = lazyPage('editor', () => import('./editor/EditorWorkbench').then((m) => m.default), { idlePreload: false });
export const LessonsPage = lazyPage('lessons', () => import('./lessons/LessonsGallery').then((m) => m.default));

/** The page each view shows (App's MainView), e.g. to start loading the first view's code before it renders. */
export const PAGE_OF_VIEW: Readonly<Record<View, LazyPage<Record<string, never>>>> = {
  dags: DagsPage,
  dag: DagView,
  datasets: DatasetsView,
  model: ModelPage,
  notifications: NotificationLog,
  settings: SettingsPage,
  editor: EditorPage,
  lessons: LessonsPage,
};
