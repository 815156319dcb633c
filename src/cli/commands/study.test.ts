import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/helpers.js';

const spec = { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 12, seed: 3 };
const tmp = () => mkdtempSync(join(tmpdir(), 'optlab-study-cli-'));

describe('optlab study', () => {
  it('show (text and --json), list, and export | import between storages', async () => {
    const dir = tmp();
    const a = join(dir, 'a.db');
    const ran = JSON.parse(
      (
        await cli(['tune', '--quiet', '--study', 's1', '--storage', a], {
          spec: { ...spec, trials: 5 },
        })
      ).stdout,
    );
    const show = await cli(['study', 'show', 's1', '--storage', a, '--json']);
    expect(show.status).toBe(0);
    const j = JSON.parse(show.stdout);
    expect(Object.keys(j)).toEqual(['study', 'best', 'trials']);
    expect(j.study.name).toBe('s1');
    expect(j.study.states).toEqual({ complete: 5 });
    expect(j.best.value).toBe(ran.best.value);
    expect(j.best.params).toEqual(ran.best.params);
    expect(j.trials.map((t: { number: number }) => t.number)).toEqual([0, 1, 2, 3, 4]);
    for (const t of j.trials) {
      expect(Object.keys(t)).toEqual(
        expect.arrayContaining(['number', 'state', 'params', 'value', 'worker']),
      );
      expect(t.worker).toMatch(/^[^:]+:\d+:\d+$/);
    }
    const text = await cli(['study', 'show', 's1', '--storage', a]);
    expect(text.stdout).toMatch(
      /^study s1 in .*a\.db \(minimize, budget 5\)\nstates: 5 complete\nbest: trial \d/,
    );
    expect(text.stdout.trim().split('\n')).toHaveLength(5 + 5);
    expect(JSON.parse((await cli(['study', 'list', '--storage', a, '--json'])).stdout)).toEqual({
      studies: ['s1'],
    });

    const exported = await cli(['study', 'export', 's1', '--storage', a]);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'optlab-study', version: 1, name: 's1' });
    const b = `sqlite://${join(dir, 'b.db')}`;
    const imp = await cli(['study', 'import', '-', '--storage', b, '--study', 'moved'], {
      stdin: exported.stdout,
    });
    expect(imp.status).toBe(0);
    const moved = JSON.parse(
      (await cli(['study', 'show', 'moved', '--storage', b, '--json'])).stdout,
    );
    expect(moved.trials).toEqual(j.trials);
    expect(moved.best).toEqual(j.best);
    // The moved study resumes where it was: three more trials, the first five unchanged.
    const more = JSON.parse(
      (
        await cli(['tune', '--quiet', '--study', 'moved', '--storage', b], {
          spec: { ...spec, trials: 8 },
        })
      ).stdout,
    );
    expect(more.trials.slice(0, 5)).toEqual(ran.trials);
    expect(more.trials).toHaveLength(8);
    // Errors: one line, status 2.
    const again = await cli(['study', 'import', '-', '--storage', b, '--study', 'moved'], {
      stdin: exported.stdout,
    });
    expect([again.status, again.stderr]).toEqual([2, expect.stringMatching(/already exists/)]);
    const broken = await cli(['study', 'import', '-', '--storage', b], {
      stdin: `${lines[0]}\n{"number": -1}\n`,
    });
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/invalid study export: line 2: field/);
    expect((await cli(['study', 'show', 'zzz', '--storage', b])).stderr).toMatch(/no study "zzz"/);
  });
});
