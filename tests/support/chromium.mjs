// Finds a Chromium for the end-to-end tests: $CHROMIUM_PATH, then Playwright's own installed browser, then Debian's.
import { existsSync } from 'node:fs';

export async function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return { path: fromEnv, source: 'CHROMIUM_PATH' };
    throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, but no file is there.`);
  }
  try {
    const { chromium } = await import('@playwright/test');
    const own = chromium.executablePath();
    if (own && existsSync(own)) return { path: own, source: "Playwright's installed browser" };
  } catch {
    // Playwright has no browser of its own installed: fall through to the system one.
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return { path: candidate, source: 'system' };
  }
  return null;
}

export const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the end-to-end tests. Any one of these fixes it:',
  '  - Debian/Ubuntu:  sudo apt-get install -y chromium',
  '  - Playwright:     npx playwright install chromium',
  '  - Your own build: CHROMIUM_PATH=/path/to/chrome npm test',
].join('\n');

/**
 * Features Playwright turns off (its chromiumSwitches list, Playwright 1.65). Chromium keeps only the last
 * `--disable-features` of a command line and Playwright passes its own before ours, so ours must name them again or
 * they would be turned back on. The browser-flags e2e spec reads the running browser's command line and fails if
 * Playwright's list has names this one lacks.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The address bar's suggestion popup, a WebUI page. A headless Chromium has no address bar to show it in, yet for about
 * half of the windows it opens (every test and benchmark sample is a new context, so a new window) it builds that page
 * in a renderer of its own: 350–690 ms of CPU there and ~100 ms more in the browser process (Chromium 156, traced),
 * on the same two cores as the page under test, at a moment nobody chooses. Turned off, the renderer never starts
 * (8 of 8 windows) and the browser process spends ~58 ms a window instead of 110–210. The playground's own work is
 * unchanged; what changes is the noise around it: paired demo runs 1,511–2,083 ms with the popup vs 1,430–1,534 without.
 */
export const OMNIBOX_POPUP_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...OMNIBOX_POPUP_FEATURES].join(',')}`,
];
