import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { builtInDagsPlugin } from './src/build/builtInDagsPlugin';
import { earlyScriptPlugin } from './src/build/earlyScriptPlugin';
import { serviceWorkerPlugin } from './src/build/serviceWorkerPlugin';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** src/app/earlyStorage.ts and the two modules it imports. */
const EARLY_MODULES = /[\\/]src[\\/](app[\\/]earlyStorage|runtime[\\/]storage[\\/](migrations|schema))\.ts$/;

/** danfojs' `require("mathjs")` gets the five functions it calls (src/pipelines/danfoMath.ts), not all of mathjs. */
const danfojsMath: Plugin = {
  name: 'danfojs-math',
  enforce: 'pre',
  resolveId(source, importer) {
    return source === 'mathjs' && importer?.includes('/node_modules/danfojs/') ? here('./src/pipelines/danfoMath.ts') : null;
  },
};

export default defineConfig({
  // Relative asset paths: the built site works from any sub-path of any static server.
  base: './',
  // The service worker (offline use) and the Content-Security-Policy meta of the built page: see src/build/.
  // The database is opened by a small script of its own while the entry downloads: src/app/earlyStorage.ts.
  // The built-in DAGs are checked here, once, rather than at every boot: src/build/builtInDagsPlugin.ts.
  plugins: [
    react(),
    builtInDagsPlugin({ checker: here('./src/pipelines/allDags.ts') }),
    earlyScriptPlugin({ entry: here('./src/app/earlyStorage.ts') }),
    serviceWorkerPlugin({ source: here('./src/sw/serviceWorker.ts') }),
  ],
  resolve: {
    alias: {
      // danfojs' browser bundle carries its own tfjs 3.x, plotly and xlsx. Its CommonJS build uses our one tfjs 4.x
      // (see the npm override); plotting and Excel IO are never used here, so those two resolve to an empty module.
      danfojs: here('./node_modules/danfojs/dist/danfojs-browser/src/index.js'),
      'plotly.js-dist-min': here('./src/pipelines/emptyModule.ts'),
      xlsx: here('./src/pipelines/emptyModule.ts'),
    },
  },
  // Task code (danfojs among it) is bundled for the workers, with the workers' own plugins.
  worker: { format: 'es', plugins: () => [danfojsMath] },
  optimizeDeps: {
    include: ['danfojs', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'idb', 'comlink'],
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Everything the entry imports statically goes into the entry chunk. Left to itself, rolldown split the modules the
    // entry shares with the lazy pages into 15 small chunks (0.1–6 kB): 16 requests instead of one, which on a
    // 6-connections-per-host HTTP/1.1 server took three round trips more before the entry could run.
    // The early script's modules (see earlyScriptPlugin) make a chunk of their own, taken first.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'early-storage', test: EARLY_MODULES, priority: 1 },
            { name: 'index', tags: ['$initial'] },
          ],
        },
      },
    },
  },
  preview: { port: 4173, strictPort: false },
  server: { port: 5173 },
});
