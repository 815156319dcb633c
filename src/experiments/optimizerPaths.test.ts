import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizerPaths } from './optimizerPaths.js';
import { expectAllChecksPass, runQuick } from './testing.test-util.js';

describe('experiment optimizer-paths', () => {
  it('reaches the book points and writes data, figures and a report', async () => {
    const r = await runQuick(optimizerPaths, { figures: true });
    expectAllChecksPass(r);
    const dir = join(r.files[0]!, '..');
    for (const f of ['results.json', 'paths.svg', 'paths.png', 'report.html', 'path-sgd.csv'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.series['path-sgd'].x).toHaveLength(31);
    expect(results.versions.optlab).toMatch(/^\d+\.\d+\.\d+/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('SGD ends at the book');
  });
});
