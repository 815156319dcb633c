/**
 * One configuration of the training benchmark, run in its own process by
 * training.bench.ts (so that OPTLAB_BACKEND and OPTLAB_THREADS are read at load
 * time, as a user's run reads them). Prints one JSON line:
 * `{backend, threads, adam, adamCpu: {n: nsPerParam}, mlp, mlpCpu: {net: samplesPerSecond}}`
 * (wall clock, and CPU time of the process).
 *
 * Protocol (the same as bench/torch_training.py): random MNIST-shaped float32
 * data in 64 pre-cut batches of 128, softmax cross-entropy, Adam lr 1e-3,
 * 20 warm-up steps, then 200 timed steps as 5 segments of 40; the median
 * segment's samples/s. Adam: one step over n float32 parameters, the median of
 * several after 3 warm-up steps.
 *
 *   OPTLAB_BACKEND=wasm OPTLAB_THREADS=1 npx tsx bench/training.run.ts '{"nets":["784-100-100-100-100-10"],"adam":[1000000]}'
 */
import { performance } from 'node:perf_hooks';
import { availableBackends, backend, setBackend } from '../src/backend/index.js';
import { mlp } from '../src/nn/index.js';
import { adam, step } from '../src/optim/index.js';
import { Rng } from '../src/random/index.js';
import { Tensor } from '../src/tensor/index.js';

export const PROTOCOL = { batches: 64, batch: 128, warmup: 20, segments: 5, segSteps: 40 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Samples/s of the MLP `sizes` under the protocol (wall clock), and samples per
 * CPU-second of the process (all its threads: steadier on a shared machine).
 */
export function mlpRates(sizes: number[]): { wall: number; cpu: number } {
  const { batches, batch, warmup, segments, segSteps } = PROTOCOL;
  const rng = new Rng(7);
  const f = sizes[0]!;
  const classes = sizes[sizes.length - 1]!;
  const xs: Tensor[] = [];
  const ys: Int32Array[] = [];
  for (let b = 0; b < batches; b++) {
    const x = new Float32Array(batch * f);
    for (let i = 0; i < x.length; i++) x[i] = rng.uniform();
    xs.push(new Tensor(x, [batch, f]));
    ys.push(Int32Array.from({ length: batch }, () => Math.floor(rng.uniform() * classes)));
  }
  const model = mlp({ sizes, activation: 'relu', dtype: 'float32', seed: 1 });
  const opt = adam({ lr: 1e-3 });
  const state = opt.init(model.theta);
  let k = 0;
  const oneStep = () => {
    const b = k++ % batches;
    model.lossAndGrad(xs[b]!, ys[b]!);
    step(opt, model.theta, model.grad, state);
  };
  for (let i = 0; i < warmup; i++) oneStep();
  const rates: number[] = [];
  const cpu: number[] = [];
  for (let s = 0; s < segments; s++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < segSteps; i++) oneStep();
    const c = process.cpuUsage(c0);
    rates.push((segSteps * batch) / ((performance.now() - t0) / 1e3));
    cpu.push((segSteps * batch) / ((c.user + c.system) / 1e6));
  }
  return { wall: median(rates), cpu: median(cpu) };
}

/** Samples/s of the MLP `sizes` under the protocol. */
export function mlpSamplesPerSecond(sizes: number[]): number {
  return mlpRates(sizes).wall;
}

/** ns per parameter of one fused Adam step over n float32 parameters: wall clock and CPU time. */
export function adamNsPerParam(n: number): { wall: number; cpu: number } {
  const p = new Float32Array(n);
  const g = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = Math.sin(i) * 0.1;
    g[i] = Math.cos(i * 0.7) * 0.01;
  }
  const opt = adam({ lr: 1e-3 });
  const s = opt.init(p);
  const reps = n > 1_000_000 ? 9 : 31;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    step(opt, p, g, s);
    const c = process.cpuUsage(c0);
    if (r >= 3) {
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1e3);
    }
  }
  return { wall: (median(times) * 1e6) / n, cpu: (median(cpu) * 1e6) / n };
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as { nets?: string[]; adam?: number[] };
  const want = process.env.OPTLAB_BACKEND;
  if (want) {
    const b = availableBackends().find((x) => x.name === want);
    if (!b) throw new Error(`training.run: backend ${want} is not available here`);
    setBackend(b);
  }
  const out: {
    backend: string;
    threads: string;
    adam: Record<string, number>;
    adamCpu: Record<string, number>;
    mlp: Record<string, number>;
    mlpCpu: Record<string, number>;
  } = {
    backend: backend().name,
    threads: process.env.OPTLAB_THREADS ?? '',
    adam: {},
    adamCpu: {},
    mlp: {},
    mlpCpu: {},
  };
  for (const n of cfg.adam ?? []) {
    const r = adamNsPerParam(n);
    out.adam[n] = r.wall;
    out.adamCpu[n] = r.cpu;
  }
  for (const net of cfg.nets ?? []) {
    const r = mlpRates(net.split('-').map(Number));
    out.mlp[net] = r.wall;
    out.mlpCpu[net] = r.cpu;
  }
  console.log(JSON.stringify(out));
}

if (process.argv[1]?.endsWith('training.run.ts')) await main();
