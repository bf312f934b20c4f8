// A Vite plugin that loads the chunk holding one module of the app from index.html by an `async` module script ahead
// of the entry: it runs as soon as it arrives, while the (much larger) entry is still downloading, and the entry
// imports the same chunk (one module instance per page). Used for src/app/earlyStorage.ts, which starts opening
// IndexedDB. The chunk is made by a code-splitting group (vite.config.ts) and must import nothing, or it would wait
// for the entry's chunk after all.
import type { Plugin } from 'vite';

export interface EarlyScriptOptions {
  /** The module's absolute path. */
  readonly entry: string;
}

export function earlyScriptPlugin({ entry }: EarlyScriptOptions): Plugin {
  return {
    name: 'pipeline-playground:early-script',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const chunk = Object.values(context.bundle ?? {}).find((file) => file.type === 'chunk' && file.moduleIds.includes(entry));
        if (!chunk || chunk.type !== 'chunk') throw new Error(`No chunk was built for ${entry}.`);
        if (chunk.imports.length > 0) throw new Error(`${chunk.fileName} imports ${chunk.imports.join(', ')}: an early script must stand alone.`);
        const entryScript = /<script type="module"[^>]*\bsrc="[^"]+"[^>]*><\/script>/;
        if (!entryScript.test(html)) throw new Error('index.html has no module script for the early script to go before.');
        // Base './': the path is relative to the page, as Vite writes the entry's.
        const tag = `<script type="module" async crossorigin src="./${chunk.fileName}"></script>`;
        return html.replace(entryScript, (script) => `${tag}\n    ${script}`);
      },
    },
  };
}
