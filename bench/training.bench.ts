/**
 * Training step and optimizer, side by side with PyTorch in the same run:
 * - Adam ns/param at 1M and 10M float32 parameters;
 * - MLP samples/s for 784-100-100-100-100-10 and 784-512-512-10 (ReLU, float32,
 *   batch 128, Adam lr 1e-3; protocol in training.run.ts / torch_training.py);
 * for every backend `availableBackends()` offers (js, wasm, native when built)
 * and T = 1 and 2 threads (OPTLAB_THREADS=T, torch.set_num_threads(T)). Each
 * configuration runs in its own process. When /usr/bin/python3 (or python3)
 * imports torch, PyTorch runs the same protocol and the ratios are printed
 * (optlab speed / PyTorch speed: above 1 is faster than PyTorch).
 *
 *   npm run bench training
 *   BENCH_THREADS=1 BENCH_BACKENDS=wasm npm run bench training   # a subset
 *
 * The js backend runs the small net only unless BENCH_FULL=1 (its wide-net run
 * takes minutes).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { availableBackends } from '../src/backend/index.js';
import { blasThreads } from './util.js';

const NETS = ['784-100-100-100-100-10', '784-512-512-10'];
const ADAM = [1_000_000, 10_000_000];

interface Result {
  backend: string;
  threads: string;
  adam: Record<string, number>;
  adamCpu: Record<string, number>;
  mlp: Record<string, number>;
  mlpCpu: Record<string, number>;
}

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

function findTorch(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

function runChild(cmd: string, args: string[], env: Record<string, string>): Result | null {
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 24,
  });
  const line = r.stdout
    ?.trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || !line) {
    console.log(`  (${cmd} ${args[0]} failed: ${(r.stderr ?? '').trim().split('\n').pop()})`);
    return null;
  }
  return JSON.parse(line) as Result;
}

/** Width of an MLP column. */
const W = 46;
/** Width of an Adam column. */
const A = 34;
const f0 = (x: number) => x.toFixed(0).padStart(7);
const f2 = (x: number) => x.toFixed(2).padStart(6);
const ratio = (x: number | undefined) => (x === undefined ? '' : ` (${x.toFixed(2)}×)`);

export async function run(): Promise<void> {
  const env = process.env;
  const threads = (env.BENCH_THREADS ?? '1,2').split(',').map(Number);
  const names = availableBackends()
    .map((b) => b.name)
    .filter((n) => !env.BENCH_BACKENDS || env.BENCH_BACKENDS.split(',').includes(n));
  const py = findTorch();
  const tsx = here('../node_modules/.bin/tsx');
  console.log(
    `training step and optimizer, float32; backends: ${names.join(', ')}; PyTorch: ${py ? py : 'not found (no ratios)'}`,
  );
  for (const t of threads) {
    const rows: Result[] = [];
    // PyTorch first, then each backend, all at the same thread count
    const torch = py
      ? runChild(
          py,
          [here('torch_training.py'), JSON.stringify({ threads: t, nets: NETS, adam: ADAM })],
          blasThreads(t),
        )
      : null;
    if (torch) rows.push(torch);
    for (const name of names) {
      // the TypeScript GEMM is ~10× slower: its wide-net run would take minutes
      const nets = name === 'js' && !env.BENCH_FULL ? NETS.slice(0, 1) : NETS;
      const cfg = JSON.stringify({ nets, adam: ADAM });
      const r = runChild(tsx, [here('training.run.ts'), cfg], {
        OPTLAB_BACKEND: name,
        OPTLAB_THREADS: String(t),
      });
      if (r) rows.push(r);
    }
    console.log(`\nT = ${t} thread${t > 1 ? 's' : ''}`);
    console.log(
      `  ${'backend'.padEnd(18)} ${ADAM.map((n) => `Adam ns/param @${n / 1e6}M · CPU`.padEnd(A)).join('')}${NETS.map((n) => `${n}: samples/s · per CPU-s`.padEnd(W)).join('')}`,
    );
    for (const r of rows) {
      const isTorch = r === torch;
      const cells = [
        ...ADAM.map((n) => {
          const x = r.adam[n]!;
          const y = r.adamCpu[n]!;
          const q = torch && !isTorch ? torch.adam[n]! / x : undefined;
          const qc = torch && !isTorch ? torch.adamCpu[n]! / y : undefined;
          return `${f2(x)}${ratio(q)} ${f2(y)}${ratio(qc)}`.padEnd(A);
        }),
        ...NETS.map((n) => {
          const x = r.mlp[n];
          const y = r.mlpCpu[n];
          if (x === undefined || y === undefined) return '      — (BENCH_FULL=1)'.padEnd(W);
          const q = torch && !isTorch ? x / torch.mlp[n]! : undefined;
          const qc = torch && !isTorch ? y / torch.mlpCpu[n]! : undefined;
          return `${f0(x)}${ratio(q)} ${f0(y)}${ratio(qc)}`.padEnd(W);
        }),
      ];
      console.log(`  ${r.backend.padEnd(18)} ${cells.join('')}`);
    }
  }
  console.log(
    '\nwall clock (the protocol: median of 5 segments; Adam: median step) · CPU time of the process (all threads; steadier on a shared machine)',
  );
  if (py) console.log('(×) = optlab speed / PyTorch speed at the same thread count, same run');
}
