export {
  type GaussNewtonObjective,
  type GaussNewtonSplit,
  ggnProduct,
  hasGaussNewton,
  withGaussNewton,
} from './gaussNewton.js';
export {
  type Activation,
  type FlatFunction,
  type MlpLoss,
  type MlpProblem,
  mlpFunction,
  mlpParamCount,
  mlpSplit,
  type ProblemSpec,
  problemDim,
  problemFunction,
  problemObjective,
  problemSplit,
  tensorObjective,
} from './problems.js';
export { beale, bowl, himmelblau, powell, quadratic, rosenbrock, saddle } from './testFunctions.js';
export { type HvpObjective, hasHvp, type Objective } from './types.js';
