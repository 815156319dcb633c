export { type BlockSpectrum, blockSpectra, mlpBlocks, type ParameterBlock } from './blocks.js';
export {
  type CurvatureAlongGradient,
  curvatureAlongGradient,
  gradientNorm,
  type IllConditioning,
  illConditioning,
} from './curvature.js';
export { type DensityOptions, type SpectralDensity, spectralDensity } from './density.js';
export { type ExtremeEigenOptions, type ExtremeEigenResult, lanczosExtremes } from './extremes.js';
export { type LanczosOptions, type LanczosResult, lanczos } from './lanczos.js';
export {
  type LineScan,
  type LossFunction as FlatLoss,
  linspace,
  lossAlongLine,
  lossOnPlane,
  type PlaneScan,
} from './landscape.js';
export { hessianOperator, type SymmetricOperator } from './operator.js';
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
  type TraceOptions as HessianTraceOptions,
} from './trace.js';
