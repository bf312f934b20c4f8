// Stops `npm test` early, with instructions, when there is no Chromium to run the end-to-end tests in.
import { findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';

try {
  const found = await findChromium();
  if (!found) {
    console.error(HOW_TO_GET_CHROMIUM);
    process.exit(1);
  }
  console.log(`End-to-end tests use Chromium at ${found.path} (${found.source}).`);
} catch (error) {
  console.error(String(error instanceof Error ? error.message : error));
  process.exit(1);
}
