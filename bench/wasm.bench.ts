/**
 * WebAssembly SIMD kernels against the TypeScript ones:
 * - GEMM GFLOP/s, C = A·B square n×n, n = 256, 512, 1024, float32 and float64;
 * - an MLP forward+backward pass with each backend;
 * - optimizer step ns/param at 1M and 10M float32 parameters: Adam (TypeScript
 *   fused `adam().step` vs wasm exact and fast), SGD and momentum.
 * Medians of several repetitions after warm-up. Reference (PyTorch 1.13 CPU
 * Adam, float32): 2.1 ns/param at 1M, 6.7 at 10M.
 *
 *   npm run bench wasm
 */
import { add, crossEntropy, matmul, relu, valueAndGrad } from '../src/autodiff/index.js';
import { type Backend, jsBackend, setBackend } from '../src/backend/index.js';
import { jsOptimKernels } from '../src/backend/optimReference.js';
import {
  createWasmBackend,
  sharedWasmRuntime,
  wasmAdamStep,
  wasmMomentumStep,
  wasmSgdStep,
} from '../src/backend/wasm/index.js';
import { adam, step } from '../src/optim/index.js';
import { Rng } from '../src/random/index.js';
import { type DType, randn, type Tensor } from '../src/tensor/index.js';
import { median, timeIt } from './util.js';

function gemm(wasm: Backend): void {
  console.log('GEMM C = A·B, n×n, median GFLOP/s (ms)');
  const rng = new Rng(1);
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const n of [256, 512, 1024]) {
      const a = randn([n, n], rng, { dtype }).data;
      const b = randn([n, n], rng, { dtype }).data;
      const c = dtype === 'float32' ? new Float32Array(n * n) : new Float64Array(n * n);
      const row: string[] = [];
      for (const be of [jsBackend, wasm]) {
        const reps = n >= 1024 ? (be === jsBackend ? 3 : 7) : n >= 512 ? 7 : 21;
        const warm = be === jsBackend && n >= 512 ? 1 : 2;
        const t = median(timeIt(() => be.matmul(a, b, c, n, n, n, false, false), reps, warm));
        row.push(
          `${be.name} ${((2 * n ** 3) / t / 1e9).toFixed(2).padStart(6)} (${(t * 1e3).toFixed(1)} ms)`,
        );
      }
      console.log(`  ${dtype} ${String(n).padStart(4)}³  ${row.join('   ')}`);
    }
  }
}

function mlp(wasm: Backend): void {
  const sizes = [784, 256, 256, 10];
  const rng = new Rng(2);
  for (const dtype of ['float32', 'float64'] as DType[]) {
    const X = randn([128, 784], rng, { dtype });
    const labels = Int32Array.from({ length: 128 }, (_, i) => i % 10);
    const Ws = sizes
      .slice(1)
      .map((s, l) => randn([sizes[l]!, s], rng, { dtype, std: Math.sqrt(2 / sizes[l]!) }));
    const loss = (W0: Tensor) => {
      let a = relu(matmul(X, W0));
      a = relu(matmul(a, Ws[1]!));
      return crossEntropy(add(matmul(a, Ws[2]!), 0), labels);
    };
    const row: string[] = [];
    for (const be of [jsBackend, wasm]) {
      const prev = setBackend(be);
      const t = median(timeIt(() => valueAndGrad(loss)(Ws[0]!), 15, 3));
      setBackend(prev);
      row.push(`${be.name} ${(t * 1e3).toFixed(2)} ms`);
    }
    console.log(`MLP 784-256-256-10, batch 128, ${dtype}, forward+backward: ${row.join('   ')}`);
  }
}

function nsPerParam(fn: () => void, n: number, reps: number): number {
  return (median(timeIt(fn, reps, 3)) * 1e9) / n;
}

function optim(): void {
  console.log('optimizer step, float32, median ns/param (PyTorch Adam: 2.1 @1M, 6.7 @10M)');
  const rt = sharedWasmRuntime();
  for (const n of [1_000_000, 10_000_000]) {
    const reps = n > 1_000_000 ? 7 : 21;
    const p = new Float32Array(n);
    const g = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = Math.sin(i) * 0.1;
      g[i] = Math.cos(i * 0.7) * 0.01;
    }
    const opt = adam({ lr: 1e-3 });
    const s = opt.init(p);
    const ts = nsPerParam(() => step(opt, p, g, s), n, reps);
    rt.reserve(4 * 4 * n + (1 << 20)); // one growth up front
    const [P, G, M, V] = [rt.from(p), rt.from(g), rt.alloc(n), rt.alloc(n)];
    let t = 0;
    const coefs = () => {
      t++;
      return {
        b1: 0.9,
        b2: 0.999,
        c1: 1 / (1 - 0.9 ** t),
        c2: 1 / (1 - 0.999 ** t),
        eps: 1e-8,
        epsRoot: 0,
        c: -1e-3,
        wd: 0,
        wdd: 0,
      };
    };
    const exact = nsPerParam(() => wasmAdamStep(P, G, M, V, coefs()), n, reps);
    const fast = nsPerParam(
      () => wasmAdamStep(P, G, M, V, coefs(), { precision: 'fast' }),
      n,
      reps,
    );
    const v = new Float32Array(n);
    const sgdTs = nsPerParam(() => jsOptimKernels.sgd(p, g, { c: -1e-3, wd: 0 }, null), n, reps);
    const sgdW = nsPerParam(() => wasmSgdStep(P, G, -1e-3), n, reps);
    const momTs = nsPerParam(
      () => jsOptimKernels.momentum(p, g, v, { mu: 0.9, c: -1e-3, wd: 0, nesterov: false }, null),
      n,
      reps,
    );
    const momW = nsPerParam(() => wasmMomentumStep(P, G, M, 0.9, -1e-3), n, reps);
    const f = (x: number) => x.toFixed(2).padStart(6);
    console.log(
      `  n=${String(n).padStart(9)}  adam: ts fused ${f(ts)}  wasm exact ${f(exact)}  wasm fast ${f(fast)}`,
    );
    console.log(
      `  ${' '.repeat(11)}  sgd: ts fused ${f(sgdTs)}  wasm ${f(sgdW)}   momentum: ts fused ${f(momTs)}  wasm ${f(momW)}`,
    );
    for (const x of [P, G, M, V]) x.free();
  }
}

export async function run(): Promise<void> {
  const wasm = createWasmBackend();
  if (wasm.name !== 'wasm') {
    console.log('WebAssembly SIMD not supported here; nothing to compare');
    return;
  }
  gemm(wasm);
  mlp(wasm);
  optim();
}
