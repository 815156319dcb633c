/** Timing helpers for benchmarks: warm-up, repetitions, median. */
import { performance } from 'node:perf_hooks';

/** Seconds per call for `reps` timed calls after `warmup` untimed ones. */
export function timeIt(fn: () => unknown, reps: number, warmup = 2): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    out.push((performance.now() - t0) / 1e3);
  }
  return out;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Thread-count variables for the Python child: Debian's PyTorch calls the
 * pthreads OpenBLAS, which ignores `torch.set_num_threads` and uses every core
 * unless OPENBLAS_NUM_THREADS says otherwise (its "one thread" GEMM ran on both
 * cores of the 2-core machine until this was set).
 */
export function blasThreads(t: number): Record<string, string> {
  const n = String(t);
  return { OPENBLAS_NUM_THREADS: n, OMP_NUM_THREADS: n, MKL_NUM_THREADS: n };
}
