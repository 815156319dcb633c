/** Small dense linear algebra in float64 shared by the layers above (no imports). */
export {
  cholesky,
  choleskyInverse,
  choleskyJitter,
  choleskySolve,
  solveLower,
  solveUpperT,
} from './cholesky.js';
export { matrixFunction, type SymmetricEigen, symmetricEigen } from './eigen.js';
export { linearFit, median, sortedAscending, upperMedian } from './stats.js';
export { dot, norm } from './vector.js';
