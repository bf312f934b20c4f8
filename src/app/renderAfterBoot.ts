import type { PlaygroundStore } from '../store/playgroundStore';

/**
 * The longest the first render waits for the boot (ms). The page is blank until the entry has run anyway; the boot
 * that follows is mostly IndexedDB round trips (~20–60 ms on a first visit here). Rendered first, the first view's
 * render, style and layout (50–250 ms on this 2-core machine) ran before the boot's steps could, and `ready` came that
 * much later; rendered after, the first frame already shows the page ready (and no `starting…` flashes by). A boot
 * that takes longer (a database upgrade waiting for another tab, a slow disk) does not keep the page blank: it renders
 * at this bound, `starting…`, as before.
 */
export const FIRST_RENDER_WAIT_MS = 150;

/** Calls `render` once: when the store leaves `booting` (ready or failed), or after `waitMs`, whichever is first. */
export function renderAfterBoot(
  store: Pick<PlaygroundStore, 'getState' | 'subscribe'>,
  render: () => void,
  waitMs: number = FIRST_RENDER_WAIT_MS,
): void {
  let rendered = false;
  const once = () => {
    if (rendered) return;
    rendered = true;
    stopWaiting();
    clearTimeout(timer);
    render();
  };
  const timer = setTimeout(once, waitMs);
  const stopWaiting = store.subscribe((state) => {
    if (state.status !== 'booting') once();
  });
  if (store.getState().status !== 'booting') once();
}
