/** The page's side of the worker protocol (see engine.worker.ts). */
import type { WorkerRequest } from './engine.worker.js';

type Pending = {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onEvent?: (e: unknown) => void;
};

/** One engine worker; `call` sends a request and resolves with its result. */
export class Engine {
  private worker: Worker;
  private next = 1;
  private pending = new Map<number, Pending>();

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (
      e: MessageEvent<{ id: number; event?: unknown; result?: unknown; error?: string }>,
    ) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if ('event' in m) p.onEvent?.(m.event);
      else if ('error' in m) {
        this.pending.delete(m.id);
        p.reject(new Error(m.error));
      } else {
        this.pending.delete(m.id);
        p.resolve(m.result);
      }
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values())
        p.reject(new Error(e.message || 'the engine worker failed'));
      this.pending.clear();
    };
  }

  call<R>(
    type: WorkerRequest['type'],
    args: WorkerRequest['args'],
    onEvent?: (e: never) => void,
  ): Promise<R> {
    const id = this.next++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        ...(onEvent ? { onEvent: onEvent as (e: unknown) => void } : {}),
      });
      this.worker.postMessage({ id, type, args });
    });
  }

  /** Stops the worker at once; pending calls reject. */
  terminate(): void {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(new Error('stopped'));
    this.pending.clear();
  }
}

/** Where the built-in digits asset is (beside index.html). */
export function digitsUrl(): string {
  return new URL('data/digits.bin', document.baseURI).href;
}
