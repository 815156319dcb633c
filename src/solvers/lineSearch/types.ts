/** What a scalar line search needs from φ: evaluation (f and φ' together) and a one-slot memory. */
export interface Phi {
  /** Evaluates φ(α); afterwards `dphi` holds φ'(α) and `f` holds φ(α). */
  eval(alpha: number): number;
  readonly f: number;
  readonly dphi: number;
  /** Remembers the point just evaluated. */
  save(): void;
  /** Makes the remembered point current again. */
  restore(): void;
}

/** Outcome of a scalar search. On `ok`, the φ object holds the accepted point. */
export interface SearchResult {
  ok: boolean;
  alpha: number;
  f: number;
  /** Evaluations of φ used by this search. */
  evals: number;
}
