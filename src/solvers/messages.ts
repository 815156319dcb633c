/**
 * The one table of stopping messages shared by every method (as SciPy's
 * `_status_message`). A result carries both the key (`status`) and the text.
 *
 * `ftol` is SciPy's L-BFGS-B message, word for word: with `ftol` = factr·epsmch
 * the test is the same, (f_{k−1} − f_k)/max(|f_{k−1}|, |f_k|, 1) ≤ ftol, and
 * optlab's `lbfgs` (with `lineSearch: 'more-thuente'`) stops on the same iterate
 * as SciPy. SciPy calls that stop a success (status 0, like the gradient test);
 * optlab keeps CONTRACT's rule (`success` ⟺ ‖∇f‖∞ ≤ gtol), so such a run has
 * `success: false` with `status: 'ftol'` — a stop on the f-tolerance, not a failure
 * (`lineSearch`, `nonFinite`, …).
 */
export const MESSAGES = {
  gtol: 'Optimization terminated successfully: the gradient infinity norm is at most gtol.',
  ftol: 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH',
  xtol: 'Stopped: the step infinity norm was at most xtol·(1 + ‖x‖∞).',
  maxIter: 'Stopped: the maximum number of iterations (maxIter) was reached.',
  maxFev: 'Stopped: the maximum number of function evaluations (maxFev) was reached.',
  lineSearch: 'Line search failed: no step satisfying its conditions was found.',
  singular: 'Stopped: the Hessian is singular, the Newton step is undefined.',
  notDescent: 'Stopped: the search direction is not a descent direction.',
  nonFinite: 'Stopped: f or its gradient became NaN or infinite.',
  callback: 'Stopped by the callback.',
  badModel:
    'Stopped: the quadratic model predicted no decrease (the trust region collapsed or the Hessian products are inaccurate).',
} as const;

/** Why a run ended; the key of its message in `MESSAGES`. */
export type StopReason = keyof typeof MESSAGES;
