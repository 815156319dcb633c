/**
 * The package entry points: the browser-safe core reaches no Node module, and
 * the README's library example runs as written.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/**
 * Every file reachable from `entry` through relative imports, and every bare
 * import they make; with `dynamic: false`, through static value imports only
 * (what loads when the entry is imported: no `import()`, no `import type`).
 */
function importGraph(entry: string, dynamic = true): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (files.has(f)) continue;
    files.add(f);
    // comments may show imports as examples: scan the code only
    const text = readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g,
    )) {
      if (!dynamic && (m[2] !== undefined || /^(?:import|export)\s+type\s/.test(m[0]))) continue;
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith('.')) stack.push(join(dirname(f), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  }
  return { files, bare };
}

describe('entry points', () => {
  it('optlab/core imports no node: module and no Node-only package', () => {
    const { files, bare } = importGraph(join(src, 'core.ts'));
    expect(files.size).toBeGreaterThan(50);
    const nodeOnly = [...bare].filter(
      (b) =>
        b.startsWith('node:') ||
        ['better-sqlite3', '@resvg/resvg-js', 'cli-progress', 'commander'].includes(b),
    );
    expect(nodeOnly).toEqual([]);
  });

  it('optlab loads no database driver; optlab/storage loads SQLite and leaves pg to a PostgreSQL URL', () => {
    const root = importGraph(join(src, 'index.ts'), false);
    expect([...root.bare].filter((b) => b === 'better-sqlite3' || b === 'pg')).toEqual([]);
    const storage = importGraph(join(src, 'storage.ts'), false);
    expect(storage.bare.has('better-sqlite3')).toBe(true);
    expect(storage.bare.has('pg')).toBe(false);
    expect(importGraph(join(src, 'storage.ts')).bare.has('pg')).toBe(true);
  });
});
