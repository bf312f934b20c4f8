// A small static file server for the built site (dist/): `npm start` uses it, and so do the end-to-end tests.
// Usage: node tests/support/serve.mjs <dir> [--port N] [--strict-port] [--base /sub/path/] [--no-csp] [--gzip]
// Every response carries the Content-Security-Policy of the built page's <meta http-equiv> as a header too: a meta
// policy governs the page only, while a worker takes its policy from its script's response (src/build/
// contentSecurityPolicy.ts). --no-csp leaves the header out (the meta still applies to the page).
// With --gzip, text and wasm go out gzip-compressed to a browser that accepts it, as any static host sends them: the
// benches (tests/bench/firstLoad.mjs) measure over an emulated network, where the bytes on the wire are what count.
// The e2e tests serve plain bytes, as the plain static server of the offline and sub-path specs does.
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const root = resolve(args[0] ?? 'dist');
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const port = Number(option('--port', process.env.PORT ?? '4173'));
const base = option('--base', '/').replace(/\/?$/, '/');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSED = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.csv', '.svg', '.txt']);
/**
 * file → {mtimeMs, body: Promise<Buffer>}: each file compressed once, off the event loop (zlib's thread pool), and
 * again only if it changed on disk.
 */
const gzipped = new Map();
const gzipAsync = promisify(gzip);
function gzipOf(file) {
  const { mtimeMs } = statSync(file);
  const cached = gzipped.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.body;
  const body = gzipAsync(readFileSync(file), { level: 6 });
  gzipped.set(file, { mtimeMs, body });
  return body;
}

if (!existsSync(join(root, 'index.html'))) {
  console.error(`No built site in ${root}: run \`npm run build\` first.`);
  process.exit(1);
}

/** The policy the built page declares in its meta tag, or null (a page without one, such as the bench page). */
function declaredPolicy(indexHtml) {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(indexHtml);
  return meta ? meta[1].replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&') : null;
}
const compress = args.includes('--gzip');
const policy = args.includes('--no-csp') ? null : declaredPolicy(readFileSync(join(root, 'index.html'), 'utf8'));

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(base)) {
    response.writeHead(302, { location: base });
    response.end();
    return;
  }
  const relative = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
  const file = normalize(join(root, relative));
  if (!file.startsWith(root)) {
    response.writeHead(403);
    response.end('Forbidden');
    return;
  }
  const target = existsSync(file) && statSync(file).isFile() ? file : null;
  if (!target) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found');
    return;
  }
  const headers = {
    'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
    'cache-control': relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    vary: 'accept-encoding',
    ...(policy ? { 'content-security-policy': policy } : {}),
  };
  if (compress && COMPRESSED.has(extname(target)) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    gzipOf(target).then(
      (body) => {
        response.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`Could not compress ${relative}: ${error.message}`);
      },
    );
    return;
  }
  response.writeHead(200, headers);
  createReadStream(target).pipe(response);
});

// If the port is taken (another playground, another dev server), try the next few instead of failing.
let attempt = 0;
server.on('error', (error) => {
  if (error.code === 'EADDRINUSE' && !process.argv.includes('--strict-port') && attempt < 10) {
    attempt++;
    server.listen(port + attempt, '127.0.0.1');
    return;
  }
  console.error(`Could not serve ${root}: ${error.message}`);
  process.exit(1);
});
/** Compresses the site's files one after the other after start, so a request rarely waits for its gzip. */
function warmGzip() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (COMPRESSED.has(extname(entry.name))) files.push(path);
    }
  };
  walk(root);
  const next = () => {
    const file = files.shift();
    if (file !== undefined) gzipOf(file).then(next, next);
  };
  next();
}

server.on('listening', () => {
  if (compress) warmGzip();
  console.log(`Pipeline Playground is running at http://localhost:${server.address().port}${base}`);
  console.log('Press Ctrl+C to stop.');
});
server.listen(port, '127.0.0.1');
