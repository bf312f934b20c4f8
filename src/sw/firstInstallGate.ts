/**
 * When a first visit's service worker may install. Installing downloads, checks and stores the whole build (~9 MB):
 * about a second of CPU on the service worker's thread and more in the browser. Started the moment the page had
 * loaded, it ran beside a person's first run — on a 2-core machine, beside both task workers warming up — and
 * slowed it. So the first install waits until the playground has settled: the workers' warm-up done and no run active
 * (app/boot.ts opens the gate), or FIRST_INSTALL_CAP_MS after load at the latest, so that a page kept busy (or one that
 * never booted) still works offline soon. A returning visit's update check (a controller exists) does not wait.
 */
export const FIRST_INSTALL_CAP_MS = 20_000;

let open!: () => void;
const opened = new Promise<void>((resolve) => (open = resolve));

export function openFirstInstallGate(): void {
  open();
}

/** Resolves once the gate is open, or after `capMs`. */
export function firstInstallGate(capMs = FIRST_INSTALL_CAP_MS): Promise<void> {
  return Promise.race([opened, new Promise<void>((resolve) => setTimeout(resolve, capMs))]);
}
