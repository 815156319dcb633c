export {
  type Activation,
  type FlatFunction,
  type MlpLoss,
  type MlpProblem,
  mlpFunction,
  mlpParamCount,
  type ProblemSpec,
  problemDim,
  problemFunction,
  problemObjective,
  tensorObjective,
} from './problems.js';
export { beale, bowl, himmelblau, powell, quadratic, rosenbrock, saddle } from './testFunctions.js';
export type { Objective } from './types.js';
