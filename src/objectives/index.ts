export {
  type GaussNewtonObjective,
  type GaussNewtonSplit,
  withGaussNewton,
} from './gaussNewton.js';
export {
  type MlpProblem,
  type ProblemSpec,
  problemObjective,
  tensorObjective,
} from './problems.js';
export { beale, bowl, himmelblau, powell, quadratic, rosenbrock, saddle } from './testFunctions.js';
export { type HvpObjective, hasHvp, type Objective } from './types.js';
