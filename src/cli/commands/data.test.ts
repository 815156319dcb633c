import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';

describe('optlab data', () => {
  it('info shows the built-in digits', async () => {
    const r = await cli(['data', 'info', 'mnist']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/train\s+8000\s+784\s+10/);
    expect(r.stdout).toMatch(/test\s+2000\s+784\s+10/);
  });

  it('info on a missing folder says what is wrong and how to get the data', async () => {
    const r = await cli(['data', 'info', '/nonexistent/idx']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/optlab data fetch/);
  });

  it('fetch refuses a file whose checksum is wrong and keeps nothing (local server)', async () => {
    // a local mirror that serves the wrong bytes for every file
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-length': '4' });
      res.end(Buffer.from([0, 0, 8, 1]));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'optlab-fetch-'));
    try {
      const r = await cli([
        'data',
        'fetch',
        'mnist',
        '--dir',
        dir,
        '--base-url',
        `http://127.0.0.1:${port}/`,
      ]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/checksum/i);
      expect(
        readdirSync(dir).filter((f) => !existsSync(join(dir, f)) || f.endsWith('.gz')),
      ).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('an unknown dataset name is a usage error', async () => {
    const r = await cli(['data', 'fetch', 'cifar', '--dir', tmpdir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown dataset 'cifar'/);
  });
});
