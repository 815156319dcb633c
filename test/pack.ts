/**
 * The package as a user installs it: `npm pack` (the files a user gets),
 * unpacked into a temporary folder's node_modules/optlab beside links to the
 * installed dependencies (so no network). Used by test/readme.test.ts and
 * test/consumer.test.ts.
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

export const repo = fileURLToPath(new URL('..', import.meta.url));

/**
 * Packs the repository and installs the tarball in a new folder; returns the
 * folder. `extra` names more packages of the repository's node_modules to link
 * (besides the dependencies and @types/node).
 */
export function installPacked(extra: readonly string[] = []): string {
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
  for (const dep of [...Object.keys(pkg.dependencies), '@types/node', ...extra]) {
    const to = join(dir, 'node_modules', dep);
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(join(repo, 'node_modules', dep), to, 'dir');
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  return dir;
}

/** A user's strict compiler options (NodeNext modules) for files in `dir`. */
export function userOptions(dir: string): ts.CompilerOptions {
  return {
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
}

/** The diagnostics of `program`, one line each: file (relative to `dir`):line and message. */
export function diagnosticLines(program: ts.Program, dir: string): string[] {
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.startsWith(dir) ? d.file.fileName.slice(dir.length + 1) : d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
