/** Small dense linear algebra in float64 shared by the layers above (no imports). */
export { matrixFunction, type SymmetricEigen, symmetricEigen } from './eigen.js';
