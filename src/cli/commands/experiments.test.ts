import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';
import { experiments } from '../../experiments/registry.js';

describe('optlab list / run', () => {
  it('lists every experiment with a one-line description', async () => {
    const r = await cli(['list']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(experiments.length);
    for (const e of experiments) expect(r.stdout).toContain(e.name);
  });
  it('runs one experiment into --out/<name> and prints the summary and checks', async () => {
    const out = mkdtempSync(join(tmpdir(), 'optlab-run-'));
    const r = await cli(['run', 'optimizer-paths', '--quick', '--out', out, '--seed', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/checks passed/);
    expect(r.stdout).toContain(join(out, 'optimizer-paths'));
    expect(r.stderr).toMatch(/running optimizer-paths \(quick\), seed 1/);
    // the index links the report with its checks
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('href="optimizer-paths/report.html"');
    expect(r.stdout).toContain(join(out, 'index.html'));
    // every printed line fits 100 columns
    for (const line of r.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(100);
  });
  it('an unknown experiment is a clear error, with the closest names', async () => {
    const r = await cli(['run', 'nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown experiment 'nope'/);
    const typo = await cli(['run', 'optimzer-path']);
    expect(typo.stderr).toMatch(/did you mean 'optimizer-paths'\?/);
    expect(typo.stdout).toBe('');
  });
  it('checks --data before anything is printed as running', async () => {
    const out = mkdtempSync(join(tmpdir(), 'optlab-run-'));
    const r = await cli([
      'run',
      'all',
      '--quick',
      '--out',
      out,
      '--data',
      join(out, 'no-such-dir'),
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/running/);
    expect(r.stderr).toMatch(/--data .*no-such-dir/);
    // a folder without the IDX files: the data layer names the missing file
    const empty = await cli(['run', 'conjugate-gradient', '--out', out, '--data', out]);
    expect(empty.status).toBe(2);
    expect(empty.stderr).not.toMatch(/running/);
    expect(empty.stderr).toMatch(/train-images-idx3-ubyte not found/);
  });
  it('`run --help` lists every experiment', async () => {
    const r = await cli(['run', '--help']);
    expect(r.status).toBe(0);
    for (const e of experiments) expect(r.stdout).toContain(e.name);
  });
});
