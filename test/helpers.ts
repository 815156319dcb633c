/** Shared helpers for tests: the reference fixtures and an in-process CLI runner. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';

/** Reads a reference fixture of test/reference (data from PyTorch and SciPy, see its README). */
export function reference<T = unknown>(name: string): T {
  const url = new URL(`./reference/${name}`, import.meta.url);
  if (!existsSync(url)) throw new Error(`reference fixture test/reference/${name} is missing`);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the optlab command in-process with a spec written to a temporary file (or given on stdin). */
export async function cli(
  args: string[],
  opts: { spec?: unknown; stdin?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const argv = [...args];
  if (opts.spec !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'optlab-spec-'));
    const f = join(dir, 'spec.json');
    writeFileSync(f, typeof opts.spec === 'string' ? opts.spec : JSON.stringify(opts.spec));
    argv.push(f);
  }
  const status = await main(argv, {
    out: (s) => {
      stdout += s;
    },
    err: (s) => {
      stderr += s;
    },
    stdin: () => opts.stdin ?? '',
    isTTY: false,
  });
  return { status, stdout, stderr };
}

/** |a − b| ≤ tol·max(1, |b|) element-wise, with a message naming the first failure. */
export function relClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number): string | null {
  if (a.length !== b.length) return `length ${a.length} ≠ ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i]! - b[i]!);
    if (!(err <= tol * Math.max(1, Math.abs(b[i]!))))
      return `index ${i}: ${a[i]} vs ${b[i]} (error ${err})`;
  }
  return null;
}
