export {
  type BlockSpectrum,
  blockSpectra,
  mlpBlocks,
  type ParameterBlock,
  rangeMask,
} from './blocks.js';
export {
  type CurvatureAlongGradient,
  criterionFor,
  curvatureAlongGradient,
  fromProducts,
  gradientNorm,
  type IllConditioning,
  illConditioning,
} from './curvature.js';
export { type DenseMatrix, formMatrix, type SymmetricEigen, symmetricEigen } from './dense.js';
export { type DensityOptions, type SpectralDensity, spectralDensity } from './density.js';
export { type ExtremeEigenOptions, type ExtremeEigenResult, lanczosExtremes } from './extremes.js';
export {
  type BreakdownPolicy,
  type LanczosOptions,
  LanczosProcess,
  type LanczosResult,
  lanczos,
} from './lanczos.js';
export {
  type LineScan,
  type LossFunction,
  linspace,
  lossAlongLine,
  lossOnPlane,
  type PlaneScan,
} from './landscape.js';
export {
  activeDim,
  type CountedOperator,
  countedOperator,
  hessianOperator,
  maskedOperator,
  type SymmetricOperator,
} from './operator.js';
export {
  type PowerExtremes,
  type PowerOptions,
  type PowerResult,
  powerExtremes,
  powerIteration,
} from './power.js';
export {
  type CurvatureMeasure,
  type CurvatureRecorder,
  type CurvatureRecorderOptions,
  type CurvatureRow,
  createCurvatureRecorder,
} from './recorder.js';
export {
  type ConditionEstimate,
  conditionNumber,
  type HessianSpectrum,
  hessianSpectrum,
  type NegativeCurvature,
  type NegativeCurvatureOptions,
  negativeCurvature,
  operatorSpectrum,
  type SpectrumOptions,
} from './spectrum.js';
export {
  exactTrace,
  type HutchinsonOptions,
  hessianTrace,
  hutchinsonTrace,
  type TraceEstimate,
  type TraceOptions,
} from './trace.js';
export { type TridiagonalEigen, tridiagonalEigen } from './tridiagonal.js';
