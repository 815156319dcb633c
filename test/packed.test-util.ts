/**
 * Code run as a user runs it: the package packed (`npm pack`, the files a user
 * installs) and unpacked into a temporary folder's node_modules/optlab beside
 * links to its installed dependencies (so no network), TypeScript programs
 * type-checked there under the repository's own strict compiler settings
 * (tsconfig.json, with NodeNext module resolution and no path aliases, so
 * 'optlab' and 'optlab/core' resolve through the package's exports map), then
 * compiled and run with Node.
 *
 * Used by test/readme.test.ts (the README's snippets) and test/examples.test.ts
 * (examples/*.ts and the `@example` blocks of the TSDoc in src/).
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository's root folder. */
export const repo = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time of the library's sources (tests excluded), in ms. */
function newestSource(dir: string): { file: string; mtime: number } {
  let best = { file: '', mtime: 0 };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      const b = newestSource(p);
      if (b.mtime > best.mtime) best = b;
    } else if (/\.ts$/.test(e.name) && !/\.test(-util)?\.ts$/.test(e.name)) {
      const m = statSync(p).mtimeMs;
      if (m > best.mtime) best = { file: p, mtime: m };
    }
  }
  return best;
}

/**
 * Throws when dist/ is missing or older than a source file: the packed package
 * is built from dist/, so a stale build would test old code.
 */
export function checkBuilt(): void {
  const index = join(repo, 'dist', 'index.d.ts');
  if (!existsSync(index))
    throw new Error('dist/ is missing: run `npm run build` (npm install does) before this test');
  const built = statSync(join(repo, 'dist', 'index.js')).mtimeMs;
  const src = newestSource(join(repo, 'src'));
  if (src.mtime > built + 1000)
    throw new Error(
      `dist/ is older than ${relative(repo, src.file)}: run \`npm run build:lib\` before this test`,
    );
}

/**
 * Packs the repository and installs the tarball in a new folder (a module
 * package: `"type": "module"`); returns the folder. When the native addon is
 * built here it is linked in, as `npm install` would have built it for a user.
 */
export function installPacked(): string {
  checkBuilt();
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
  rmSync(tarball);
  const addon = join(repo, 'native', 'build');
  if (existsSync(join(addon, 'Release', 'optlab_native.node')))
    symlinkSync(addon, join(pkgDir, 'native', 'build'), 'dir');
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

/** Removes a folder made by {@link installPacked}. */
export function removeInstall(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The repository's compiler options (tsconfig.json: strict,
 * noUncheckedIndexedAccess, exactOptionalPropertyTypes, …) for programs in
 * `dir` that import the installed package: no path aliases, no declarations
 * or source maps, output beside the sources.
 */
export function userCompilerOptions(dir: string): ts.CompilerOptions {
  const file = join(repo, 'tsconfig.json');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repo, undefined, file);
  const {
    paths: _paths,
    baseUrl: _baseUrl,
    declaration: _declaration,
    sourceMap: _sourceMap,
    ...options
  } = parsed.options;
  return {
    ...options,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    noEmitOnError: false,
    outDir: dir,
    rootDir: dir,
  };
}

/** A place in a file, for messages: the file as the reader knows it and a 1-based line. */
export type Locate = (file: string, line: number) => string;

/**
 * Type-checks `files` (absolute paths under `dir`) as one program, emits
 * their .js beside them, and returns the diagnostics as `where message` lines
 * (`locate` maps a file and its line to the name the reader should see).
 */
export function compile(dir: string, files: string[], locate: Locate): string[] {
  const program = ts.createProgram(files, userCompilerOptions(dir));
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? locate(d.file.fileName, d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1)
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
  program.emit();
  return diagnostics;
}

export interface NodeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed for taking longer than the timeout. */
  timedOut: boolean;
}

/** Runs a compiled program with Node in `cwd` (its own process), capturing its output. */
export function runNode(file: string, cwd: string, timeoutMs = 60_000): Promise<NodeRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [file],
      { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: unknown; killed?: boolean }) | null;
        resolve({
          status: e === null ? 0 : typeof e.code === 'number' ? e.code : null,
          stdout,
          stderr,
          timedOut: e?.killed === true,
        });
      },
    );
  });
}

/** One ```ts block of an `@example` tag in a TSDoc comment. */
export interface TsdocExample {
  /** The source file, relative to the repository (`src/data/node/loadDataset.ts`). */
  file: string;
  /** 1-based line in `file` of the block's first line of code. */
  line: number;
  code: string;
}

/**
 * The ```ts blocks of `@example` tags in the `/** … *\/` comments of `text`
 * (DECISIONS §6: the tag, then a ```ts fence holding a whole program). The
 * comment's leading `*` and one space are stripped, so code line i of a block
 * is line `line + i` of the file. A ```ts fence that is never closed inside
 * its comment throws, naming the line.
 */
export function tsdocExamples(file: string, text: string): TsdocExample[] {
  const lines = text.split('\n');
  const out: TsdocExample[] = [];
  let inComment = false;
  let afterExample = false;
  let block: { line: number; code: string[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!inComment) {
      if (/^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw)) inComment = true;
      afterExample = false;
      continue;
    }
    const end = /\*\/\s*$/.test(raw);
    const body = raw.replace(/\*\/\s*$/, '').replace(/^\s*\* ?/, '');
    if (block) {
      if (/^\s*```\s*$/.test(body)) {
        out.push({ file, line: block.line, code: `${block.code.join('\n')}\n` });
        block = null;
        afterExample = false;
      } else if (end) {
        throw new Error(`${file}:${block.line - 1}: a \`\`\`ts block of @example is not closed`);
      } else block.code.push(body);
    } else if (/^\s*@example\b/.test(body)) {
      afterExample = true;
    } else if (afterExample && /^\s*```(ts|typescript)\s*$/.test(body)) {
      block = { line: i + 2, code: [] };
    } else if (/^\s*@\w/.test(body)) {
      afterExample = false;
    }
    if (end) {
      inComment = false;
      afterExample = false;
    }
  }
  return out;
}

/** Every `@example` ```ts block in src/**\/*.ts (test files excluded), in file order. */
export function allTsdocExamples(): TsdocExample[] {
  const out: TsdocExample[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/\.test(-util)?\.ts$/.test(e.name))
        out.push(...tsdocExamples(relative(repo, p), readFileSync(p, 'utf8')));
    }
  };
  walk(join(repo, 'src'));
  return out;
}
