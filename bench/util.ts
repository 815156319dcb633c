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
