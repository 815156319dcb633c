/**
 * The stopping tests shared by every method, applied in one order after each
 * iteration: non-finite f → callback (it sees every iteration, the last one
 * too, as SciPy's) → gtol (success) → ftol → xtol → maxIter → maxFev. `success` in the result is decided separately, from ‖∇f(x)‖∞ ≤ gtol.
 */
import type { CountedObjective } from './counted.js';
import type { StopReason } from './messages.js';
import type { Common } from './options.js';
import { infNorm } from './result.js';

export class Monitor {
  constructor(
    private readonly counted: CountedObjective,
    private readonly o: Common,
  ) {}

  /** Tests at the starting point (iteration 0). */
  start(x: Float64Array, f: number, g: Float64Array): StopReason | null {
    if (!Number.isFinite(f) || !Number.isFinite(infNorm(g))) return 'nonFinite';
    if (infNorm(g) <= this.o.gtol) return 'gtol';
    if (this.o.maxIter === 0) return 'maxIter';
    void x;
    return null;
  }

  /** Tests after iteration `nit`, which moved x by ‖Δx‖∞ = `stepInf` and f from fPrev to f. */
  check(
    nit: number,
    x: Float64Array,
    f: number,
    fPrev: number,
    g: Float64Array,
    stepInf: number,
  ): StopReason | null {
    const o = this.o;
    const gInf = infNorm(g);
    if (!Number.isFinite(f) || !Number.isFinite(gInf)) return 'nonFinite';
    if (o.callback) {
      const c = this.counted;
      const stop = o.callback({
        nit,
        x,
        fun: f,
        grad: g,
        nfev: c.nfev,
        ngev: c.ngev,
        nhvp: c.nhvp,
      });
      if (stop === 'stop') return gInf <= o.gtol ? 'gtol' : 'callback';
    }
    if (gInf <= o.gtol) return 'gtol';
    if (o.ftol > 0 && fPrev - f <= o.ftol * Math.max(Math.abs(fPrev), Math.abs(f), 1))
      return 'ftol';
    if (o.xtol > 0 && stepInf <= o.xtol * (1 + infNorm(x))) return 'xtol';
    if (nit >= o.maxIter) return 'maxIter';
    if (o.maxFev !== undefined && this.counted.nfev >= o.maxFev) return 'maxFev';
    return null;
  }
}
