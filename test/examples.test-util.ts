/**
 * Examples run as a user runs them (test/examples.test.ts): the packed package
 * installed in a temporary folder (test/pack.ts), programs type-checked there
 * with a user's strict options plus the repository's other checking flags
 * (tsconfig.json), compiled and run with Node; and the `@example` blocks of the
 * TSDoc in src/ found with their file and line.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { diagnosticLines, installPacked, repo, userOptions } from './pack.js';

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
 * is built from dist/, so a stale build would test old code (and the TSDoc
 * examples of new code would fail for no reason of theirs).
 */
export function checkBuilt(): void {
  if (!existsSync(join(repo, 'dist', 'index.js')))
    throw new Error('dist/ is missing: run `npm run build` (npm install does) before this test');
  const built = statSync(join(repo, 'dist', 'index.js')).mtimeMs;
  const src = newestSource(join(repo, 'src'));
  if (src.mtime > built + 1000)
    throw new Error(
      `dist/ is older than ${relative(repo, src.file)}: run \`npm run build:lib\` before this test`,
    );
}

/**
 * {@link installPacked} after {@link checkBuilt}; when the native addon is
 * built here it is linked into the installed package, as `npm install` would
 * have built it for a user (else the examples run on WebAssembly).
 */
export function installUser(): string {
  checkBuilt();
  const dir = installPacked();
  const addon = join(repo, 'native', 'build');
  if (existsSync(join(addon, 'Release', 'optlab_native.node')))
    symlinkSync(addon, join(dir, 'node_modules', 'optlab', 'native', 'build'), 'dir');
  return dir;
}

/** Removes a folder made by {@link installUser}. */
export function removeInstall(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A user's strict options (test/pack.ts) plus every checking flag of the
 * repository's tsconfig.json (noImplicitOverride, noFallthroughCasesInSwitch, …).
 */
export function strictOptions(dir: string): ts.CompilerOptions {
  const file = join(repo, 'tsconfig.json');
  const read = ts.readConfigFile(file, (p) => ts.sys.readFile(p));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const own = ts.parseJsonConfigFileContent(read.config, ts.sys, repo, undefined, file).options;
  const checks = Object.fromEntries(
    Object.entries(own).filter(([k, v]) => typeof v === 'boolean' && /^(strict|no|exact)/.test(k)),
  );
  return { ...userOptions(dir), ...checks };
}

/** A place in a file, for messages: the file as the reader knows it and a 1-based line. */
export type Locate = (file: string, line: number) => string;

/**
 * Type-checks `files` (absolute paths under `dir`) as one program, emits
 * their .js beside them, and returns the diagnostics as `where message` lines
 * (`locate` maps a file and its line to the name the reader should see).
 */
export function compile(dir: string, files: string[], locate: Locate): string[] {
  const program = ts.createProgram(files, strictOptions(dir));
  // diagnosticLines names a file relative to dir: map that back to the reader's name
  const diagnostics = diagnosticLines(program, dir).map((d) =>
    d.replace(/^(\S+):(\d+) /, (all, f: string, line: string) =>
      existsSync(join(dir, f)) ? `${locate(join(dir, f), Number(line))} ` : all,
    ),
  );
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
 * The ```ts blocks of `@example` tags in the `/** … *\/` comments of `text`:
 * the tag, then (after any prose) a ```ts (or ```typescript) fence holding a
 * whole program that imports only from 'optlab' or 'optlab/core'. The
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
