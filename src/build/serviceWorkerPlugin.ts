// A Vite plugin that writes dist/sw.js once the build is on disk: the service worker (src/sw/serviceWorker.ts,
// compiled alone) with the manifest of every file the build wrote, app and worker chunks, wasm binaries and the files
// copied from public/ alike. Built from the output directory rather than from the bundle because worker chunks and
// public files reach the disk by other routes than the main bundle.
// Hand-written rather than vite-plugin-pwa/workbox: ~100 lines we control, no runtime library in the page or the
// service worker, nothing for a strict CSP to allow, and no dependency on a plugin's support for Vite 8.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transformWithOxc, type Plugin, type ResolvedConfig } from 'vite';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy';
import { precacheManifest, SERVICE_WORKER_FILE, serviceWorkerScript } from './precacheManifest';

export function serviceWorkerPlugin(options: { source: string }): Plugin {
  let config: ResolvedConfig;
  let buildFailed = false;
  return {
    name: 'pipeline-playground:service-worker',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    // The policy goes into the built page only: the dev server's hot reload needs an inline script.
    // Right after the charset, before any script or stylesheet, so that the policy covers all of them.
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        const charset = /<meta charset="[^"]*"\s*\/?>/i;
        if (!charset.test(html)) throw new Error('index.html needs a <meta charset> for the CSP meta to follow.');
        return html.replace(charset, (tag) => `${tag}\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
      },
    },
    buildEnd(error) {
      buildFailed = error !== undefined;
    },
    async closeBundle() {
      // A failed build wrote nothing to list; its own error is the one to show.
      if (buildFailed) return;
      const outDir = resolve(config.root, config.build.outDir);
      const compiled = await transformWithOxc(readFileSync(options.source, 'utf8'), options.source, { lang: 'ts' });
      // A type-only import leaves an empty `export {};` behind, which a classic script cannot have.
      const code = compiled.code.replace(/^export \{\};?\s*$/m, '');
      if (/^\s*(import|export)\b/m.test(code)) {
        throw new Error(`${options.source} must compile to a classic script (no runtime imports or exports).`);
      }
      const manifest = precacheManifest(outDir);
      writeFileSync(join(outDir, SERVICE_WORKER_FILE), serviceWorkerScript(manifest, code));
      const bytes = manifest.entries.reduce((sum, e) => sum + e.bytes, 0);
      config.logger.info(`service worker: ${manifest.entries.length} files (${(bytes / 1e6).toFixed(1)} MB) precached, version ${manifest.version}`);
    },
  };
}
