export type { Objective } from './types.js';
export { bowl, saddle, rosenbrock, beale, himmelblau, powell, quadratic } from './testFunctions.js';
export {
  type ProblemSpec,
  type MlpProblem,
  type Activation,
  type MlpLoss,
  type FlatFunction,
  problemDim,
  problemFunction,
  problemObjective,
  mlpFunction,
  mlpParamCount,
  tensorObjective,
} from './problems.js';
