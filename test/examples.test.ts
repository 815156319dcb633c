/**
 * The examples work as a user would use them: examples/*.ts and every
 * `@example` ```ts block of the TSDoc in src/ (a whole program after the tag) are type-checked
 * under the repository's strict settings against the packed package installed
 * in a temporary folder (test/examples.test-util.ts), compiled, and run with
 * Node. Each example must exit 0 and print what its header says it prints; a
 * TSDoc block must exit 0, and its failures name the source file and line.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allTsdocExamples,
  compile,
  installUser,
  type NodeRun,
  removeInstall,
  runNode,
  type TsdocExample,
  tsdocExamples,
} from './examples.test-util.js';
import { repo } from './pack.js';

/** The numbers after `label` in `out` (every match), e.g. `test accuracy: 0.91` → [0.91]. */
function numbersAfter(out: string, label: string): number[] {
  const re = new RegExp(`${label}\\s*([-+0-9.eE]+)`, 'g');
  return [...out.matchAll(re)].map((m) => Number(m[1]));
}

/**
 * What each example must print (its header says so): checks on the output
 * itself, computed by the example, never numbers copied from an earlier run.
 */
const checks: Record<string, (out: string) => void> = {
  'train-mlp.ts': (out) => {
    expect(out).toMatch(/^stopped: early-stopping, best epoch \d+$/m);
    const valLoss = numbersAfter(out, 'val loss');
    const best = Number(/best epoch (\d+)/.exec(out)![1]);
    // early stopping: the best epoch has the lowest validation loss, and later ones did not improve
    expect(valLoss.length).toBeGreaterThan(best);
    expect(valLoss[best - 1]).toBe(Math.min(...valLoss));
    const [acc] = numbersAfter(out, 'test accuracy:');
    expect(acc).toBeGreaterThan(0.85);
  },
  'rosenbrock-solvers.ts': (out) => {
    expect(out).toMatch(/^all methods reached \(1, 1\)$/m);
    const rows = [
      ...out.matchAll(/^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+\(([^,]+), ([^)]+)\)/gm),
    ];
    expect(rows.map((r) => r[1])).toEqual(['gd', 'cg', 'bfgs', 'lbfgs', 'newton-cg', 'trust-ncg']);
    for (const r of rows) {
      expect(Number(r[6]), r[1]).toBeLessThan(1e-10);
      expect(Math.abs(Number(r[7]) - 1), r[1]).toBeLessThan(1e-4);
      expect(Math.abs(Number(r[8]) - 1), r[1]).toBeLessThan(1e-4);
    }
    // the quasi-Newton and Newton methods need far fewer gradients than steepest descent
    const ngev = Object.fromEntries(rows.map((r) => [r[1], Number(r[4])]));
    for (const m of ['bfgs', 'lbfgs', 'newton-cg', 'trust-ncg'])
      expect(ngev[m]! * 20, m).toBeLessThan(ngev.gd!);
    // only the Newton-type methods use Hessian-vector products
    const nhvp = Object.fromEntries(rows.map((r) => [r[1], Number(r[5])]));
    expect([nhvp.bfgs, nhvp.lbfgs, nhvp.cg, nhvp.gd]).toEqual([0, 0, 0, 0]);
    expect(nhvp['newton-cg']).toBeGreaterThan(0);
  },
  'compose-optimizer.ts': (out) => {
    expect(out).toMatch(/^chain\(scaleByAdam, scaleByLearningRate\) === adam: true$/m);
    const last = /^last point: \(([^,]+), ([^)]+)\), f = (\S+)$/m.exec(out);
    expect(last).not.toBeNull();
    expect(Math.abs(Number(last![1]) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(Number(last![2]) - 1)).toBeLessThan(1e-3);
    expect(Number(last![3])).toBeLessThan(1e-8);
    // the warm-up starts at 0 and the cosine ends near 0
    const lrs = numbersAfter(out, ' lr');
    expect(lrs[0]).toBe(0);
    expect(Math.max(...lrs)).toBeGreaterThan(0.04);
    expect(lrs.at(-1)!).toBeLessThan(0.01);
  },
  'hessian-spectrum.ts': (out) => {
    const diffs = numbersAfter(out, 'largest difference');
    expect(diffs).toHaveLength(2);
    for (const d of diffs) expect(d).toBeLessThan(1e-8);
    // training sharpens the loss: the top eigenvalue grows (Deep Learning §8.2.1, fig 8.1)
    const top = numbersAfter(out, 'largest \\s*\\(dense, \\d+ H·v\\):');
    expect(top).toHaveLength(2);
    expect(top[1]!).toBeGreaterThan(10 * top[0]!);
    expect(out.match(/λmin ≤ gᵀHg\/gᵀg ≤ λmax: true$/gm)).toHaveLength(2);
    const losses = numbersAfter(out, 'θ: loss');
    expect(losses[1]!).toBeLessThan(losses[0]! / 10);
  },
  'tune-learning-rate.ts': (out) => {
    const errors = numbersAfter(out, 'validation error');
    expect(errors).toHaveLength(15); // 14 trials and the best
    const best = errors.at(-1)!;
    expect(best).toBe(Math.min(...errors.slice(0, -1)));
    expect(best).toBeLessThan(0.25);
    // the search matters: the worst setting tried is far worse than the best
    expect(Math.max(...errors)).toBeGreaterThan(best + 0.3);
  },
  'own-objective.ts': (out) => {
    expect(out).toMatch(/^H·v check: ok /m);
    const run = (m: string) => {
      const r = new RegExp(
        `^${m}\\s*: (\\d+) iterations, \\d+ evaluations of f, (\\d+) H·v, loss (\\S+)$`,
        'm',
      ).exec(out);
      expect(r, m).not.toBeNull();
      return { nit: Number(r![1]), nhvp: Number(r![2]), loss: Number(r![3]) };
    };
    const [quasi, newton] = [run('lbfgs'), run('newton-cg')];
    expect(quasi.nhvp).toBe(0);
    expect(newton.nhvp).toBeGreaterThan(0);
    expect(newton.nit).toBeLessThan(quasi.nit); // Newton's fast local convergence
    expect(Math.abs(quasi.loss - newton.loss)).toBeLessThanOrEqual(2e-6);
    expect(numbersAfter(out, 'relative difference')[0]).toBeLessThan(1e-4);
    expect(numbersAfter(out, 'test accuracy:')[0]).toBeGreaterThan(0.9);
  },
  'checkpoint-resume.ts': (out) => {
    expect(out).toMatch(/^interrupted after epoch 2 \(callback\)$/m);
    expect(out).toMatch(/^resumed run equals the uninterrupted run bit for bit: true$/m);
    expect(out).toMatch(/^loaded model gives the same predictions: true$/m);
    expect(numbersAfter(out, 'test accuracy:')[0]).toBeGreaterThan(0.8);
  },
};

const exampleFiles = readdirSync(join(repo, 'examples'))
  .filter((f) => f.endsWith('.ts'))
  .sort();

function failure(what: string, r: NodeRun): string {
  const why = r.timedOut ? 'timed out' : `exited with ${r.status}`;
  return `${what} ${why}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

const blocks: TsdocExample[] = allTsdocExamples();
const blockName = (b: TsdocExample) => `${b.file}:${b.line}`;
const blockFile = (b: TsdocExample, i: number) =>
  `tsdoc/${i}-${b.file.replace(/[/.]/g, '_')}-L${b.line}.ts`;

// One installed package and one type-checked program for both groups.
let dir = '';
let exampleDiagnostics: string[] = [];
let tsdocDiagnostics: string[] = [];

beforeAll(() => {
  dir = installUser();
  mkdirSync(join(dir, 'examples'));
  mkdirSync(join(dir, 'tsdoc'));
  const located = new Map<string, (line: number) => string>();
  for (const f of exampleFiles) {
    const to = join(dir, 'examples', f);
    writeFileSync(to, readFileSync(join(repo, 'examples', f), 'utf8'));
    located.set(to, (line) => `examples/${f}:${line}`);
  }
  blocks.forEach((b, i) => {
    const to = join(dir, blockFile(b, i));
    writeFileSync(to, b.code);
    located.set(to, (line) => `${b.file}:${b.line + line - 1}`);
  });
  const all = compile(dir, [...located.keys()], (file, line) => located.get(file)?.(line) ?? file);
  exampleDiagnostics = all.filter((d) => d.startsWith('examples/'));
  tsdocDiagnostics = all.filter((d) => !d.startsWith('examples/'));
}, 180_000);
afterAll(() => {
  if (dir) removeInstall(dir);
});

describe('examples/*.ts', () => {
  it('each has a check here, and a header saying what it shows and how to run it', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(5);
    expect(exampleFiles).toEqual(Object.keys(checks).sort());
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    for (const f of exampleFiles) {
      const text = readFileSync(join(repo, 'examples', f), 'utf8');
      expect(text.startsWith('/**'), f).toBe(true);
      expect(text, f).toContain(`npx tsx examples/${f}`);
      expect(text, f).toMatch(/\n \* Shows: /);
      // imports only what a user can import: the package (its exports map decides which
      // entries resolve) and node: modules, never the repository's files
      for (const [, from] of text.matchAll(/from '([^']+)'/g))
        expect(from, `${f} imports ${from}`).toMatch(/^(optlab(\/[\w-]+)?|node:.+)$/);
      expect(readme, `README lists examples/${f}`).toContain(`examples/${f}`);
    }
  });

  it('type-check under the repository strict settings against the packed package', () => {
    expect(exampleDiagnostics).toEqual([]);
  });

  for (const f of exampleFiles) {
    it(`${f} runs and prints what it says`, async () => {
      const r = await runNode(join(dir, 'examples', f.replace(/\.ts$/, '.js')), dir, 120_000);
      if (r.status !== 0) expect.fail(failure(`examples/${f}`, r));
      checks[f]!(r.stdout);
    }, 150_000);
  }
});

describe('TSDoc @example blocks', () => {
  it('are found with the line of their first code line', () => {
    const text = [
      '/**',
      ' * Adds.',
      ' * @example',
      ' * ```ts',
      " * import { add } from 'optlab';",
      ' *',
      ' *   console.log(add(1, 2));',
      ' * ```',
      ' * @example',
      ' * ```sh',
      ' * optlab add 1 2',
      ' * ```',
      ' * @example',
      ' * ```typescript',
      ' * console.log(1);',
      ' * ```',
      ' */',
      '/** ```ts',
      ' * not after an @example tag',
      ' * ```',
      ' */',
    ].join('\n');
    expect(tsdocExamples('a.ts', text)).toEqual([
      {
        file: 'a.ts',
        line: 5,
        code: "import { add } from 'optlab';\n\n  console.log(add(1, 2));\n",
      },
      { file: 'a.ts', line: 15, code: 'console.log(1);\n' },
    ]);
    expect(() => tsdocExamples('b.ts', '/**\n * @example\n * ```ts\n * f();\n */\n')).toThrow(
      /^b\.ts:3: .* not closed/,
    );
  });

  it('exist on the main entry points', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
  });

  it('type-check under the repository strict settings against the packed package', () => {
    expect(tsdocDiagnostics).toEqual([]);
  });

  it('run and exit 0 (each a whole program)', async () => {
    const failures: string[] = [];
    // two at a time: each is its own Node process
    let next = 0;
    const worker = async () => {
      while (next < blocks.length) {
        const i = next++;
        const b = blocks[i]!;
        const r = await runNode(join(dir, blockFile(b, i).replace(/\.ts$/, '.js')), dir, 60_000);
        if (r.status !== 0) failures.push(failure(`the @example at ${blockName(b)}`, r));
      }
    };
    await Promise.all([worker(), worker()]);
    expect(failures).toEqual([]);
  }, 600_000);
});
