/** Full-batch solvers with SciPy's shape: `minimize` and its methods, line searches, result and messages. */
export { type BfgsOptions, bfgs, bfgsDetailed, bfgsUpdate } from './bfgs.js';
export { type CgBeta, type CgOptions, cg } from './cg.js';
export { type CoordinateDescentOptions, coordinateDescent } from './coordinateDescent.js';
export { CountedObjective } from './counted.js';
export { type GaussNewtonOptions, gaussNewton } from './gaussNewton.js';
export { type GdOptions, gd } from './gd.js';
export { type HessianFreeOptions, hessianFree } from './hessianFree.js';
export { type LbfgsOptions, lbfgs } from './lbfgs.js';
export {
  armijo,
  cubicMin,
  decreaseStep,
  exactQuadratic,
  isStrongWolfe,
  LineFunction,
  type LineSearchConfig,
  LineSearcher,
  type LineSearchKind,
  type MtInterval,
  moreThuente,
  mtStep,
  type Phi,
  quadMin,
  type SearchResult,
  secantMin,
  strongWolfe,
  WOLFE_DEFAULTS,
  type WolfeOptions,
} from './lineSearch/index.js';
export { MESSAGES, type StopReason } from './messages.js';
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
export { infNorm, type MinimizeResult } from './result.js';
export { type TrustKrylovOptions, trustKrylov } from './trustKrylov.js';
export { type TrustNcgOptions, trustNcg } from './trustNcg.js';
export type { TrustRegionOptions } from './trustRegion.js';
