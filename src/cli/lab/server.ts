/**
 * The lab's web server: a small static file server for the built page
 * (`dist/lab`) and, read-only, the files under the runs folder. GET and HEAD
 * only (anything else: 405); paths are checked by paths.ts (404 for anything
 * refused or outside); requests whose Host header is not this server's own
 * name are refused (403), so a page on another site cannot read the runs
 * through DNS rebinding. The page is served cross-origin isolated (COOP/COEP)
 * so its worker can share a pause/stop flag with it.
 *
 * Routes: `/` and the page's files; `/runs/<path>` files under the runs folder
 * (a folder gives 404: no listings); `/api/runs` the list of runs and study
 * files; `/api/study?path=<file>&name=<study>` a study of an SQLite file.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realRoot, resolveInside } from './paths.js';
import { readSqliteStudy, scanRuns } from './runs.js';

export interface LabServerOptions {
  /** Folder of the built page (dist/lab). */
  assets: string;
  /** Folder whose reports and studies are served read-only (may not exist). */
  runs: string;
  host: string;
  port: number;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.gz': 'application/gzip',
};

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
) {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sendJson(res: ServerResponse, value: unknown) {
  send(res, 200, JSON.stringify(value), TYPES['.json']);
}

function sendFile(res: ServerResponse, path: string, size: number, cache: string) {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': cache,
  });
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  const s = createReadStream(path);
  s.on('error', () => res.destroy());
  s.pipe(res);
}

/** Host names this server answers to: loopback names, plus the bound host. */
function allowedHosts(host: string, port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host];
  const out = new Set<string>();
  for (const n of names) {
    out.add(`${n}:${port}`.toLowerCase());
    if (port === 80) out.add(n.toLowerCase());
  }
  return out;
}

function handler(o: LabServerOptions, server: Server) {
  const assets = realRoot(o.assets);
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed: the lab is read-only\n', undefined, {
        Allow: 'GET, HEAD',
      });
      return;
    }
    const port = (server.address() as AddressInfo).port;
    const host = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts(o.host, port).has(host)) {
      send(res, 403, `forbidden: unknown Host ${JSON.stringify(host)}\n`);
      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    try {
      if (path === '/api/runs') {
        const root = realRoot(o.runs);
        sendJson(res, { folder: o.runs, ...(root ? scanRuns(root) : { runs: [], studies: [] }) });
        return;
      }
      if (path === '/api/study') {
        const root = realRoot(o.runs);
        const f = root ? resolveInside(root, query.get('path') ?? '') : null;
        if (!f || f.isDirectory || !/\.(sqlite|sqlite3|db)$/i.test(f.path)) {
          send(res, 404, 'not found\n');
          return;
        }
        const name = query.get('name');
        sendJson(res, readSqliteStudy(f.path, name ?? undefined));
        return;
      }
      if (path.startsWith('/runs/')) {
        const root = realRoot(o.runs);
        const f = root ? resolveInside(root, path.slice('/runs/'.length)) : null;
        if (!f || f.isDirectory) send(res, 404, 'not found\n');
        else sendFile(res, f.path, f.size, 'no-cache');
        return;
      }
      if (!assets) {
        send(res, 500, `the lab's page is not built (no ${o.assets}): run npm run build\n`);
        return;
      }
      const f = resolveInside(assets, path === '/' ? 'index.html' : path);
      if (!f || f.isDirectory) send(res, 404, 'not found\n');
      else
        sendFile(
          res,
          f.path,
          f.size,
          path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
    } catch (e) {
      send(res, 500, `error: ${(e as Error).message}\n`);
    }
  };
}

/** Starts the server; resolves once it listens (its URL in `url`). */
export async function startLabServer(
  o: LabServerOptions,
): Promise<{ server: Server; url: string }> {
  const server = createServer();
  server.on('request', handler(o, server));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = o.host.includes(':') ? `[${o.host}]` : o.host;
  return { server, url: `http://${shown}:${port}/` };
}

/** Where the built page is: dist/lab of this package (the same from src/ and dist/). */
export function labAssetsDir(): string {
  return join(fileURLToPath(new URL('../../../', import.meta.url)), 'dist', 'lab');
}
