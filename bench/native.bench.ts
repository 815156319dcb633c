/**
 * The native backend beside the others and beside PyTorch, in one run:
 * - GEMM C = A·B, n×n, n = 256, 512, 1024, float32 and float64: GFLOP/s of
 *   the native kernels on 1 and 2 threads, the WebAssembly and TypeScript
 *   backends (one thread), and PyTorch's torch.matmul (its OpenBLAS/MKL) with
 *   torch.set_num_threads(T) for the same T;
 * - Adam step ns/param at 1M and 10M float32 parameters, native on 1 and 2
 *   threads, PyTorch's torch.optim.Adam beside it.
 * PyTorch runs only when /usr/bin/python3 (or OPTLAB_PYTHON) has torch; it is
 * never a dependency. optlab and PyTorch alternate in ROUNDS rounds (the
 * machine's speed drifts); each figure is the median over rounds of a median
 * over repetitions, and each ratio the median of the per-round ratios.
 *
 *   npm run bench native          (OPTLAB_BENCH_ROUNDS=3 by default)
 */
import { spawnSync } from 'node:child_process';
import { jsBackend } from '../src/backend/index.js';
import { loadNative } from '../src/backend/native/index.js';
import { createWasmBackend } from '../src/backend/wasm/index.js';
import { Rng } from '../src/random/index.js';
import { blasThreads, median, timeIt } from './util.js';

const SIZES = [256, 512, 1024];
const ADAM = [1_000_000, 10_000_000];
const ROUNDS = Number(process.env.OPTLAB_BENCH_ROUNDS ?? 3);
const PYTHON = process.env.OPTLAB_PYTHON ?? '/usr/bin/python3';

interface TorchOut {
  torch: string;
  gemm: Record<string, number>;
  adam: Record<string, number>;
}

function torchRun(threads: number): TorchOut | null {
  const r = spawnSync(
    PYTHON,
    [
      new URL('./torch_ref.py', import.meta.url).pathname,
      '--threads',
      String(threads),
      '--sizes',
      SIZES.join(','),
      '--adam',
      ADAM.join(','),
    ],
    { encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...blasThreads(threads) } },
  );
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as TorchOut;
}

type Mm = (a: Float32Array | Float64Array, b: typeof a, c: typeof a, n: number) => void;

function gflops(mm: Mm, n: number, f32: boolean, slow = false): number {
  const rng = new Rng(1);
  const make = () => (f32 ? new Float32Array(n * n) : new Float64Array(n * n));
  const a = make();
  const b = make();
  rng.fillNormal(a);
  rng.fillNormal(b);
  const c = make();
  const reps = slow ? (n >= 1024 ? 1 : 3) : n >= 1024 ? 7 : 21;
  const t = median(timeIt(() => mm(a, b, c, n), reps, slow ? 1 : 2));
  return (2 * n ** 3) / t / 1e9;
}

function fmt(x: number | undefined, d = 1): string {
  return x === undefined ? '   —' : x.toFixed(d).padStart(6);
}

export async function run(): Promise<void> {
  const nat = loadNative();
  if (!nat.ok) {
    console.log(`native addon not available (${nat.reason}); nothing to compare`);
    return;
  }
  const addon = nat.addon;
  const wasm = createWasmBackend();
  const threadsBefore = addon.getThreads();
  console.log(
    `CPU kernels: ${addon.cpuInfo().isa}; ${ROUNDS} rounds, optlab and PyTorch alternating`,
  );
  const rows = new Map<string, Record<string, number[]>>();
  const put = (row: string, col: string, v: number) => {
    const r = rows.get(row) ?? {};
    (r[col] ??= []).push(v);
    rows.set(row, r);
  };
  let torchVersion: string | null = null;
  for (let round = 0; round < ROUNDS; round++) {
    for (const threads of [1, 2]) {
      addon.setThreads(threads);
      for (const f32 of [true, false])
        for (const n of SIZES) {
          const row = `${f32 ? 'float32' : 'float64'} ${n}`;
          put(
            row,
            `native T=${threads}`,
            gflops((a, b, c, k) => addon.matmul(a, b, c, k, k, k, false, false), n, f32),
          );
          if (threads === 1 && round === 0) {
            put(
              row,
              'wasm',
              gflops((a, b, c, k) => wasm.matmul(a, b, c, k, k, k, false, false), n, f32),
            );
            put(
              row,
              'js',
              gflops(
                (a, b, c, k) => jsBackend.matmul(a, b, c, k, k, k, false, false),
                n,
                f32,
                true,
              ),
            );
          }
        }
      for (const n of ADAM) {
        const p = new Float32Array(n).fill(0.5);
        const g = new Float32Array(n).fill(0.1);
        const m = new Float32Array(n);
        const v = new Float32Array(n);
        const none = new Float32Array(0);
        const t = median(
          timeIt(
            () =>
              addon.adamStep(p, g, m, v, none, 0.9, 0.999, 10, 1000, 1e-8, 0, -1e-3, 0, 0, null),
            11,
            3,
          ),
        );
        put(`adam ${n}`, `native T=${threads}`, (t / n) * 1e9);
      }
      const tr = torchRun(threads);
      if (tr) {
        torchVersion = tr.torch;
        for (const [k, v] of Object.entries(tr.gemm)) put(k, `torch T=${threads}`, v);
        for (const [k, v] of Object.entries(tr.adam)) put(`adam ${k}`, `torch T=${threads}`, v);
      }
    }
  }
  addon.setThreads(threadsBefore);
  console.log(
    torchVersion
      ? `PyTorch ${torchVersion} (torch.matmul, torch.optim.Adam)`
      : 'PyTorch: not found (set OPTLAB_PYTHON)',
  );
  const ratio = (r: Record<string, number[]>, a: string, b: string) => {
    const x = r[a];
    const y = r[b];
    if (!x || !y) return undefined;
    return median(x.map((v, i) => v / y[i]!));
  };
  console.log('GEMM n×n GFLOP/s (median of rounds)   native/torch at the same thread count');
  console.log(
    '               native T=1 native T=2    wasm      js   torch T=1 torch T=2   T=1    T=2',
  );
  for (const [row, r] of rows) {
    if (row.startsWith('adam')) continue;
    const med = (k: string) => (r[k] ? median(r[k]!) : undefined);
    console.log(
      `  ${row.padEnd(13)} ${fmt(med('native T=1'))}    ${fmt(med('native T=2'))}  ${fmt(med('wasm'))}  ${fmt(med('js'))}   ${fmt(med('torch T=1'))}    ${fmt(med('torch T=2'))}  ${fmt(ratio(r, 'native T=1', 'torch T=1'), 2)} ${fmt(ratio(r, 'native T=2', 'torch T=2'), 2)}`,
    );
  }
  console.log('Adam step, float32, ns/param (median of rounds)   torch/native (>1: native faster)');
  for (const [row, r] of rows) {
    if (!row.startsWith('adam')) continue;
    const med = (k: string) => (r[k] ? median(r[k]!) : undefined);
    console.log(
      `  ${row.padEnd(13)} native T=1 ${fmt(med('native T=1'), 2)}  T=2 ${fmt(med('native T=2'), 2)}   torch T=1 ${fmt(med('torch T=1'), 2)}  T=2 ${fmt(med('torch T=2'), 2)}   ${fmt(ratio(r, 'torch T=1', 'native T=1'), 2)} ${fmt(ratio(r, 'torch T=2', 'native T=2'), 2)}`,
    );
  }
}
