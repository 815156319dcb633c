/**
 * Property-based fuzzing of every JSON command (eval, trace, minimize,
 * spectrum, tune) and of the `train` config (issue 19): a malformed input
 * must end with exit status 2, exactly one line of bounded length on standard
 * error, nothing on standard output, quickly, and without a large allocation.
 *
 * Each run takes a valid spec and breaks it in one way that no schema accepts
 * (an unknown or prototype-polluting key, a value of the wrong JSON type, a
 * required field removed, a value out of range or above a documented limit,
 * nesting 70–5000 deep, a non-finite literal, text that is not JSON or not
 * UTF-8, a random JSON value lacking the required fields). The commands run
 * in-process (test/helpers.ts). OPTLAB_FUZZ_RUNS sets the runs per command
 * (default 100); the counts are printed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { trainConfigSchema } from '../src/train/config.js';
import { type CliRun, cli } from './helpers.js';

const RUNS = Number(process.env.OPTLAB_FUZZ_RUNS ?? 100);
/** Longest accepted error line: "optlab: " and the 500-character cap of main.ts, plus the newline. */
const MAX_LINE = 8 + 500 + 1;
/** Wall time allowed for one in-process run of a malformed input. */
const MAX_MS = 5000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface Target {
  command: string;
  base: Json;
  /** Paths (dot/index lists) of fields that are required. */
  required: (string | number)[][];
  /** Patches [path, value] that are out of range or above a limit. */
  bad: [(string | number)[], Json][];
}

const targets: Target[] = [
  {
    command: 'eval',
    base: { problem: { name: 'rosenbrock' }, x: [-1.2, 1], v: [1, 0] },
    required: [['problem'], ['x'], ['problem', 'name']],
    bad: [
      [['x'], []],
      [['x'], [1]],
      [['v'], [1, 2, 3]],
      [['problem', 'name'], 'rosenbrok'],
      [
        ['problem'],
        {
          name: 'quadratic',
          A: [
            [1, 2],
            [3, 4],
          ],
          b: [1, 1],
        },
      ],
      [['problem'], { name: 'quadratic', A: [[1]], b: [1, 1] }],
      [['dtype'], 'float16'],
      [
        ['problem'],
        {
          name: 'mlp',
          sizes: [2, 1e9, 1],
          activation: 'tanh',
          loss: 'mse',
          inputs: [[1, 2]],
          targets: [[1]],
        },
      ],
    ],
  },
  {
    command: 'trace',
    base: {
      problem: { name: 'bowl' },
      x0: [-7, 2],
      optimizer: { name: 'adam', lr: 0.3, b1: 0.9 },
      steps: 5,
      schedule: { name: 'linear-decay', initial: 0.3, final: 0.01, steps: 5 },
      clip: { globalNorm: 10 },
    },
    required: [['problem'], ['x0'], ['optimizer'], ['steps'], ['optimizer', 'name']],
    bad: [
      [['steps'], 1e9],
      [['steps'], -1],
      [['steps'], 2.5],
      [['optimizer', 'lr'], 0],
      [['optimizer', 'b1'], 1],
      [['optimizer', 'name'], 'adamm'],
      [['optimizer'], { name: 'delta-bar-delta', lr: 0.1 }],
      [['clip'], { globalNorm: 1, value: 2 }],
      [['schedule', 'steps'], 0],
      [['x0'], [1, 2, 3]],
    ],
  },
  {
    command: 'minimize',
    base: {
      problem: { name: 'rosenbrock' },
      x0: [-1.2, 1],
      method: 'bfgs',
      options: { gtol: 1e-6, maxIter: 50 },
    },
    required: [['problem'], ['x0'], ['method']],
    bad: [
      [['method'], 'bfgz'],
      [['options', 'maxIter'], -1],
      [['options', 'maxIter'], 1e12],
      [['options', 'gtol'], -1],
      [['options', 'memory'], 5],
      [['options'], { c1: 0.9, c2: 0.1 }],
      [
        [],
        {
          problem: { name: 'rosenbrock' },
          x0: [1, 2],
          method: 'coordinate-descent',
          options: { blockSize: 5 },
        },
      ],
      [['x0'], Array.from({ length: 3000 }, () => 0.5)],
      [['x0'], []],
    ],
  },
  {
    command: 'spectrum',
    base: { problem: { name: 'rosenbrock' }, x: [1, 1], k: 1 },
    required: [['problem'], ['x']],
    bad: [
      [['k'], 0],
      [['k'], 1.5],
      [['x'], [1]],
      [['problem'], { name: 'saddle', A: [[1]] }],
    ],
  },
  {
    command: 'tune',
    base: { objective: { name: 'branin' }, sampler: { name: 'random' }, trials: 3, seed: 0 },
    required: [['objective'], ['sampler'], ['trials'], ['objective', 'name'], ['sampler', 'name']],
    bad: [
      [['trials'], 0],
      [['trials'], 1e12],
      [['objective'], { name: 'rosenbrock', dim: 1 }],
      [['sampler'], { name: 'grid', points: 0 }],
      [['sampler', 'name'], 'bayes'],
    ],
  },
  {
    command: 'train',
    base: {
      data: 'mnist',
      validation: 0.1,
      model: { hidden: [8], activation: 'relu', dropout: 0 },
      optimizer: { name: 'sgd', lr: 0.1 },
      batchSize: 100,
      epochs: 1,
      seed: 0,
      divergence: { factor: 10, window: 20 },
    },
    required: [['optimizer'], ['optimizer', 'name']],
    bad: [
      [['model', 'hidden'], [1_000_000]],
      [['model', 'hidden'], [0]],
      [['model', 'dropout'], 1],
      [['batchSize'], 0],
      [['epochs'], 1e9],
      [['optimizer'], { name: 'sgd' }],
      [['divergence', 'factor'], 1],
      [['divergence'], true],
      [['validation'], -0.5],
    ],
  },
];

// ---------- mutations ----------

type Path = (string | number)[];

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Every path to a primitive leaf or a numeric vector. */
function leaves(v: Json, path: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [path];
  if (Array.isArray(v) && v.every((x) => typeof x === 'number'))
    return [path, ...v.map((_, i) => [...path, i])];
  const out: Path[] = [];
  for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v))
    out.push(...leaves(x as Json, [...path, k]));
  return out;
}

/** Every path to an object (where an unknown key can be added). */
function objects(v: Json, path: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [];
  const out: Path[] = Array.isArray(v) ? [] : [path];
  for (const [k, x] of Array.isArray(v) ? v.entries() : Object.entries(v))
    out.push(...objects(x as Json, [...path, k]));
  return out;
}

function get(v: Json, path: Path): Json {
  let cur = v;
  for (const p of path) cur = (cur as Record<string | number, Json>)[p]!;
  return cur;
}

function set(v: Json, path: Path, value: Json | undefined): Json {
  if (path.length === 0) return value as Json;
  const root = clone(v);
  const parent = get(root, path.slice(0, -1)) as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return root;
}

function jsonType(v: Json): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

/** A JSON value of another type than `v` (never a number for a numeric vector, never a boolean for a boolean). */
function otherType(v: Json): fc.Arbitrary<Json> {
  const t = jsonType(v);
  const all: [string, fc.Arbitrary<Json>][] = [
    ['null', fc.constant(null)],
    ['boolean', fc.boolean()],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true })],
    ['string', fc.string({ maxLength: 20 })],
    ['array', fc.array(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 3 })],
    [
      'object',
      fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
    ],
  ];
  return fc.oneof(...all.filter(([k]) => k !== t).map(([, a]) => a));
}

/** A key no schema knows: a prototype key, a "~"-prefixed random one, or a 2 MB one. */
const unknownKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
  fc.string({ maxLength: 30 }).map((s) => `~${s}`),
  fc.constant(`~${'k'.repeat(2_000_000)}`),
);

/** A malformed input: the text of the spec file (or bytes) and what was done, for the failure message. */
interface Case {
  what: string;
  text: string | Uint8Array;
}

function serialise(v: Json): string {
  return JSON.stringify(v);
}

function malformed(t: Target): fc.Arbitrary<Case> {
  const leafPaths = leaves(t.base).filter((p) => p.length > 0);
  const objPaths = objects(t.base);
  const required = t.required.length > 0 ? t.required : [[]];
  return fc.oneof(
    // an unknown key somewhere
    fc.tuple(fc.constantFrom(...objPaths), unknownKey).map(([p, k]) => {
      const root = clone(t.base);
      const obj = get(root, p) as Record<string, Json>;
      Object.defineProperty(obj, k, { value: 1, enumerable: true, configurable: true });
      return { what: `unknown key ${k.slice(0, 20)} at ${p.join('.')}`, text: serialise(root) };
    }),
    // a value of the wrong type
    fc
      .constantFrom(...leafPaths)
      .chain((p) => otherType(get(t.base, p)).map((v) => ({ p, v })))
      .map(({ p, v }) => ({
        what: `wrong type at ${p.join('.')}: ${JSON.stringify(v)}`,
        text: serialise(set(t.base, p, v)),
      })),
    // a required field removed
    fc
      .constantFrom(...required)
      .map((p) => ({ what: `removed ${p.join('.')}`, text: serialise(set(t.base, p, undefined)) })),
    // out of range or above a limit
    fc
      .constantFrom(...t.bad)
      .map(([p, v]) => ({ what: `bad ${p.join('.')}`, text: serialise(set(t.base, p, v)) })),
    // nested too deep, around a leaf
    fc
      .tuple(fc.constantFrom(...leafPaths), fc.integer({ min: 70, max: 5000 }), fc.boolean())
      .map(([p, depth, arr]) => {
        const open = arr ? '['.repeat(depth) : '{"name":'.repeat(depth);
        const close = arr ? ']'.repeat(depth) : '}'.repeat(depth);
        const marker = '"@@LEAF@@"';
        const text = serialise(set(t.base, p, '@@LEAF@@')).replace(marker, `${open}1${close}`);
        return { what: `nested ${depth} deep at ${p.join('.')}`, text };
      }),
    // a non-finite literal (1e400 parses as Infinity)
    fc
      .tuple(
        fc.constantFrom(...leafPaths.filter((p) => typeof get(t.base, p) === 'number')),
        fc.constantFrom('1e400', '-1e400'),
      )
      .map(([p, lit]) => ({
        what: `${lit} at ${p.join('.')}`,
        text: serialise(set(t.base, p, '@@N@@')).replace('"@@N@@"', lit),
      })),
    // not JSON: the valid text cut short, or random text
    fc
      .oneof(
        fc.nat().map((n) => {
          const s = serialise(t.base);
          return s.slice(0, n % (s.length - 1));
        }),
        fc.string({ maxLength: 40 }),
      )
      .filter((s) => {
        try {
          JSON.parse(s);
          return false;
        } catch {
          return true;
        }
      })
      .map((s) => ({ what: `not JSON: ${s.slice(0, 20)}`, text: s })),
    // invalid UTF-8 inside a string
    fc.constant({
      what: 'invalid UTF-8',
      text: Uint8Array.from([
        ...Buffer.from('{"problem":{"name":"'),
        0xff,
        0xfe,
        ...Buffer.from('"}}'),
      ]),
    }),
    // a random JSON value without the required top-level fields
    fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => {
        const first = required[0]?.[0];
        return !(
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          first !== undefined &&
          String(first) in v
        );
      })
      .map((v) => ({
        what: `random JSON ${JSON.stringify(v).slice(0, 30)}`,
        text: JSON.stringify(v),
      })),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'optlab-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let file = 0;
async function runCase(t: Target, c: Case): Promise<CliRun & { ms: number }> {
  const f = join(dir, `in-${file++}.json`);
  writeFileSync(f, c.text);
  const t0 = performance.now();
  const r =
    t.command === 'train'
      ? await cli(['train', '--config', f, '--out', join(dir, `out-${file}`)])
      : // tune logs each finished trial on standard error; --quiet keeps only errors
        await cli(t.command === 'tune' ? ['tune', '--quiet', f] : [t.command, f]);
  rmSync(f, { force: true });
  return { ...r, ms: performance.now() - t0 };
}

const counts: Record<string, number> = {};
/** Peak resident set (KiB) before the runs: a forked worker may have run other files first. */
const peak0 = process.resourceUsage().maxRSS;

describe('fuzz: malformed specs and configs exit 2 with one bounded line (issue 19)', () => {
  it('the unbroken bases are valid (so every mutation is what breaks them)', async () => {
    for (const t of targets) {
      if (t.command === 'train') {
        expect(trainConfigSchema.safeParse(t.base).success).toBe(true);
        continue;
      }
      const r = await runCase(t, { what: 'base', text: serialise(t.base) });
      expect(r.stderr, t.command).toBe('');
      expect(r.status, t.command).toBe(0);
    }
  });

  for (const t of targets) {
    it(
      `${t.command}: ${RUNS} malformed inputs`,
      async () => {
        let n = 0;
        await fc.assert(
          fc.asyncProperty(malformed(t), async (c) => {
            const r = await runCase(t, c);
            n++;
            const ctx = `${t.command} (${c.what}): status ${r.status}, stderr ${r.stderr.slice(0, 300)}`;
            expect(r.status, ctx).toBe(2);
            expect(r.stdout, ctx).toBe('');
            expect(r.stderr.endsWith('\n'), ctx).toBe(true);
            expect(r.stderr.split('\n'), ctx).toHaveLength(2);
            expect(r.stderr.length, ctx).toBeLessThanOrEqual(MAX_LINE);
            expect(r.ms, ctx).toBeLessThan(MAX_MS);
          }),
          { numRuns: RUNS, seed: Number(process.env.OPTLAB_FUZZ_SEED ?? 19) },
        );
        counts[t.command] = n;
      },
      120_000 + RUNS * MAX_MS,
    );
  }

  it('memory stayed bounded over all runs (the peak resident set grew by less than 1 GiB)', () => {
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(
      `fuzz: ${total} malformed inputs (${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(
          ', ',
        )}), all exit 2 with one line; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
    expect(total).toBe(RUNS * targets.length);
    expect(process.resourceUsage().maxRSS - peak0).toBeLessThan(1024 * 1024);
  });
});
