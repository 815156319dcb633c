/**
 * The one table of stopping messages shared by every method (as SciPy's
 * `_status_message`). A result carries both the key (`status`) and the text.
 */
export const MESSAGES = {
  gtol: 'Optimization terminated successfully: the gradient infinity norm is at most gtol.',
  ftol: 'Stopped: the relative reduction of f was at most ftol.',
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
