import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

/**
 * The plainest static file server, as "any static server" behaves: files under `base` from `root`, `index.html` for a
 * directory, 404 for anything else. No SPA fallback, no redirects, no special headers (no CSP header either: the
 * built page's own meta policy is what holds). It records every path asked for, so a test can tell what went to
 * the network; it listens on a free port.
 */
export interface PlainStaticServer {
  readonly url: string;
  readonly requests: string[];
  /** Stops answering at once, open connections included: the network is really gone. */
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function startPlainStaticServer(rootDir: string, base = '/'): Promise<PlainStaticServer> {
  const root = resolve(rootDir);
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    requests.push(path);
    const relative = path.startsWith(base) ? decodeURIComponent(path.slice(base.length)) : null;
    let file = relative === null ? null : normalize(join(root, relative));
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${base}`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
