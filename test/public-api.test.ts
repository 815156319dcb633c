/**
 * The public names, pinned: every export of every entry of the exports map
 * (`optlab`, `optlab/core`, `optlab/storage`), namespaces expanded one level,
 * with its kind, sorted, must equal test/public-api.txt. A change to the API is
 * then a change to that file too, seen in review. After an intended change:
 *
 *     UPDATE_PUBLIC_API=1 npx vitest run test/public-api.test.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repo } from './pack.js';

const listFile = join(repo, 'test', 'public-api.txt');

/** Import path → source file of every entry of the exports map (`./dist/x.d.ts` is `src/x.ts`). */
function entries(): Map<string, string> {
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { types?: string }>;
  };
  const out = new Map<string, string>();
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string' || target.types === undefined) continue;
    const src = target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
    out.set(key === '.' ? 'optlab' : `optlab/${key.slice(2)}`, join(repo, src));
  }
  return out;
}

/** What a user gets under a name: class, function, const, namespace, type or enum. */
function kindOf(checker: ts.TypeChecker, sym: ts.Symbol): string {
  const s = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
  const f = s.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.ValueModule) return 'namespace';
  return 'type';
}

/** One line per public name: `entry name kind`, namespaces expanded one level (`optim.adam`). */
function publicNames(): string[] {
  const files = entries();
  const program = ts.createProgram([...files.values()], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const lines: string[] = [];
  for (const [entry, file] of files) {
    const source = program.getSourceFile(file);
    const mod = source && checker.getSymbolAtLocation(source);
    if (!mod) throw new Error(`${entry}: ${file} is not a module`);
    for (const e of checker.getExportsOfModule(mod)) {
      const kind = kindOf(checker, e);
      lines.push(`${entry} ${e.name} ${kind}`);
      if (kind !== 'namespace') continue;
      for (const n of checker.getExportsOfModule(checker.getAliasedSymbol(e)))
        lines.push(`${entry} ${e.name}.${n.name} ${kindOf(checker, n)}`);
    }
  }
  return lines.sort();
}

describe('public API', () => {
  it('is the committed list test/public-api.txt', () => {
    const now = publicNames();
    expect(now.length).toBeGreaterThan(100);
    if (process.env.UPDATE_PUBLIC_API) writeFileSync(listFile, `${now.join('\n')}\n`);
    const committed = readFileSync(listFile, 'utf8').trimEnd().split('\n');
    const added = now.filter((l) => !committed.includes(l));
    const removed = committed.filter((l) => !now.includes(l));
    expect(
      { added, removed },
      'the public API changed; if on purpose, run ' +
        '`UPDATE_PUBLIC_API=1 npx vitest run test/public-api.test.ts` and commit test/public-api.txt',
    ).toEqual({ added: [], removed: [] });
  }, 60_000);
});
