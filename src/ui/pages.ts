import { lazyPage } from './lazyPage';

// Every page but the first one (the DAG list) loads when opened, or when the browser is idle after the app is ready
// (preloadPagesWhenIdle). The first page and the header are in the entry chunk; see lazyPage.tsx.
export const DagView = lazyPage('DAG', () => import('./dags/DagView').then((m) => m.DagView));
export const DatasetsView = lazyPage('datasets', () => import('./datasets/DatasetsView').then((m) => m.DatasetsView));
export const ModelPage = lazyPage('model', () => import('./model/ModelPage').then((m) => m.ModelPage));
export const NotificationLog = lazyPage('notifications', () => import('./notifications/NotificationLog').then((m) => m.NotificationLog));
export const SettingsPage = lazyPage('settings', () => import('./settings/SettingsPage').then((m) => m.SettingsPage));
