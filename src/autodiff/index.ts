export { noGrad, isRecording, withRecording, type OpName, type SavedMap, type Node } from './tape.js';
export { gradients, type GradientsOptions } from './backward.js';
export { grad, valueAndGrad, vjp, hvp, hvpWithGrad } from './grad.js';
export { gradcheck, hvpcheck, type GradcheckOptions, type GradcheckResult } from './gradcheck.js';
export { rules, type Rule } from './rules.js';
export {
  type TensorLike,
  add,
  sub,
  mul,
  div,
  neg,
  maximum,
  minimum,
  exp,
  log,
  sqrt,
  abs,
  tanh,
  sigmoid,
  relu,
  softplus,
  leakyRelu,
  square,
  pow,
  powScalar,
  clamp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  equal,
  notEqual,
  cast,
} from './ops/elementwise.js';
export { sum, mean, max, min } from './ops/reduce.js';
export {
  reshape,
  flatten,
  transpose,
  broadcastTo,
  slice,
  pad,
  gatherRows,
  scatterAddRows,
  pick,
  unpick,
  concat,
  where,
} from './ops/shape.js';
export { sumTo } from './ops/sumTo.js';
export { matmul, dot } from './ops/linalg.js';
export { logSoftmax, softmax, logSumExp, crossEntropy, mse, binaryCrossEntropy } from './ops/nn.js';
