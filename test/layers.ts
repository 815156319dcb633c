/**
 * The layer order of `src/`, written once (docs/architecture.md explains each
 * layer; test/layers.test.ts enforces the order and checks that the page lists
 * the same names in the same order), and the checker the test runs.
 *
 * A file under `src/<layer>/` may import (statically, `export … from`, or with
 * `import()`) only files of its own layer and of layers EARLIER in this list.
 * The entry files (`src/core.ts`, `src/index.ts`, `src/storage.ts`) come after
 * every layer, in that order. `*.test.ts` and `*.test-util.ts` files are exempt.
 */
import ts from 'typescript';

/** The layers, lowest first: each a folder under `src/`. */
export const LAYERS = [
  'options',
  'util',
  'random',
  'tensor',
  'backend',
  'autodiff',
  'linalg',
  'init',
  'objectives',
  'nn',
  'data',
  'optim',
  'solvers',
  'diagnostics',
  'contract',
  'train',
  'report',
  'tune',
  'pretrain',
  'interop',
  'experiments',
  'cli',
] as const;

/**
 * The files directly under `src/`, after every layer: the entries of the
 * exports map — the browser-safe core (`optlab/core`), the Node entry
 * (`optlab`) and the study storage (`optlab/storage`).
 */
export const ENTRY_FILES = ['core.ts', 'index.ts', 'storage.ts'] as const;

/** An import the order forbids that a move in flight will remove (`from` → `to`, paths under `src/`). */
export interface PendingMove {
  from: string;
  to: string;
  why: string;
}

/**
 * Imports allowed for now because a move already decided removes them (issue
 * 18). The test fails when an entry no longer matches any import, so a stale
 * entry cannot linger. The coordinator empties this list once the moves are
 * merged; nothing is to be added to it.
 */
export const pendingMoves: readonly PendingMove[] = [];

/** The module specifiers a TypeScript file imports, re-exports or `import()`s (comments ignored). */
export function imports(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The relative ones among {@link imports}. */
export function relativeImports(text: string): string[] {
  return imports(text).filter((s) => s.startsWith('.'));
}

/**
 * Resolves `spec` imported by `from` (paths relative to `src/`, `/`-separated,
 * `.js` read as `.ts`); null when it leaves `src/`.
 */
export function resolveImport(from: string, spec: string): string | null {
  const parts = from.split('/').slice(0, -1);
  for (const p of spec.split('/')) {
    if (p === '.' || p === '') continue;
    if (p !== '..') parts.push(p);
    else if (parts.pop() === undefined) return null;
  }
  return parts.join('/').replace(/\.js$/, '.ts');
}

/** The rank of a path under `src/` (its layer's index; entry files after all), or null if not placed. */
function rankOf(path: string): { name: string; rank: number } | null {
  const parts = path.split('/');
  if (parts.length === 1) {
    const i = (ENTRY_FILES as readonly string[]).indexOf(parts[0]!);
    return i < 0 ? null : { name: parts[0]!, rank: LAYERS.length + i };
  }
  const i = (LAYERS as readonly string[]).indexOf(parts[0]!);
  return i < 0 ? null : { name: parts[0]!, rank: i };
}

const describe = (r: { name: string; rank: number }): string =>
  r.rank >= LAYERS.length ? `entry file ${r.name}` : `layer ${r.name} (#${r.rank + 1})`;

/** One forbidden import: which file, which file it imports, and why it is forbidden. */
export interface Violation {
  from: string;
  to: string;
  message: string;
}

/**
 * What breaks the order among `files` (path under `src/` → source text): a file
 * in a folder not in the list, an import into a later layer or into a folder not
 * in the list, an import out of `src/`. Test files are skipped.
 */
export function layerViolations(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [from, text] of files) {
    if (/\.test\.ts$|\.test-util\.ts$/.test(from)) continue;
    const a = rankOf(from);
    if (a === null) {
      out.push({
        from,
        to: '',
        message:
          `src/${from} is in '${from.split('/')[0]}', which is not in the layer list: ` +
          'place it in LAYERS (test/layers.ts) and docs/architecture.md, or move the file',
      });
      continue;
    }
    for (const spec of relativeImports(text)) {
      const to = resolveImport(from, spec);
      if (to === null) {
        out.push({ from, to: spec, message: `src/${from} imports '${spec}', outside src/` });
        continue;
      }
      const b = rankOf(to);
      if (b !== null && (b.name === a.name || b.rank < a.rank)) continue;
      const what =
        b === null
          ? `'${to.split('/')[0]}', which is not in the layer list`
          : `${describe(b)}, a later one`;
      out.push({
        from,
        to,
        message:
          `src/${from} imports src/${to}: ${describe(a)} may import only its own folder ` +
          `and earlier layers, not ${what} (order: test/layers.ts, docs/architecture.md)`,
      });
    }
  }
  return out;
}

/**
 * What the lab's page sources (`lab/src`, path under it → text) import that
 * they may not: of optlab only the browser-safe `optlab/core`, and no relative
 * path out of `lab/src` (so no reaching into `src/`).
 */
export function labViolations(files: ReadonlyMap<string, string>): Violation[] {
  const out: Violation[] = [];
  for (const [from, text] of files) {
    for (const spec of imports(text)) {
      if (spec.startsWith('.')) {
        if (resolveImport(from, spec) === null)
          out.push({
            from,
            to: spec,
            message: `lab/src/${from} imports '${spec}', outside lab/src: import 'optlab/core' instead`,
          });
      } else if ((spec === 'optlab' || spec.startsWith('optlab/')) && spec !== 'optlab/core') {
        out.push({
          from,
          to: spec,
          message: `lab/src/${from} imports '${spec}': the lab may import only 'optlab/core' (browser-safe)`,
        });
      }
    }
  }
  return out;
}
