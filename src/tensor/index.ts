/**
 * tensor/: `Tensor` and its creation helpers (public names only; shape and
 * broadcast rules, allocation and scratch buffers are internals that the
 * layers above import from `./shape.js` and `./tensor.js`).
 */
export {
  arange,
  type CreateOptions,
  cast,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  rand,
  randn,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from './create.js';
export type { Shape } from './shape.js';
export { type DType, isTensor, Tensor, type TypedArray } from './tensor.js';
