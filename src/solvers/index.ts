/** Full-batch solvers with SciPy's shape: `minimize` and its methods, line searches, result and messages. */
export { type BfgsOptions, bfgs } from './bfgs.js';
export { type CgBeta, type CgOptions, cg } from './cg.js';
export { type CoordinateDescentOptions, coordinateDescent } from './coordinateDescent.js';
export { type GaussNewtonOptions, gaussNewton } from './gaussNewton.js';
export { type GdOptions, gd } from './gd.js';
export { type HessianFreeOptions, hessianFree } from './hessianFree.js';
export { type LbfgsOptions, lbfgs } from './lbfgs.js';
export { armijo, moreThuente, strongWolfe, type WolfeOptions } from './lineSearch/index.js';
export { METHODS, type Method, type MinimizeOptions, minimize } from './minimize.js';
export { type NewtonOptions, newton } from './newton.js';
export { type NewtonCgOptions, newtonCg } from './newtonCg.js';
export type {
  Callback,
  CommonOptions,
  IterationInfo,
  LineSearchOptions,
  MethodOptions,
} from './options.js';
export type { MinimizeResult } from './result.js';
export { type TrustKrylovOptions, trustKrylov } from './trustKrylov.js';
export { type TrustNcgOptions, trustNcg } from './trustNcg.js';
export type { TrustRegionOptions } from './trustRegion.js';
