// Builds the export CLI (exportAirflow.ts) for Node: `npm run export:airflow` runs this build, then the result.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('../../..'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: here('./exportAirflow.ts'),
    outDir: here('../../../node_modules/.cache/pipeline-playground-export'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'export-airflow.mjs' } },
  },
});
