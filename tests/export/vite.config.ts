// Builds tests/export/browserReference.ts for Node (as src/export/cli/vite.config.ts builds the export CLI): the
// playground's own split, scaler, OLS and TensorFlow.js code, so the export check compares Python with the real thing.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('../..'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: here('./browserReference.ts'),
    outDir: here('../../node_modules/.cache/pipeline-playground-export-check'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'browser-reference.mjs' } },
  },
});
