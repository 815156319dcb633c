/**
 * The README's TypeScript snippets work as a user would use them, from another
 * folder: the package is packed (`npm pack`, the files a user installs), unpacked
 * into a temporary folder's node_modules/optlab beside links to its installed
 * dependencies (so no network), and every ```ts block is type-checked there
 * under `strict` (TypeScript's API, NodeNext modules) and then run with Node.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { diagnosticLines, installPacked, repo, userOptions } from './pack.js';

const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The ```ts blocks of the README, in order. */
function snippets(): string[] {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

describe('README snippets', () => {
  const blocks = snippets();

  it('sends the reader to nothing outside the repository', () => {
    expect(readme).not.toMatch(/CONTRACT|shared folder|\.\.\/shared|EXPERIMENTS\.md/);
    for (const [, target] of readme.matchAll(/\]\(([^)#]+)[^)]*\)/g))
      if (!/^https?:/.test(target!)) expect(existsSync(join(repo, target!)), target).toBe(true);
  });

  it('has TypeScript snippets, each a whole program (no ```ts sketch)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(readme).not.toMatch(/^```ts /m);
  });

  it('type-check under strict and run, from another folder with the packed package', () => {
    const dir = installPacked();
    // what was packed: the library, its types, the command and the command docs
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'bin/optlab.js', 'docs/commands.md'])
      expect(existsSync(join(dir, 'node_modules', 'optlab', f)), f).toBe(true);
    const files = blocks.map((code, i) => {
      const f = join(dir, `snippet${i + 1}.ts`);
      writeFileSync(f, code);
      return f;
    });
    const program = ts.createProgram(files, userOptions(dir));
    const diagnostics = diagnosticLines(program, dir);
    expect(diagnostics).toEqual([]);
    program.emit();
    for (const [i] of blocks.entries()) {
      const stdout = execFileSync(process.execPath, [join(dir, `snippet${i + 1}.js`)], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(stdout.trim().length, `snippet ${i + 1} prints something`).toBeGreaterThan(0);
    }
  }, 120_000);
});
