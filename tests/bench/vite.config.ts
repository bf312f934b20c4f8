// Builds the orchestration bench page (tests/bench/page) to tests/bench/dist. Not part of the shipped site: no
// React, no pipelines, no tfjs — only the runtime and a worker of no-op tasks. `npm run bench` builds it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./page'),
  base: './',
  publicDir: false,
  worker: { format: 'es' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
