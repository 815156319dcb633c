export { type DType, type TypedArray, type Creator, Tensor, allocate, promote, isTensor } from './tensor.js';
export {
  type Shape,
  sizeOf,
  stridesOf,
  shapesEqual,
  formatShape,
  broadcastShapes,
  broadcastStrides,
  normalizeAxis,
  normalizeAxes,
  checkShape,
} from './shape.js';
export {
  type CreateOptions,
  tensor,
  scalar,
  full,
  zeros,
  ones,
  zerosLike,
  onesLike,
  eye,
  arange,
  linspace,
  randn,
  rand,
  cast,
} from './create.js';
