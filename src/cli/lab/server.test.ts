/**
 * The lab's server over real HTTP: what it serves, what it refuses (path
 * traversal in every spelling, symlinks out of the folder, dot-files, write
 * methods, foreign Host headers), the runs listing and the read-only SQLite
 * study reader. Requests go through node:http with the path sent as written
 * (fetch would normalise `..` away before sending).
 */
import { spawn } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryIo } from '../../../test/lab/memoryIo.js';
import { labCommand } from '../commands/lab.js';
import { startLabServer } from './server.js';

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, path: string, o: { method?: string; host?: string } = {}): Promise<Res> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: o.method ?? 'GET',
        headers: o.host ? { host: o.host } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

let dir: string;
let url: string;
let server: Server;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'optlab-lab-'));
  const assets = join(dir, 'assets');
  const runs = join(dir, 'runs');
  mkdirSync(join(assets, 'assets'), { recursive: true });
  writeFileSync(join(assets, 'index.html'), '<!doctype html><title>lab</title>');
  writeFileSync(join(assets, 'assets', 'app.js'), 'console.log(1)');
  mkdirSync(join(runs, 'exp', 'sub'), { recursive: true });
  writeFileSync(join(runs, 'exp', 'report.html'), '<p>report</p>');
  writeFileSync(join(runs, 'exp', 'results.json'), '{"ok":true}');
  writeFileSync(join(runs, 'exp', 'paths.png'), 'png');
  writeFileSync(join(runs, '.hidden'), 'hidden');
  writeFileSync(
    join(runs, 'tune.json'),
    JSON.stringify({
      best: { value: 1, params: { x: 1 } },
      trials: [{ params: { x: 1 }, value: 1 }],
    }),
  );
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  symlinkSync(dir, join(runs, 'up')); // a folder link leading out
  symlinkSync(join(dir, 'secret.txt'), join(runs, 'secret-link.txt')); // a file link leading out
  symlinkSync(join(runs, 'exp', 'results.json'), join(runs, 'inside-link.json')); // a link that stays inside
  // an SQLite study written by the library's own storage
  const { runTuneSpec } = await import('../../tune/run.js');
  await runTuneSpec(
    { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 6, seed: 1 },
    { storage: join(runs, 'study.sqlite'), study: 'b1' },
  );
  ({ server, url } = await startLabServer({ assets, runs, host: '127.0.0.1', port: 0 }));
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('lab server', () => {
  it('serves the page and the runs read-only, cross-origin isolated', async () => {
    const root = await get(url, '/');
    expect(root.status).toBe(200);
    expect(root.body).toContain('<title>lab</title>');
    expect(root.headers['content-type']).toMatch(/text\/html/);
    expect(root.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(root.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect((await get(url, '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    const rep = await get(url, '/runs/exp/report.html');
    expect(rep.status).toBe(200);
    expect(rep.body).toBe('<p>report</p>');
    expect((await get(url, '/runs/inside-link.json')).body).toBe('{"ok":true}');
    expect((await get(url, '/runs/exp/report.html', { method: 'HEAD' })).status).toBe(200);
  });

  it.each([
    '/runs/../secret.txt',
    '/runs/%2e%2e/secret.txt',
    '/runs/%2E%2E/secret.txt',
    '/runs/..%2fsecret.txt',
    '/runs/%2e%2e%2fsecret.txt',
    '/runs/exp/../../secret.txt',
    '/runs/exp/%2e%2e/%2e%2e/secret.txt',
    '/runs/..%5csecret.txt',
    '/runs/up/secret.txt',
    '/runs/secret-link.txt',
    '/runs/.hidden',
    '/runs/exp%00/report.html',
    '/runs/%',
    '/runs/exp',
    '/runs/',
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2f..%2fsecret.txt',
    '/api/study?path=..%2fsecret.txt',
    '/api/study?path=up%2Fsecret.txt',
    '/api/study?path=exp%2Freport.html',
    '/nothing-here',
  ])('refuses %s with 404 and shows nothing outside', async (path) => {
    const r = await get(url, path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('has no write endpoints: %s gives 405', async (m) => {
    const r = await get(url, '/runs/exp/report.html', { method: m });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, HEAD');
    expect(readFileSync(join(dir, 'runs', 'exp', 'report.html'), 'utf8')).toBe('<p>report</p>');
  });

  it('refuses a foreign Host header (DNS rebinding) and accepts localhost', async () => {
    const port = new URL(url).port;
    expect((await get(url, '/', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(url, '/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('lists the runs and the studies, JSON and SQLite', async () => {
    const r = JSON.parse((await get(url, '/api/runs')).body) as {
      runs: { path: string; report: boolean; figures: string[] }[];
      studies: { path: string; kind: string }[];
    };
    expect(r.runs.map((x) => x.path)).toEqual(['exp']);
    expect(r.runs[0]!.figures).toEqual(['paths.png']);
    expect(r.studies.map((s) => `${s.path}:${s.kind}`).sort()).toEqual([
      'study.sqlite:sqlite',
      'tune.json:json',
    ]);
  });

  it('reads an SQLite study read-only: its trials, the file unchanged', async () => {
    const f = join(dir, 'runs', 'study.sqlite');
    const before = readFileSync(f);
    const mtime = statSync(f).mtimeMs;
    const r = JSON.parse((await get(url, '/api/study?path=study.sqlite')).body) as {
      names: string[];
      name: string;
      direction: string;
      trials: { state: string; params: Record<string, number>; value: number }[];
    };
    expect(r.names).toEqual(['b1']);
    expect(r.direction).toBe('minimize');
    expect(r.trials).toHaveLength(6);
    expect(r.trials.every((t) => t.state === 'complete' && Number.isFinite(t.value))).toBe(true);
    // the values are branin's at the stored parameters
    const branin = ({ x1, x2 }: Record<string, number>) =>
      (x2! - (5.1 / (4 * Math.PI ** 2)) * x1! ** 2 + (5 / Math.PI) * x1! - 6) ** 2 +
      10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1!) +
      10;
    for (const t of r.trials) expect(t.value).toBeCloseTo(branin(t.params), 9);
    expect(readFileSync(f).equals(before)).toBe(true);
    expect(statSync(f).mtimeMs).toBe(mtime);
    expect((await get(url, '/api/study?path=study.sqlite&name=nope')).status).toBe(500);
  });
});

describe('optlab lab', () => {
  it('prints its URL, serves, warns for a non-loopback host, and stops when asked', async () => {
    const io = new MemoryIo();
    let stop!: () => void;
    const until = new Promise<void>((r) => {
      stop = r;
    });
    let served = '';
    const done = labCommand(
      {
        port: 0,
        host: '0.0.0.0',
        runs: join(dir, 'runs'),
        until,
        onListening: (u) => {
          served = u;
          stop();
        },
      },
      io,
    );
    await done;
    expect(io.stderr).toMatch(/warning: serving on 0\.0\.0\.0, not loopback/);
    expect(io.stdout).toMatch(/^optlab lab: http:\/\/0\.0\.0\.0:\d+\//);
    expect(served).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/$/);
    expect(io.stderr).toMatch(/stopped/);
  });

  it('as a process: listens on 127.0.0.1 and exits 0 on SIGINT', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./src/cli/main.ts').then(async (m) => { process.exitCode = await m.main(['lab', '--port', '0', '--runs', process.argv[1]]); })",
        join(dir, 'runs'),
      ],
      { cwd: join(import.meta.dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    const u = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c;
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', () => reject(new Error(`exited early: ${out} ${err}`)));
    });
    expect((await get(u, '/runs/exp/report.html')).body).toBe('<p>report</p>');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGINT');
    });
    expect(code).toBe(0);
    expect(err).toMatch(/stopped/);
  }, 30_000);
});
