import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';

describe('optlab tune', () => {
  const spec = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 12, seed: 3 };

  it('prints the best trial and every trial in order, the same for the same seed', async () => {
    const a = await cli(['tune'], { spec });
    expect(a.stderr).toBe('');
    const out = JSON.parse(a.stdout) as {
      best: { value: number; params: Record<string, number> };
      trials: { value: number; params: Record<string, number> }[];
    };
    expect(out.trials).toHaveLength(12);
    expect(out.best.value).toBe(Math.min(...out.trials.map((t) => t.value)));
    for (const t of out.trials) {
      expect(t.params.x1).toBeGreaterThanOrEqual(-5);
      expect(t.params.x1).toBeLessThanOrEqual(10);
      expect(t.params.x2).toBeGreaterThanOrEqual(0);
      expect(t.params.x2).toBeLessThanOrEqual(15);
    }
    const b = await cli(['tune'], { spec });
    expect(b.stdout).toBe(a.stdout);
  });

  it('keeps a study in SQLite and resumes it: a second run with more trials reuses the first ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-tune-'));
    const storage = join(dir, 'study.db');
    const first = JSON.parse(
      (await cli(['tune', '--study', 's', '--storage', storage], { spec: { ...spec, trials: 5 } }))
        .stdout,
    );
    const second = JSON.parse(
      (await cli(['tune', '--study', 's', '--storage', storage], { spec: { ...spec, trials: 8 } }))
        .stdout,
    );
    expect(second.trials).toHaveLength(8);
    expect(second.trials.slice(0, 5)).toEqual(first.trials);
  });

  it('rejects a bad spec with one line naming the field', async () => {
    const r = await cli(['tune'], { spec: { ...spec, sampler: { name: 'gp', foo: 1 } } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/sampler/);
  });

  it('rejects a bad --workers value', async () => {
    const r = await cli(['tune', '--workers', '0'], { spec });
    expect(r.status).toBe(2);
  });
});
