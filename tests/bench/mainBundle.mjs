// What the main thread loads from the built site: the entry script of index.html and every chunk it imports
// statically (transitively). Worker chunks and lazily imported ones are not in it.
import { readFileSync } from 'node:fs';
import { join, dirname, posix } from 'node:path';

export function mainThreadChunks(distDir) {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set();
  const queue = [...entries, ...preloads];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(distDir, file), 'utf8');
    // Static imports only: `import ... from "./x.js"` and `import "./x.js"`; not `import("./x.js")`.
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{},\s]+from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(posix.normalize(posix.join(dirname(file), m[1])));
    }
  }
  return [...seen];
}
