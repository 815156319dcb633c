import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isAtomicTempName,
  makeDir,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
  writeJsonAtomic,
  writeJsonAtomicSync,
} from './fs.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'optlab-fs-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes, overwrites and leaves only the target in the directory', async () => {
    const p = join(dir, 'a.txt');
    await writeFileAtomic(p, 'first');
    expect(readFileSync(p, 'utf8')).toBe('first');
    await writeFileAtomic(p, new Uint8Array([104, 105]));
    expect(readFileSync(p, 'utf8')).toBe('hi');
    await writeFileAtomic(p, ['a', new Uint8Array([98]), 'c']);
    expect(readFileSync(p, 'utf8')).toBe('abc');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the old file and removes the temp file when the data source throws midway', async () => {
    const p = join(dir, 'state.json');
    writeFileSync(p, 'OLD COMPLETE CONTENT');
    async function* failing() {
      yield 'NEW PARTIAL ';
      yield 'CONTENT ';
      throw new Error('serialiser crashed');
    }
    await expect(writeFileAtomic(p, failing())).rejects.toThrow('serialiser crashed');
    expect(readFileSync(p, 'utf8')).toBe('OLD COMPLETE CONTENT');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('cleans up when the rename fails (target is a directory)', async () => {
    const p = join(dir, 'taken');
    mkdirSync(p);
    await expect(writeFileAtomic(p, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('creates the parent directory only when asked', async () => {
    const p = join(dir, 'sub', 'deep', 'f.txt');
    await expect(writeFileAtomic(p, 'x')).rejects.toThrow(/ENOENT/);
    await writeFileAtomic(p, 'x', { mkdir: true });
    expect(readFileSync(p, 'utf8')).toBe('x');
  });

  it('concurrent writers to one path end with one complete version', async () => {
    const p = join(dir, 'c.txt');
    const versions = Array.from({ length: 8 }, (_, i) => String(i).repeat(100_000));
    await Promise.all(versions.map((v) => writeFileAtomic(p, v)));
    expect(versions).toContain(readFileSync(p, 'utf8'));
    expect(readdirSync(dir)).toEqual(['c.txt']);
  });

  it('never exposes a torn file when the writing process is killed', async () => {
    // A child rewrites a 4 MB file in a loop; each version is one repeated byte.
    // Kill it with SIGKILL at some point during the writes, then check that the
    // target is complete: full length and a single repeated byte value.
    const p = join(dir, 'big.bin');
    const modUrl = new URL('./fs.ts', import.meta.url).href;
    const script = `
      const { writeFileAtomic } = await import(${JSON.stringify(modUrl)});
      const n = 4 * 1024 * 1024;
      for (let i = 0; ; i++) {
        await writeFileAtomic(${JSON.stringify(p)}, new Uint8Array(n).fill(65 + (i % 26)));
        if (i === 0) process.stdout.write('ready\\n');
      }`;
    const tsxLoader = fileURLToPath(
      new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url),
    );
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, '--input-type=module', '-e', script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 150));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const bytes = readFileSync(p);
    expect(bytes.length).toBe(4 * 1024 * 1024);
    const first = bytes[0]!;
    expect(bytes.every((b) => b === first)).toBe(true);
    // Stray temp files are possible after SIGKILL, but they are recognisable.
    for (const name of readdirSync(dir)) {
      if (name !== 'big.bin') expect(isAtomicTempName(name)).toBe(true);
    }
  }, 20_000);
});

describe('writeJsonAtomic', () => {
  it('round-trips a value with a final newline', async () => {
    const p = join(dir, 'v.json');
    const value = { a: [1, 2.5, -3e-9], b: 'x', c: { d: null } };
    await writeJsonAtomic(p, value);
    const text = readFileSync(p, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('throws before touching the file when the value cannot be serialised', async () => {
    const p = join(dir, 'v.json');
    writeFileSync(p, '{"old":true}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(writeJsonAtomic(p, cyclic)).rejects.toThrow(TypeError);
    await expect(writeJsonAtomic(p, undefined)).rejects.toThrow(/not JSON-serialisable/);
    expect(readFileSync(p, 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir)).toEqual(['v.json']);
  });
});

describe('sync variants', () => {
  it('write, overwrite and clean up on failure', () => {
    const p = join(dir, 's.json');
    writeJsonAtomicSync(p, { x: 1 });
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({ x: 1 });
    writeFileAtomicSync(p, 'plain');
    expect(readFileSync(p, 'utf8')).toBe('plain');
    const d = join(dir, 'isdir');
    mkdirSync(d);
    expect(() => writeFileAtomicSync(d, 'x')).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['isdir', 's.json']);
  });

  it('temp names sit beside the target and are recognised', () => {
    const t = tempPathFor(join(dir, 'model.ckpt'));
    expect(t.startsWith(join(dir, '.model.ckpt.'))).toBe(true);
    expect(isAtomicTempName(t.slice(dir.length + 1))).toBe(true);
    expect(isAtomicTempName('model.ckpt')).toBe(false);
  });
});

describe('makeDir', () => {
  it('creates missing folders one at a time', () => {
    const deep = join(dir, 'a', 'b', 'c');
    makeDir(deep);
    makeDir(deep); // existing: nothing to do
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['c']);
  });
  // Linux only (there is no /proc elsewhere)
  if (existsSync('/proc/self'))
    it('fails at once where it cannot create a folder (no endless retry under /proc)', () => {
      const t0 = performance.now();
      expect(() => makeDir('/proc/optlab-x/y')).toThrow(/ENOENT|EACCES/);
      expect(performance.now() - t0).toBeLessThan(2000);
    });
});
