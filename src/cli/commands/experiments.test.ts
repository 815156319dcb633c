import { mkdtempSync } from 'node:fs';
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
  });
  it('an unknown experiment is a clear error', async () => {
    const r = await cli(['run', 'nope']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown experiment 'nope'/);
  });
});
