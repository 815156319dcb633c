/**
 * A playground race: first-order optimizers through `runTrace` (exactly what
 * `optlab trace` runs) and full-batch solvers through `minimize` with the
 * iterates recorded by its callback, all from the same start.
 */
import { contract, solvers } from 'optlab/core';
import { type ProblemId, problemObjective } from '../problems.js';

export type SolverMethod = 'newton' | 'cg' | 'bfgs' | 'lbfgs' | 'newton-cg';

export interface RaceEntry {
  id: string;
  /** An `optlab trace` optimizer spec, or a solver method. */
  optimizer?: Record<string, unknown> & { name: string };
  solver?: SolverMethod;
}

export interface RaceRequest {
  problem: ProblemId;
  x0: [number, number];
  steps: number;
  /** Global-norm clipping of the first-order gradients (0: none). */
  clip: number;
  entries: RaceEntry[];
}

export interface RacePath {
  id: string;
  x: number[][];
  f: number[];
  error?: string;
  /** A solver's closing message (why it stopped). */
  message?: string;
}

/** Runs every entry; an entry that fails reports its error and the others still run. */
export function race(r: RaceRequest): RacePath[] {
  const objective = problemObjective(r.problem);
  return r.entries.map((e): RacePath => {
    try {
      if (e.optimizer) {
        const t = contract.runTrace(objective, Float64Array.from(r.x0), {
          optimizer: e.optimizer as never,
          steps: r.steps,
          ...(r.clip > 0 ? { clip: { globalNorm: r.clip } } : {}),
        });
        return { id: e.id, x: t.x, f: t.f };
      }
      const x: number[][] = [[...r.x0]];
      const f: number[] = [objective.value(Float64Array.from(r.x0))];
      const res = solvers.minimize(objective, r.x0, {
        method: e.solver!,
        maxIter: r.steps,
        gtol: 1e-10,
        callback: (info) => {
          x.push(Array.from(info.x));
          f.push(info.fun);
        },
      } as solvers.MinimizeOptions);
      return { id: e.id, x, f, message: res.message };
    } catch (err) {
      return { id: e.id, x: [[...r.x0]], f: [Number.NaN], error: (err as Error).message };
    }
  });
}

/** f on an nx × ny grid over the ranges (row-major, y rows from the bottom). */
export function surface(
  problem: ProblemId,
  xr: [number, number],
  yr: [number, number],
  nx: number,
  ny: number,
): Float64Array {
  const objective = problemObjective(problem);
  const out = new Float64Array(nx * ny);
  const p = new Float64Array(2);
  for (let j = 0; j < ny; j++) {
    p[1] = yr[0] + ((yr[1] - yr[0]) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) {
      p[0] = xr[0] + ((xr[1] - xr[0]) * i) / (nx - 1);
      out[j * nx + i] = objective.value(p);
    }
  }
  return out;
}
