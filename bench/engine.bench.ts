/** Engine benchmarks: GEMM GFLOP/s and an MLP forward+backward pass. */
import { add, crossEntropy, matmul, relu, valueAndGrad } from '../src/autodiff/index.js';
import { backend } from '../src/backend/index.js';
import { Rng } from '../src/random/index.js';
import { type DType, randn, Tensor } from '../src/tensor/index.js';
import { median, timeIt } from './util.js';

export async function run(): Promise<void> {
  console.log(`GEMM (backend ${backend().name}), C = A·B, square n×n`);
  const rng = new Rng(1);
  for (const dtype of ['float32', 'float64'] as DType[]) {
    for (const n of [256, 512, 1024]) {
      const a = randn([n, n], rng, { dtype }).data;
      const b = randn([n, n], rng, { dtype }).data;
      const c = dtype === 'float32' ? new Float32Array(n * n) : new Float64Array(n * n);
      const reps = n >= 1024 ? 3 : n >= 512 ? 5 : 15;
      const t = median(timeIt(() => backend().matmul(a, b, c, n, n, n, false, false), reps, 1));
      console.log(
        `  ${dtype} ${n}³: ${((2 * n ** 3) / t / 1e9).toFixed(2)} GFLOP/s (${(t * 1e3).toFixed(1)} ms)`,
      );
    }
  }

  const sizes = [784, 100, 100, 100, 100, 10];
  for (const dtype of ['float32', 'float64'] as DType[]) {
    const X = randn([128, 784], rng, { dtype });
    const labels = Int32Array.from({ length: 128 }, (_, i) => i % 10);
    const params: Tensor[] = [];
    for (let l = 1; l < sizes.length; l++) {
      params.push(
        randn([sizes[l - 1]!, sizes[l]!], rng, { dtype, std: Math.sqrt(2 / sizes[l - 1]!) }),
      );
      params.push(randn([sizes[l]!], rng, { dtype, std: 0 }));
    }
    // one flat vector so a single valueAndGrad call differentiates every layer
    const sizesFlat = params.map((p) => p.size);
    const flat = new Tensor(
      dtype === 'float32'
        ? new Float32Array(sizesFlat.reduce((x, y) => x + y))
        : new Float64Array(sizesFlat.reduce((x, y) => x + y)),
      [sizesFlat.reduce((x, y) => x + y)],
    );
    let off = 0;
    for (const p of params) {
      flat.data.set(p.data, off);
      off += p.size;
    }
    const { reshape, slice } = await import('../src/autodiff/index.js');
    const loss = (theta: Tensor) => {
      let a = X;
      let o = 0;
      for (let l = 1; l < sizes.length; l++) {
        const W = reshape(slice(theta, [o], [sizes[l - 1]! * sizes[l]!]), [
          sizes[l - 1]!,
          sizes[l]!,
        ]);
        o += sizes[l - 1]! * sizes[l]!;
        const b = slice(theta, [o], [sizes[l]!]);
        o += sizes[l]!;
        a = add(matmul(a, W), b);
        if (l < sizes.length - 1) a = relu(a);
      }
      return crossEntropy(a, labels);
    };
    const t = median(timeIt(() => valueAndGrad(loss)(flat), 30, 5));
    console.log(
      `MLP 784-100-100-100-100-10 ReLU, batch 128, ${dtype}: forward+backward ${(t * 1e3).toFixed(2)} ms`,
    );
  }
}
