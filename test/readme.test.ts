/**
 * The README's TypeScript snippets work as a user would use them, from another
 * folder: the package is packed (`npm pack`, the files a user installs), unpacked
 * into a temporary folder's node_modules/optlab beside links to its installed
 * dependencies (so no network), and every ```ts block is type-checked there
 * under `strict` (TypeScript's API, NodeNext modules) and then run with Node.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(repo, 'README.md'), 'utf8');

/** The ```ts blocks of the README, in order. */
function snippets(): string[] {
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Packs the repository and installs the tarball in a new folder; returns the folder. */
function installPacked(): string {
  if (!existsSync(join(repo, 'dist', 'index.d.ts')))
    throw new Error('dist/ is missing: run `npm run build` (npm install does) before this test');
  const dir = mkdtempSync(join(tmpdir(), 'optlab-user-'));
  // --ignore-scripts: dist/ is already built (by `npm install` / `npm run build`)
  const out = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', dir],
    { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  const pkgDir = join(dir, 'node_modules', 'optlab');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
  // the dependencies, as npm would have installed them (linked, not downloaded)
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  for (const dep of [...Object.keys(pkg.dependencies), '@types/node']) {
    const to = join(dir, 'node_modules', dep);
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(join(repo, 'node_modules', dep), to, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  return dir;
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
    const options: ts.CompilerOptions = {
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      skipLibCheck: true,
      outDir: dir,
      rootDir: dir,
    };
    const program = ts.createProgram(files, options);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
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
