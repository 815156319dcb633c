/**
 * The published declarations type-check in a user's project that checks
 * library typings too (`skipLibCheck: false`): the package is packed and
 * installed in a temporary folder (test/pack.ts) and a file importing every
 * entry of the exports map is compiled there under `strict`. A public type that
 * leaks a dependency's typings (vega-lite's, which need the DOM library) fails
 * here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnosticLines, installPacked, repo, userOptions } from './pack.js';

/** The import paths of the exports map (`optlab`, `optlab/core`, …), package.json aside. */
function entryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    exports: Record<string, unknown>;
  };
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => (k === '.' ? 'optlab' : `optlab/${k.slice(2)}`));
}

describe('published declarations', () => {
  it('type-check with skipLibCheck false, every entry of the exports map imported', () => {
    const entries = entryPoints();
    expect(entries).toContain('optlab');
    expect(entries).toContain('optlab/core');
    const dir = installPacked();
    const file = join(dir, 'consumer.ts');
    writeFileSync(
      file,
      [
        ...entries.map((e, i) => `import * as entry${i} from '${e}';`),
        `console.log(${entries.map((_, i) => `Object.keys(entry${i}).length`).join(', ')});`,
        // a chart spec is plain JSON to the user, whatever the library checks it against
        "import { charts, minimize, objectives } from 'optlab/core';",
        "const r = minimize(objectives.rosenbrock(), [-1.2, 1], { method: 'bfgs' });",
        'const spec: Record<string, unknown> = charts.lineChartSpec({',
        "  title: 'f', xTitle: 'x', yTitle: 'y',",
        "  series: [{ name: 'f', x: [0, 1], y: [r.fun, r.fun] }],",
        '});',
        'console.log(r.x, JSON.stringify(spec).length);',
        '',
      ].join('\n'),
    );
    const program = ts.createProgram([file], { ...userOptions(dir), skipLibCheck: false });
    expect(diagnosticLines(program, dir)).toEqual([]);
    // and it runs: every entry loads in Node (no database server needed to import storage)
    program.emit();
    const out = execFileSync(process.execPath, [join(dir, 'consumer.js')], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(
      out
        .split('\n')[0]!
        .split(' ')
        .map(Number)
        .every((n) => n > 0),
    ).toBe(true);
  }, 120_000);
});
