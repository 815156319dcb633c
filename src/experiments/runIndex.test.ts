import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndexEntries, writeRunIndex } from './runIndex.js';

function fakeRun(dir: string, name: string, passed: boolean[], report = true): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(
    join(dir, name, 'results.json'),
    JSON.stringify({
      experiment: name,
      title: `Title of ${name} <b>`,
      quick: true,
      seed: 3,
      seconds: 1.25,
      date: '2026-01-02T03:04:05.000Z',
      checks: passed.map((p, i) => ({ name: `c${i}`, expected: '', observed: '', passed: p })),
    }),
  );
  if (report) writeFileSync(join(dir, name, 'report.html'), '<html></html>');
}

describe('out/index.html', () => {
  it('lists the runs of a folder in the experiments order, with checks and time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-index-'));
    fakeRun(dir, 'saddle', [true, true]);
    fakeRun(dir, 'optimizer-paths', [true, false, true]);
    fakeRun(dir, 'loss-line', [true], false);
    mkdirSync(join(dir, 'not-a-run'));
    writeFileSync(join(dir, 'stray.json'), '{}');
    const entries = readIndexEntries(dir);
    expect(entries.map((e) => e.name)).toEqual(['optimizer-paths', 'loss-line', 'saddle']);
    expect(entries[0]).toMatchObject({ passed: 2, checks: 3, seconds: 1.25, quick: true, seed: 3 });
    expect(entries[1]!.report).toBeUndefined();
    const html = readFileSync(await writeRunIndex(dir), 'utf8');
    expect(html).toContain('<a href="saddle/report.html">saddle</a>');
    expect(html).toContain('<a href="optimizer-paths/report.html">optimizer-paths</a>');
    expect(html).not.toContain('href="loss-line/report.html"');
    expect(html).toContain('2/3');
    expect(html).toContain('5 of 6 checks passed');
    // titles are escaped
    expect(html).toContain('Title of saddle &lt;b&gt;');
  });
});
