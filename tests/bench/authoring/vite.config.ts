// Builds the authoring bench page (tests/bench/authoring → tests/bench/authoring/dist), never part of the site. It
// carries the site's Content-Security-Policy like the built site does (and tests/support/serve.mjs sends it as a
// header too), so what runs here runs under the same policy: the DAG-file worker, the task worker, QuickJS's wasm.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../../../src/build/contentSecurityPolicy';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const csp: Plugin = {
  name: 'authoring-bench-csp',
  transformIndexHtml: (html) => html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
};

export default defineConfig({
  root: here('./'),
  base: './',
  publicDir: false,
  plugins: [csp],
  worker: { format: 'es' },
  build: { outDir: here('./dist'), emptyOutDir: true, target: 'es2022' },
});
