import type { TabView } from '../runtime/tabs/session';
import { applyNotice, applySnapshot } from '../store/applyNotice';
import type { PlaygroundStore } from '../store/playgroundStore';

/** The tab session's view of the page: its status and what it mirrors go to the store. */
export function storeTabView(store: PlaygroundStore): TabView {
  return {
    update: (status) => store.setState(status),
    applySnapshot: (snapshot) => applySnapshot(store, snapshot),
    applyNotice: (notice) => applyNotice(store, notice),
  };
}
