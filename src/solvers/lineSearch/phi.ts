/**
 * φ(α) = f(x + α p): the objective seen along one search direction. Each
 * evaluation computes f and ∇f together (one count in nfev and in ngev) and keeps
 * the trial point and its gradient, so the solver reuses ∇f at the accepted step
 * without evaluating again. φ'(α) = ∇f(x + α p)ᵀ p.
 *
 * The scalar searches only call `eval`, `save` and `restore`; they never see x.
 */
import type { Objective } from '../../objectives/types.js';

export class LineFunction {
  /** The current trial point x0 + α p (after a search: the accepted point). */
  readonly x: Float64Array;
  /** ∇f at `x`. */
  readonly g: Float64Array;
  /** α, f and φ' of the point held in `x`, `g`. */
  alpha = 0;
  f = Number.NaN;
  dphi = Number.NaN;

  private x0: Float64Array;
  private p: Float64Array;
  private readonly sx: Float64Array;
  private readonly sg: Float64Array;
  private sAlpha = 0;
  private sf = Number.NaN;
  private sDphi = Number.NaN;

  constructor(
    readonly objective: Objective & { gradient?(x: Float64Array, g: Float64Array): void },
    n: number,
  ) {
    this.x = new Float64Array(n);
    this.g = new Float64Array(n);
    this.sx = new Float64Array(n);
    this.sg = new Float64Array(n);
    this.x0 = this.x;
    this.p = this.x;
  }

  /** Starts a new line: φ(0) is at `x0`, the direction is `p` (both kept by reference). */
  reset(x0: Float64Array, p: Float64Array): void {
    this.x0 = x0;
    this.p = p;
  }

  /** The direction of the current line. */
  get direction(): Float64Array {
    return this.p;
  }

  /** The origin of the current line. */
  get origin(): Float64Array {
    return this.x0;
  }

  /** Evaluates φ(α) and φ'(α) (stored in `f`, `dphi`); returns φ(α). */
  eval(alpha: number): number {
    const { x, g, x0, p } = this;
    const n = x.length;
    for (let i = 0; i < n; i++) x[i] = x0[i]! + alpha * p[i]!;
    const f = this.objective.valueAndGrad(x, g);
    let d = 0;
    for (let i = 0; i < n; i++) d += g[i]! * p[i]!;
    this.alpha = alpha;
    this.f = f;
    this.dphi = d;
    return f;
  }

  /**
   * Evaluates φ(α) only (f without ∇f, as SciPy's `line_search_wolfe2` does);
   * `dphi` is NaN until `slope()` computes it at this point.
   */
  evalValue(alpha: number): number {
    const { x, x0, p } = this;
    const n = x.length;
    for (let i = 0; i < n; i++) x[i] = x0[i]! + alpha * p[i]!;
    const f = this.objective.value(x);
    this.alpha = alpha;
    this.f = f;
    this.dphi = Number.NaN;
    return f;
  }

  /** φ'(α) at the point of the last `evalValue` (∇f there, counted as a gradient only). */
  slope(): number {
    if (!Number.isNaN(this.dphi)) return this.dphi;
    const { x, g, p } = this;
    if (this.objective.gradient) this.objective.gradient(x, g);
    else this.objective.valueAndGrad(x, g);
    let d = 0;
    for (let i = 0; i < x.length; i++) d += g[i]! * p[i]!;
    this.dphi = d;
    return d;
  }

  /** Remembers the current point (the best one so far of a search). */
  save(): void {
    this.sx.set(this.x);
    this.sg.set(this.g);
    this.sAlpha = this.alpha;
    this.sf = this.f;
    this.sDphi = this.dphi;
  }

  /** Brings back the point of the last `save`. */
  restore(): void {
    this.x.set(this.sx);
    this.g.set(this.sg);
    this.alpha = this.sAlpha;
    this.f = this.sf;
    this.dphi = this.sDphi;
  }
}
