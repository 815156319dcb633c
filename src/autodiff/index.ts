export { type GradientsOptions, gradients } from './backward.js';
export { grad, hvp, hvpWithGrad, valueAndGrad, vjp } from './grad.js';
export { type GradcheckOptions, type GradcheckResult, gradcheck, hvpcheck } from './gradcheck.js';
export {
  abs,
  add,
  cast,
  clamp,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  leakyRelu,
  less,
  lessEqual,
  log,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  powScalar,
  relu,
  sigmoid,
  softplus,
  sqrt,
  square,
  sub,
  type TensorLike,
  tanh,
} from './ops/elementwise.js';
export { biasActivation, FUSED_ACTIVATIONS, softmaxCrossEntropyLoss } from './ops/fused.js';
export { dot, matmul } from './ops/linalg.js';
export { binaryCrossEntropy, crossEntropy, logSoftmax, logSumExp, mse, softmax } from './ops/nn.js';
export { max, mean, min, sum } from './ops/reduce.js';
export {
  broadcastTo,
  concat,
  flatten,
  gatherRows,
  pad,
  pick,
  reshape,
  scatterAddRows,
  slice,
  transpose,
  unpick,
  where,
} from './ops/shape.js';
export { noGrad } from './tape.js';
