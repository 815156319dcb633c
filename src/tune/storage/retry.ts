/**
 * Retrying transient storage errors (a busy SQLite file, a PostgreSQL server
 * restarting or unreachable) with capped exponential back-off and full jitter
 * (AWS Architecture Blog, "Exponential backoff and jitter", 2015): attempt k
 * sleeps a uniform time in [0, min(cap, base·2^k)], so that workers that failed
 * together do not retry together. Errors that are not transient are thrown at
 * once; transient ones after `timeoutMs` without success.
 */

export interface RetryOptions {
  /** First back-off bound, ms (default 5). */
  baseMs?: number;
  /** Largest back-off bound, ms (default 2000). */
  capMs?: number;
  /** Give up after this long, ms (default 600 000). */
  timeoutMs?: number;
  /** Called before each sleep (e.g. to drop a broken connection or log). */
  onRetry?: (e: unknown, attempt: number) => void | Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Uniform in [0, 1) from the platform's entropy: jitter must differ between processes and never affects results. */
function jitter(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]! / 4294967296;
}

/** Runs `fn` until it succeeds, retrying while `transient(error)`. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  transient: (e: unknown) => boolean,
  o: RetryOptions = {},
): Promise<T> {
  const base = o.baseMs ?? 5;
  const cap = o.capMs ?? 2000;
  const deadline = Date.now() + (o.timeoutMs ?? 600_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!transient(e) || Date.now() > deadline) throw e;
      await o.onRetry?.(e, attempt);
      await sleep(jitter() * Math.min(cap, base * 2 ** attempt));
    }
  }
}

/** A queue that runs async functions one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => {});
    return next;
  }
}
